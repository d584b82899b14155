'use client';
// The docked config panel takes its width from the canvas: the step it configures could end up past the
// canvas's new right edge. This pans the graph (zoom unchanged) just enough to keep that step in view, and when
// the panel goes away again (closed or collapsed) pans back what the panel made it pan to the left, so the graph
// does not drift off the left edge. A pan that brought a step in from the left or top edge is kept: the panel
// did not cause it, and undoing it would hide that step's edge again.
import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef, type RefObject } from 'react';

const MARGIN = 24;
const DURATION = 150;

/** `open`: the panel takes its full width beside the canvas (a step is configured and it is not collapsed). */
export function useKeepInView(id: string | undefined, open: boolean, canvas: RefObject<HTMLElement | null>): void {
  const flow = useReactFlow();
  // How far left this hook has panned the graph while the panel was open (≤ 0), in flow units (a zoom in
  // between does not skew it); a pan to the right for another step takes from it.
  const panned = useRef(0);
  // The viewport this hook last asked for, while its animation runs: read mid-way, the viewport is not where
  // it is going, and a pan computed from there would be off by what is left of the animation.
  const going = useRef<{ x: number; y: number; zoom: number; until: number } | undefined>(undefined);
  const showing = id !== undefined && open;
  useEffect(() => {
    const pan = (to: { x: number; y: number; zoom: number }, duration: number) => {
      going.current = { ...to, until: performance.now() + duration + 50 };
      void flow.setViewport(to, { duration });
    };
    // After the grid has given the canvas its new width.
    const frame = requestAnimationFrame(() => {
      const g = going.current;
      const { x, y, zoom } = g && performance.now() < g.until ? g : flow.getViewport();
      if (!showing) {
        const back = panned.current;
        panned.current = 0;
        // At once, in step with the canvas widening: the graph is back where it was before the panel opened.
        if (back !== 0) pan({ x: x - back * zoom, y, zoom }, 0);
        return;
      }
      const el = canvas.current;
      const node = id === undefined ? undefined : flow.getInternalNode(id);
      if (!el || !node) return;
      const left = node.internals.positionAbsolute.x * zoom + x;
      const top = node.internals.positionAbsolute.y * zoom + y;
      const w = (node.measured.width ?? 0) * zoom;
      const h = (node.measured.height ?? 0) * zoom;
      const shift = (start: number, size: number, room: number) => {
        if (start + size > room - MARGIN) return Math.max(room - MARGIN - (start + size), MARGIN - start);
        return start < MARGIN ? MARGIN - start : 0;
      };
      const dx = shift(left, w, el.clientWidth);
      const dy = shift(top, h, el.clientHeight);
      if (dx === 0 && dy === 0) return;
      panned.current = Math.min(0, panned.current + dx / zoom);
      pan({ x: x + dx, y: y + dy, zoom }, DURATION);
    });
    return () => cancelAnimationFrame(frame);
  }, [id, showing, flow, canvas]);
}
