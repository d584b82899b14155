// Step log lines: appended in batches by the activity logger, read back by id (the cursor) for `run.logs`.
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { redact } from '../../secrets/redact';
import type { Db } from '../client';
import { stepLogs } from '../schema';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type StepLogRow = typeof stepLogs.$inferSelect;

export interface StepLogLine {
  runId: string;
  stepId: string;
  attempt: number;
  at: Date;
  level: LogLevel;
  message: string;
}

export async function appendStepLogs(db: Db, lines: StepLogLine[]): Promise<void> {
  if (lines.length === 0) return;
  // A secret value this process read (a header, a password) never reaches a log line: it becomes ***.
  await db.insert(stepLogs).values(lines.map((l) => ({ ...l, message: redact(l.message) })));
}

/** Lines of a run (optionally one step) with id > `after`, oldest first. */
export async function readStepLogs(db: Db, q: { runId: string; stepId?: string; after?: number; limit: number }): Promise<StepLogRow[]> {
  const where: SQL[] = [eq(stepLogs.runId, q.runId)];
  if (q.stepId) where.push(eq(stepLogs.stepId, q.stepId));
  if (q.after !== undefined) where.push(gt(stepLogs.id, q.after));
  return db.select().from(stepLogs).where(and(...where)).orderBy(asc(stepLogs.id)).limit(q.limit);
}
