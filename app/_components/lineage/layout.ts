// The lineage graph's layout: elk's layered algorithm left to right (sources on the left, endpoints on the right),
// as the editor lays out pipelines (server/layout.ts), for nodes of one size without ports.
import type ELKType from 'elkjs/lib/elk.bundled.js';

export const LINEAGE_NODE = { width: 236, height: 60 };

/** elk is a large script: loaded on the first layout, not with the page. */
let elk: Promise<InstanceType<typeof ELKType>> | undefined;
const loadElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

export type LineagePositions = Record<string, { x: number; y: number }>;

/** Top-left corners of the nodes (flow units), in layers along the edges. */
export async function layoutLineage(nodes: ReadonlyArray<{ id: string }>, edges: ReadonlyArray<{ from: string; to: string }>): Promise<LineagePositions> {
  const engine = await loadElk();
  const result: { children?: Array<{ id: string; x?: number; y?: number }> } = await engine.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: nodes.map((n) => ({ id: n.id, ...LINEAGE_NODE })),
    edges: edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  return Object.fromEntries((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}
