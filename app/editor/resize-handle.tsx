'use client';
// A vertical separator on the left edge of a pane that is dragged to resize it: dragging left widens the pane,
// the arrow keys step it by 20 px. The width follows the pointer while dragging and is kept on release.
import { useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { clamp } from './prefs';

export interface ResizeHandleProps {
  className: string;
  label: string;
  width: number;
  min: number;
  max: number;
  /** While dragging. */
  onResize: (w: number) => void;
  /** On release and per arrow key: the width to keep. */
  onResized: (w: number) => void;
}

export function ResizeHandle({ className, label, width, min, max, onResize, onResized }: ResizeHandleProps) {
  const drag = useRef<{ x: number; w: number; last: number } | null>(null);
  const down = (e: ReactPointerEvent<HTMLDivElement>) => {
    drag.current = { x: e.clientX, w: width, last: width };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const move = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    drag.current.last = clamp(drag.current.w - (e.clientX - drag.current.x), min, max);
    onResize(drag.current.last);
  };
  const up = () => {
    if (drag.current) onResized(drag.current.last);
    drag.current = null;
  };
  return (
    <div
      className={className}
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') onResized(clamp(width + 20, min, max));
        if (e.key === 'ArrowRight') onResized(clamp(width - 20, min, max));
      }}
    />
  );
}
