// Reading the audit log: newest first, filtered by action or actor, paged by a cursor (the last row's id).
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from '../db/schema';

export async function listAudit(db: Db, q: { cursor?: string; limit: number; action?: string; actor?: string }) {
  const where: SQL[] = [];
  if (q.cursor) where.push(lt(auditLog.id, Number(q.cursor)));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.actor) where.push(eq(auditLog.actor, q.actor));
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? String(items[items.length - 1].id) : null };
}
