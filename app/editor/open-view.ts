// Where a graph opens (the editor's canvas and a run's graph): fitted when the whole of it fits at a zoom that
// keeps node text readable, otherwise at the readable zoom on the start of the pipeline, its sources at the
// top left, with the minimap and scrolling for the rest (docs/decisions.md, "The graph opens readable").
import type { Viewport } from '@xyflow/react';

/** The smallest text a node renders, in flow units (editor.css: `.step-node` and everything in it). */
export const NODE_TEXT_MIN_PX = 12;
/** The smallest on-screen size node text may have when a graph opens. */
export const READABLE_TEXT_PX = 12;
/** The smallest zoom at which a graph opens. */
export const READABLE_ZOOM = READABLE_TEXT_PX / NODE_TEXT_MIN_PX;
/** No opening zoom blows nodes up beyond their size. */
export const OPEN_MAX_ZOOM = 1;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The nodes' bounding box in flow units. */
export function boundsOf(boxes: readonly Rect[]): Rect {
  if (boxes.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The zoom that shows the whole box inside `view` less its padding (at most OPEN_MAX_ZOOM). */
export function fitZoom(bounds: Rect, view: { width: number; height: number }, pad: Padding): number {
  const w = Math.max(1, view.width - pad.left - pad.right);
  const h = Math.max(1, view.height - pad.top - pad.bottom);
  return Math.min(OPEN_MAX_ZOOM, w / Math.max(1, bounds.width), h / Math.max(1, bounds.height));
}

/**
 * The viewport a graph opens at. `start` is the first source node (the leftmost, then topmost node without
 * incoming edges): when the graph does not fit readably, the view keeps the graph's left edge at the left and
 * that node in sight, as near the vertical middle as the graph's extent allows.
 */
export function openingViewport(boxes: readonly Rect[], start: Rect | undefined, view: { width: number; height: number }, pad: Padding): Viewport & { fits: boolean } {
  const bounds = boundsOf(boxes);
  const fit = fitZoom(bounds, view, pad);
  const w = view.width - pad.left - pad.right;
  const h = view.height - pad.top - pad.bottom;
  if (fit >= READABLE_ZOOM) {
    // Centred across, from the top down: a short graph sits under the toolbar, not in the middle of a tall canvas.
    return { zoom: fit, x: pad.left + (w - bounds.width * fit) / 2 - bounds.x * fit, y: pad.top - bounds.y * fit, fits: true };
  }
  const zoom = READABLE_ZOOM;
  let top = bounds.y;
  if (bounds.height * zoom > h && start) {
    const wanted = start.y + start.height / 2 - h / zoom / 2;
    top = Math.max(bounds.y, Math.min(wanted, bounds.y + bounds.height - h / zoom));
  }
  return { zoom, x: pad.left - bounds.x * zoom, y: pad.top - top * zoom, fits: false };
}

/** The first source of a graph: the leftmost, then topmost node that no edge enters. */
export function startNode<T extends Rect & { id: string }>(boxes: readonly T[], edges: readonly { target: string }[]): T | undefined {
  const entered = new Set(edges.map((e) => e.target));
  const sources = boxes.filter((b) => !entered.has(b.id));
  return [...(sources.length ? sources : boxes)].sort((a, b) => a.x - b.x || a.y - b.y)[0];
}
