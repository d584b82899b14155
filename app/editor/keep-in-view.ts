'use client';
// The docked config panel takes its width from the canvas: the step it configures could end up past the
// canvas's new right edge. This pans the graph (zoom unchanged) just enough to keep that step in view.
import { useReactFlow } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';

const MARGIN = 24;

/** `when` changes each time the canvas may have changed size for the step (it opened, the panel collapsed). */
export function useKeepInView(id: string | undefined, when: string, canvas: RefObject<HTMLElement | null>): void {
  const flow = useReactFlow();
  useEffect(() => {
    if (id === undefined) return;
    // After the grid has given the canvas its new width.
    const frame = requestAnimationFrame(() => {
      const el = canvas.current;
      const node = flow.getInternalNode(id);
      if (!el || !node) return;
      const { x, y, zoom } = flow.getViewport();
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
      if (dx !== 0 || dy !== 0) void flow.setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 150 });
    });
    return () => cancelAnimationFrame(frame);
  }, [id, when, flow, canvas]);
}
