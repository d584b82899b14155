// Automatic layout with elkjs (layered, left to right) and the node sizes the editor's canvas renders. It runs
// on the server (each saved version's stored layout) and in the browser (new steps, the Layout button), which
// reaches it through app/editor/layout.ts. Nothing else here: no Node built-ins, no server state (see
// docs/decisions.md, "Graph layout lives in server/layout.ts").
import type ELKType from 'elkjs/lib/elk.bundled.js';
import type { PipelineGraph as Graph, Positions } from '../dsl/projection/types';

export type { Positions, XY } from '../dsl/projection/types';

export const NODE_WIDTH = 220;
const HEADER = 50;
const ROW = 22;
const PAD = 10;

/** The height a step's node renders at: its header plus one row per port on the longer side. */
export function nodeHeight(inputs: number, outputs: number): number {
  return HEADER + Math.max(inputs, outputs, 1) * ROW + PAD;
}

/** elk is a large script: loaded on the first layout, not with the page (an opened pipeline comes laid out). */
let elk: Promise<InstanceType<typeof ELKType>> | undefined;
const loadElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

/** Positions for every node of the graph (top-left corners, flow units). */
export async function layoutGraph(graph: Graph, viewAspect = 1.4): Promise<Positions> {
  const flat = await run(graph, false, viewAspect);
  // A long chain laid out in one row would be unreadable once fitted: wrap it into rows instead.
  if (flat.width > 0 && flat.height > 0 && flat.width / flat.height > viewAspect * 3) return (await run(graph, true, viewAspect)).positions;
  return flat.positions;
}

async function run(graph: Graph, wrap: boolean, viewAspect: number): Promise<{ positions: Positions; width: number; height: number }> {
  const engine = await loadElk();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const result: { width?: number; height?: number; children?: { id: string; x?: number; y?: number }[] } = await engine.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '30',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.layered.spacing.edgeNodeBetweenLayers': '20',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '50',
      ...(wrap && { 'elk.layered.wrapping.strategy': 'SINGLE_EDGE', 'elk.aspectRatio': String(viewAspect) }),
    },
    children: graph.nodes.map((n) => ({
      id: n.id,
      width: NODE_WIDTH,
      height: nodeHeight(n.inputs.length, n.outputs.length),
    })),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const out: Positions = {};
  for (const c of result.children ?? []) out[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return { positions: out, width: result.width ?? 0, height: result.height ?? 0 };
}
