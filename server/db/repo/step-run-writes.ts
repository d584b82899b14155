// Group commit for step results: a worker's activities write their attempts' rows through one queue per database.
// A write that finds nothing in flight goes out at once, alone (no added latency when the worker is quiet); writes
// that arrive while a statement is in flight wait for it and then go out together as one multi-row statement. Under
// load (many short steps at once) the database runs one statement for several steps instead of one each: the
// statement's fixed cost (parse, plan, commit) is what dominated a no-op step's database time
// (docs/decisions.md, "Step results in one statement per batch").
import type { Db } from '../client';
import { setRunStatus, upsertFirstStepRuns, upsertStepRun, type StepRunUpdate } from './runs';

/** The most rows one statement carries (a bound on its size; the queue is drained in turns of this many). */
export const STEP_RUN_BATCH_MAX = 64;

interface Pending {
  u: StepRunUpdate;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const keyOf = (u: StepRunUpdate) => `${u.runId}\u0000${u.stepId}\u0000${u.attempt}`;

export class StepRunWrites {
  private readonly queue: Pending[] = [];
  private busy = false;
  /** Statements run and rows they carried (the bench and the tests read these). */
  readonly stats = { statements: 0, rows: 0 };

  constructor(private readonly db: Db) {}

  /** Resolves once the row (and its log lines) is committed; rejects with the statement's error. */
  write(u: StepRunUpdate): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ u, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length > 0) await this.flush(this.take());
    } finally {
      this.busy = false;
    }
  }

  /**
   * The next statement's rows, in queue order: a retry (attempt 2 on) goes alone (its statement also closes the
   * attempts it supersedes); first attempts and cache hits (attempt 0) go together as long as no key repeats (an
   * upsert touches a row once per statement, and a key's second write must land after its first).
   */
  private take(): Pending[] {
    const first = this.queue.shift()!;
    const batch = [first];
    if (first.u.attempt > 1) return batch;
    const keys = new Set([keyOf(first.u)]);
    while (batch.length < STEP_RUN_BATCH_MAX && this.queue.length > 0) {
      const next = this.queue[0]!;
      if (next.u.attempt > 1 || keys.has(keyOf(next.u))) break;
      keys.add(keyOf(next.u));
      batch.push(this.queue.shift()!);
    }
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await this.statement(batch);
        for (const p of batch) p.resolve();
        return;
      } catch (err) {
        // One bad row (a run deleted meanwhile, a value the column refuses) must fail its own step only: each row is
        // written again alone, and each caller gets its own answer. Any other failure (the database unreachable, a
        // connection lost) would fail each row again, one after another: every caller gets it at once instead.
        if (!refusedRow(err)) {
          for (const p of batch) p.reject(err);
          return;
        }
      }
    }
    for (const p of batch) {
      try {
        await this.statement([p]);
        p.resolve();
      } catch (err) {
        p.reject(err);
      }
    }
  }

  /** First attempts and cache hits through the prepared multi-row statement; a retry through its own. */
  private async statement(batch: Pending[]): Promise<void> {
    this.stats.statements += 1;
    this.stats.rows += batch.length;
    const first = batch[0]!.u;
    if (first.attempt <= 1) return upsertFirstStepRuns(this.db, batch.map((p) => p.u));
    await upsertStepRun(this.db, first);
    // A first step retried (its first attempt died before writing): its run may still be `queued`.
    if (first.claimsRun) await setRunStatus(this.db, first.runId, 'running');
  }
}

/**
 * Whether the database refused the statement for a value in it: SQLSTATE class 22 (data exception) or 23 (integrity
 * constraint violation), as postgres.js and PGlite report it, directly or as the cause of a wrapping error.
 */
export function refusedRow(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

const writers = new WeakMap<Db, StepRunWrites>();

/** The group-commit queue of a database handle (one per handle, made on first use). */
export function stepRunWrites(db: Db): StepRunWrites {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = new StepRunWrites(db)));
  return w;
}

/** upsertStepRun through the database handle's group-commit queue. */
export function writeStepRun(db: Db, u: StepRunUpdate): Promise<void> {
  return stepRunWrites(db).write(u);
}
