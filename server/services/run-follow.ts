// Following a run from outside: its log lines by cursor (`run.logs`) and its state changes as a stream
// of events (`run.events`), both read from Postgres so any API process can answer.
import { setTimeout as sleep } from 'node:timers/promises';
import { FINISHED_RUN_STATUSES, getRunProgress } from '../db/repo/runs';
import { readStepLogs, type LogLevel } from '../db/repo/step-logs';
import type { RunEvent } from '../api/schemas/run';
import type { Services } from './context';
import { ServiceError } from './errors';

export async function runLogs(svc: Services, q: { id: string; step?: string; after?: number; limit: number }) {
  // Status first: a line written after this read still comes on the next poll, so a client that stops
  // at a finished status has every line (steps flush their logs before the run can finish).
  const progress = await getRunProgress(svc.db, q.id);
  if (!progress) throw new ServiceError('NOT_FOUND', `no run "${q.id}"`);
  const rows = await readStepLogs(svc.db, { runId: q.id, stepId: q.step, after: q.after, limit: q.limit });
  const lines = rows.map((r) => ({ id: r.id, stepId: r.stepId, attempt: r.attempt, at: r.at, level: r.level as LogLevel, message: r.message }));
  return { lines, nextCursor: lines.length > 0 ? lines[lines.length - 1].id : (q.after ?? null), runStatus: progress.status };
}

/**
 * The run's state as events: first where it stands (each step row, then the run), then every change,
 * polled every `intervalMs`; ends after the event of a finished run.
 */
export async function* runEvents(svc: Services, id: string, opts: { signal?: AbortSignal; intervalMs?: number } = {}): AsyncGenerator<RunEvent> {
  const seen = new Map<string, string>();
  let runStatus: string | undefined;
  for (;;) {
    const p = await getRunProgress(svc.db, id);
    if (!p) throw new ServiceError('NOT_FOUND', `no run "${id}"`);
    for (const s of p.steps) {
      const key = `${s.stepId}#${s.attempt}`;
      if (seen.get(key) === s.status) continue;
      seen.set(key, s.status);
      yield { type: 'step', stepId: s.stepId, status: s.status, attempt: s.attempt };
    }
    if (p.status !== runStatus) {
      runStatus = p.status;
      yield { type: 'run', status: p.status };
    }
    if (FINISHED_RUN_STATUSES.includes(p.status) || opts.signal?.aborted) return;
    // The only rejection is the abort of `signal`, which means the follower left: checked just below.
    await sleep(opts.intervalMs ?? 300, undefined, { signal: opts.signal }).catch(() => undefined);
    if (opts.signal?.aborted) return;
  }
}
