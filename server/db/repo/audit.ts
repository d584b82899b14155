// The audit log: one row per mutation — who, what, when, on what, and how it ended.
import type { Db } from '../client';
import { auditLog } from '../schema';

export async function audit(
  db: Db,
  entry: { actor: string; action: string; target?: string; outcome: 'ok' | 'error' | 'denied'; details?: unknown },
): Promise<void> {
  await db.insert(auditLog).values(entry);
}
