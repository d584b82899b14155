// A step's logger: lines are buffered and written to step_logs in batches (one insert per flush), so a
// chatty step costs a few round trips, not one per line. `close()` flushes what is left; the wrapper
// calls it before the activity returns, so a finished run has all of its lines.
import { appendStepLogs, type LogLevel, type StepLogLine } from '../../server/db/repo/step-logs';
import type { Db } from '../../server/db/client';

export interface StepLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const FLUSH_MS = 250;
const FLUSH_LINES = 100;
const MAX_MESSAGE = 4000;

export class StepLogger implements StepLog {
  private buffer: StepLogLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly key: { runId: string; stepId: string; attempt: number },
  ) {}

  info(message: string): void {
    this.add('info', message);
  }

  warn(message: string): void {
    this.add('warn', message);
  }

  error(message: string): void {
    this.add('error', message);
  }

  private add(level: LogLevel, message: string): void {
    const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}… (${message.length - MAX_MESSAGE} more characters)` : message;
    this.buffer.push({ ...this.key, at: new Date(), level, message: text });
    if (this.buffer.length >= FLUSH_LINES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes the buffered lines; writes are chained so lines keep their order. A failed write loses its lines, never the step. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.buffer;
    this.buffer = [];
    if (lines.length > 0) {
      this.writing = this.writing
        .then(() => appendStepLogs(this.db, lines))
        .catch((err: unknown) => {
          // Dropped on purpose: log lines are for people; losing a batch (the database briefly away) must not
          // fail the step whose work they describe. Said on the worker's stderr instead.
          console.error(`step ${this.key.stepId} of run ${this.key.runId}: ${lines.length} log lines lost: ${err instanceof Error ? err.message : String(err)}`);
        });
    }
    return this.writing;
  }

  close(): Promise<void> {
    return this.flush();
  }

  /**
   * The lines not written yet, taken out of the buffer once earlier writes are done (order kept), for the caller to
   * write in its own statement: the step's final step_runs upsert carries them (one round trip for a step's end).
   */
  async drain(): Promise<StepLogLine[]> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    const lines = this.buffer;
    this.buffer = [];
    return lines;
  }
}
