// A step added from the palette (Enter, double-click) while one step is selected lands wired to it, to its
// right, when an output of the selected step fits an input of the new kind; otherwise it is added unwired and
// placed by the layout, as a drop without a position is.
import { getStepKind } from '../../dsl/catalog';
import { nodeHeight, NODE_WIDTH } from './layout';
import { wireFrom, type Graph } from './projection';
import type { Edit, Positions, XY } from './store';

/** The gap between the selected step and the new one (elk's gap between layers). */
const GAP_X = 70;
const GAP_Y = 30;

export function addNextTo(kind: string, graph: Graph | undefined, selected: readonly string[], positions: Positions): Edit {
  const from = selected.length === 1 ? graph?.nodes.find((n) => n.id === selected[0]) : undefined;
  const at = from && positions[from.id];
  const wire = from && wireFrom(from, kind);
  if (!graph || !from || !at || !wire) return { type: 'add', kind };
  return { type: 'add', kind, in: { [wire.targetPort]: wire.ref }, position: freeSpot(graph, positions, kind, { x: at.x + NODE_WIDTH + GAP_X, y: at.y }) };
}

/** `want`, or the first place below it where a new node overlaps none already placed. */
function freeSpot(graph: Graph, positions: Positions, kind: string, want: XY): XY {
  const boxes = graph.nodes.flatMap((n) => {
    const p = positions[n.id];
    return p ? [{ ...p, h: nodeHeight(n.inputs.length, n.outputs.length) }] : [];
  });
  const def = getStepKind(kind);
  const height = nodeHeight(Object.keys(def?.inputs ?? {}).length, Object.keys(def?.outputs ?? {}).length);
  let y = want.y;
  for (let tries = 0; tries < 100; tries++) {
    const hit = boxes.find((b) => b.x < want.x + NODE_WIDTH + GAP_Y && want.x < b.x + NODE_WIDTH + GAP_Y && b.y < y + height && y < b.y + b.h + GAP_Y);
    if (!hit) break;
    y = hit.y + hit.h + GAP_Y;
  }
  return { x: want.x, y };
}
