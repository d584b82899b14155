// The audit log: one row per mutation — who, what, when, on what, and how it ended.
import { and, eq, sql } from 'drizzle-orm';
import { redactDeep } from '../../secrets/redact';
import type { Db } from '../client';
import { storableText } from '../text';
import { auditLog } from '../schema';

export async function audit(
  db: Db,
  entry: { actor: string; action: string; target?: string; outcome: 'ok' | 'error' | 'denied'; details?: unknown },
): Promise<void> {
  // A secret value this process holds never reaches the audit log, whatever field it was typed into.
  await db.insert(auditLog).values(storableText({ ...entry, details: redactDeep(entry.details) }));
}

/**
 * Records the entry unless a row of the same action and target whose details contain `match` is there: an activity
 * retried after its commit writes its row once.
 */
export async function auditOnce(
  db: Db,
  entry: { actor: string; action: string; target: string; outcome: 'ok' | 'error' | 'denied'; details: Record<string, unknown> },
  match: Record<string, unknown>,
): Promise<void> {
  const [found] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.action, entry.action), eq(auditLog.target, entry.target), sql`${auditLog.details} @> ${JSON.stringify(match)}::jsonb`))
    .limit(1);
  if (!found) await audit(db, entry);
}
