// Automatic layout with elkjs (layered, left to right) and the node sizes the editor's canvas renders. It runs
// on the server (each saved version's stored layout) and in the browser (new steps, the Layout button), which
// reaches it through app/editor/layout.ts. Nothing else here: no Node built-ins, no server state (see
// docs/decisions.md, "Graph layout lives in server/layout.ts").
import type ELKType from 'elkjs/lib/elk.bundled.js';
import type { PipelineGraph as Graph, GraphNode, Positions } from '../dsl/projection/types';

export type { Positions, XY } from '../dsl/projection/types';

export const NODE_WIDTH = 220;
/** The header (id and kind) of a node, its border included (editor.css `.step-node-head`). */
const HEADER = 50;
/** The gap between the header and the first port row (editor.css `.step-node-ports`). */
const PORTS_TOP = 5;
const ROW = 22;
const PAD = 10;

/** The height a step's node renders at: its header plus one row per port on the longer side. */
export function nodeHeight(inputs: number, outputs: number): number {
  return HEADER + Math.max(inputs, outputs, 1) * ROW + PAD;
}

/** Where a port's handle sits on its side of the node (flow units from the node's top). */
export function portY(index: number): number {
  return HEADER + PORTS_TOP + index * ROW + ROW / 2;
}

/** Where the ordering (`needs:`) handles sit: the middle of the header, on the left and right sides. */
export const NEEDS_Y = HEADER / 2;

/** elk is a large script: loaded on the first layout, not with the page (an opened pipeline comes laid out). */
let elk: Promise<InstanceType<typeof ELKType>> | undefined;
const loadElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

const NEEDS_IN = '@needs-in';
const NEEDS_OUT = '@needs-out';

/** The node's handles as elk ports at the places the canvas draws them, so edges are straightened port to port. */
function portsOf(n: GraphNode) {
  const port = (id: string, side: 'WEST' | 'EAST', y: number) => ({
    id: `${n.id}\u0000${id}`,
    x: side === 'WEST' ? 0 : NODE_WIDTH,
    y,
    width: 0,
    height: 0,
    layoutOptions: { 'elk.port.side': side },
  });
  return [
    port(NEEDS_IN, 'WEST', NEEDS_Y),
    ...n.inputs.map((p, i) => port(`in:${p.name}`, 'WEST', portY(i))),
    port(NEEDS_OUT, 'EAST', NEEDS_Y),
    ...n.outputs.map((p, i) => port(`out:${p.name}`, 'EAST', portY(i))),
  ];
}

/**
 * Positions for every node of the graph (top-left corners, flow units): layers left to right, one per step of
 * the longest path to it, so every edge runs from left to right. Long chains stay one row (no wrapping): the
 * canvas opens at a readable zoom and scrolls instead (app/editor/open-view.ts).
 */
export async function layoutGraph(graph: Graph): Promise<Positions> {
  const engine = await loadElk();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const end = (node: string, side: 'in' | 'out', port: string, kind: string) => {
    const n = byId.get(node)!;
    if (kind === 'needs') return `${node}\u0000${side === 'in' ? NEEDS_IN : NEEDS_OUT}`;
    // A reference to a port the step does not have (a typo, an unknown kind) is tied to the node itself.
    const has = (side === 'in' ? n.inputs : n.outputs).some((p) => p.name === port);
    return has ? `${node}\u0000${side}:${port}` : node;
  };
  const result: { children?: { id: string; x?: number; y?: number }[] } = await engine.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '30',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.layered.spacing.edgeNodeBetweenLayers': '20',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      // Steps in the order the YAML lists them, top to bottom, where crossings allow.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': '50',
    },
    children: graph.nodes.map((n) => ({
      id: n.id,
      width: NODE_WIDTH,
      height: nodeHeight(n.inputs.length, n.outputs.length),
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: portsOf(n),
    })),
    edges: graph.edges
      .filter((e) => byId.has(e.source) && byId.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [end(e.source, 'out', e.sourcePort, e.kind)], targets: [end(e.target, 'in', e.targetPort, e.kind)] })),
  });
  const out: Positions = {};
  for (const c of result.children ?? []) out[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return out;
}
