// The editor's layout choices (panel widths, collapsed panel, wrapped YAML), kept in localStorage so a reload or
// the next pipeline opens the way the person left it. The editor renders in the browser only, so reading
// localStorage while rendering is safe.
import { useCallback, useState } from 'react';

const PREFIX = 'headrace:editor:';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, value);
  } catch {
    /* storage full or disabled: the choice lasts for this page only */
  }
}

export const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/**
 * A width in pixels between `min` and `max`. `set` changes it while dragging; `keep` also stores it (on release,
 * so a drag writes once).
 */
export function useStoredWidth(key: string, initial: number, min: number, max: number) {
  const [width, setWidth] = useState(() => {
    const stored = Number(read(key));
    return Number.isFinite(stored) && stored > 0 ? clamp(stored, min, max) : initial;
  });
  const set = useCallback((w: number) => setWidth(clamp(Math.round(w), min, max)), [min, max]);
  const keep = useCallback(
    (w: number) => {
      const c = clamp(Math.round(w), min, max);
      setWidth(c);
      write(key, String(c));
    },
    [key, min, max],
  );
  return { width, set, keep };
}

/** An on/off choice, stored at once. */
export function useStoredFlag(key: string, initial: boolean): [boolean, (v: boolean) => void] {
  const [on, setOn] = useState(() => {
    const stored = read(key);
    return stored === null ? initial : stored === 'true';
  });
  const set = useCallback(
    (v: boolean) => {
      setOn(v);
      write(key, String(v));
    },
    [key],
  );
  return [on, set];
}
