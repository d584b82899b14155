// When an attempt's `running` row is written. A step that ends within RUNNING_MARK_MS never writes it: its final
// upsert is its only statement (the row appears already finished), which is most of what a short step costs. A
// longer step writes it once that time has passed, or sooner when it reports progress or stores a checkpoint
// (`now()`), since those update its row. An attempt killed before its mark leaves no row to close: the next
// attempt's upserts close only rows still `running`.
export const RUNNING_MARK_MS = 50;

export interface RunningMark {
  /** Writes the row now, unless written or being written; resolves once it is. */
  now(): Promise<void>;
  /** Cancels a mark not started yet; waits for one in flight, so the final upsert lands after it. */
  settle(): Promise<void>;
}

export function runningMark(write: () => Promise<void>, afterMs = RUNNING_MARK_MS): RunningMark {
  let written: Promise<void> | undefined;
  let settled = false;
  const start = () => {
    clearTimeout(timer);
    // A failed mark is not the step's failure: its final upsert writes the row anyway.
    written ??= write().catch(() => undefined);
    return written;
  };
  const timer = setTimeout(() => void start(), afterMs);
  timer.unref();
  return {
    now: () => (settled ? Promise.resolve() : start()),
    settle() {
      settled = true;
      clearTimeout(timer);
      return written ?? Promise.resolve();
    },
  };
}
