// Where a graph opens (app/editor/open-view.ts): fitted when the whole of it fits with node text readable,
// otherwise at the readable zoom with its left edge at the left and its first step in sight.
import { describe, expect, it } from 'vitest';
import { openingViewport, READABLE_ZOOM, startNode, NODE_TEXT_MIN_PX, READABLE_TEXT_PX } from '../../app/editor/open-view';

const pad = { top: 20, right: 20, bottom: 20, left: 20 };
const view = { width: 1000, height: 600 };
const node = (id: string, x: number, y: number) => ({ id, x, y, width: 220, height: 82 });
/** A node's box on screen under a viewport. */
const onScreen = (b: { x: number; y: number; width: number; height: number }, v: { x: number; y: number; zoom: number }) => ({
  left: b.x * v.zoom + v.x,
  top: b.y * v.zoom + v.y,
  right: (b.x + b.width) * v.zoom + v.x,
  bottom: (b.y + b.height) * v.zoom + v.y,
});
const inside = (s: ReturnType<typeof onScreen>) => s.left >= 0 && s.top >= 0 && s.right <= view.width && s.bottom <= view.height;

describe('openingViewport', () => {
  it('keeps the smallest node text at 12 px or more', () => {
    expect(NODE_TEXT_MIN_PX * READABLE_ZOOM).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
    expect(READABLE_TEXT_PX).toBe(12);
  });

  it('fits a graph that fits readably, never above zoom 1', () => {
    const nodes = [node('a', 0, 0), node('b', 290, 0), node('c', 580, 40)];
    const v = openingViewport(nodes, startNode(nodes, [{ target: 'b' }, { target: 'c' }]), view, pad);
    expect(v.fits).toBe(true);
    expect(v.zoom).toBe(1);
    expect(nodes.every((n) => inside(onScreen(n, v)))).toBe(true);
  });

  it('opens a long chain at the readable zoom on its start, not fitted', () => {
    const nodes = Array.from({ length: 60 }, (_, i) => node(`s${i}`, 12 + i * 290, 12));
    const edges = nodes.slice(1).map((n) => ({ target: n.id }));
    const v = openingViewport(nodes, startNode(nodes, edges), view, pad);
    expect(v.fits).toBe(false);
    expect(v.zoom).toBe(READABLE_ZOOM);
    // The first step at the top left, inside the padding.
    const first = onScreen(nodes[0], v);
    expect(first.left).toBe(pad.left);
    expect(first.top).toBe(pad.top);
    expect(inside(onScreen(nodes[59], v))).toBe(false);
  });

  it('keeps the first step in sight in a graph taller than the view', () => {
    // A source in the middle of a tall column of branches.
    const nodes = [node('src', 0, 1500), ...Array.from({ length: 30 }, (_, i) => node(`b${i}`, 290, i * 110))];
    const edges = nodes.slice(1).map((n) => ({ target: n.id }));
    const start = startNode(nodes, edges);
    expect(start?.id).toBe('src');
    const v = openingViewport(nodes, start, view, pad);
    expect(v.fits).toBe(false);
    expect(inside(onScreen(nodes[0], v))).toBe(true);
  });
});
