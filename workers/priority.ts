// A worker's CPU priority. Where workers share a machine with the API and the predict server (`headrace start`, or
// one VM for everything), a training step that keeps every core busy delays each page and each prediction by as
// much; a worker started with a niceness (`headrace worker --nice 10`, HEADRACE_WORKER_NICE) gives way to them and
// still takes every idle cycle. Measured in docs/benchmarks.md ("Workers that give way").
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The niceness range a worker may ask for: 0 (as started) to 19 (the lowest); raising priority needs privileges. */
export const MAX_NICE = 19;

/**
 * Sets this process's niceness to `nice`, for every thread it has now and, through the main thread they are created
 * from, every thread it starts later (Linux keeps a niceness per thread, inherited at creation). Call it before the
 * Temporal runtime and onnxruntime start their threads. Returns how many threads it set.
 */
export function lowerPriority(nice: number): number {
  if (!Number.isInteger(nice) || nice < 0 || nice > MAX_NICE) throw new RangeError(`a worker's niceness is an integer from 0 to ${MAX_NICE}, not ${nice}`);
  if (getPriority() > nice) throw new RangeError(`this process already runs at niceness ${getPriority()}: ${nice} would raise its priority, which needs privileges`);
  const threads = threadIds();
  if (threads.length === 0) {
    setPriority(nice); // not Linux: the process (where the system keeps one niceness per process)
    return 1;
  }
  for (const tid of threads) {
    try {
      setPriority(tid, nice);
    } catch (err) {
      // A thread that ended since the listing: nothing to set.
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  return threads.length;
}

/** The ids of this process's threads (Linux: /proc/self/task); none elsewhere. */
function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number).filter((t) => Number.isInteger(t) && t > 0);
  } catch {
    return [];
  }
}
