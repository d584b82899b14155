// What happens to an alert after it is raised: silences (an endpoint's alerts, of one kind and one subject when
// given, raised before `until` are stored as silenced and never sent) and the delivery log (a row per attempt to
// post an alert to a webhook, ok or not). The monitor workflow's delivery activities write the log; the API and
// `headrace monitor` read both.
import { and, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { alertDeliveries, monitorAlerts, monitorSilences } from '../schema';

export type SilenceRow = typeof monitorSilences.$inferSelect;
export type DeliveryRow = typeof alertDeliveries.$inferSelect;

export async function createSilence(
  db: Db,
  s: { endpoint: string; kind?: string | null; subject?: string | null; until: Date; reason: string; createdBy: string },
): Promise<SilenceRow> {
  const [row] = await db.insert(monitorSilences).values({
    endpoint: s.endpoint, kind: s.kind ?? null, subject: s.subject ?? null, until: s.until, reason: s.reason, createdBy: s.createdBy,
  }).returning();
  return row;
}

export async function getSilence(db: Db, id: number): Promise<SilenceRow | undefined> {
  const [row] = await db.select().from(monitorSilences).where(eq(monitorSilences.id, id));
  return row;
}

/** An endpoint's silences, newest first: only those in force at `activeAt` when given. */
export async function listSilences(db: Db, endpoint: string, opts: { activeAt?: Date; limit?: number } = {}): Promise<SilenceRow[]> {
  const where = opts.activeAt
    ? and(eq(monitorSilences.endpoint, endpoint), gt(monitorSilences.until, opts.activeAt))
    : eq(monitorSilences.endpoint, endpoint);
  return db.select().from(monitorSilences).where(where).orderBy(desc(monitorSilences.id)).limit(opts.limit ?? 500);
}

/** Ends a silence now (kept, with its end, as history); one that ended already is left as it is. */
export async function endSilence(db: Db, id: number, at = new Date()): Promise<SilenceRow | undefined> {
  const [ended] = await db.update(monitorSilences).set({ until: at })
    .where(and(eq(monitorSilences.id, id), gt(monitorSilences.until, at))).returning();
  return ended ?? getSilence(db, id);
}

/**
 * The silence in force at `at` that covers an alert of `endpoint`, `kind` and `subject` (a silence without a kind
 * covers every kind; without a subject, every subject), the one lasting longest; undefined when none does.
 */
export async function matchingSilence(
  db: Db,
  a: { endpoint: string; kind: string; subject?: string | null },
  at = new Date(),
): Promise<SilenceRow | undefined> {
  const [row] = await db.select().from(monitorSilences).where(and(
    eq(monitorSilences.endpoint, a.endpoint),
    gt(monitorSilences.until, at),
    or(isNull(monitorSilences.kind), eq(monitorSilences.kind, a.kind)),
    a.subject == null ? isNull(monitorSilences.subject) : or(isNull(monitorSilences.subject), eq(monitorSilences.subject, a.subject)),
  )).orderBy(desc(monitorSilences.until)).limit(1);
  return row;
}

/** Records one attempt to deliver an alert to a webhook. */
export async function recordDelivery(
  db: Db,
  d: { alertId: number; webhook: string; attempt: number; ok: boolean; httpStatus?: number | null; error?: string | null; durationMs: number },
): Promise<DeliveryRow> {
  const [row] = await db.insert(alertDeliveries).values({
    alertId: d.alertId, webhook: d.webhook, attempt: d.attempt, ok: d.ok, httpStatus: d.httpStatus ?? null,
    error: d.error ?? null, durationMs: Math.max(0, Math.round(d.durationMs)),
  }).returning();
  return row;
}

/** An alert's delivery log, oldest attempt first. */
export async function listDeliveries(db: Db, alertId: number): Promise<DeliveryRow[]> {
  return db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId)).orderBy(alertDeliveries.id);
}

/** The webhooks each of these alerts was delivered to (an attempt that succeeded), by alert id. */
export async function deliveredWebhooks(db: Db, alertIds: number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (alertIds.length === 0) return out;
  const rows = await db.selectDistinct({ alertId: alertDeliveries.alertId, webhook: alertDeliveries.webhook }).from(alertDeliveries)
    .where(and(inArray(alertDeliveries.alertId, alertIds), eq(alertDeliveries.ok, true)));
  for (const r of rows) {
    let s = out.get(r.alertId);
    if (!s) out.set(r.alertId, (s = new Set()));
    s.add(r.webhook);
  }
  return out;
}

/** The last delivery attempt of each of these alerts (any webhook) and how many attempts it had, by alert id. */
export async function lastDeliveries(db: Db, alertIds: number[]): Promise<Map<number, DeliveryRow & { attempts: number }>> {
  const out = new Map<number, DeliveryRow & { attempts: number }>();
  if (alertIds.length === 0) return out;
  const rows = await db.selectDistinctOn([alertDeliveries.alertId], {
    row: alertDeliveries,
    attempts: sql<number>`count(*) over (partition by ${alertDeliveries.alertId})`.mapWith(Number),
  }).from(alertDeliveries).where(inArray(alertDeliveries.alertId, alertIds))
    .orderBy(alertDeliveries.alertId, desc(alertDeliveries.id));
  for (const r of rows) out.set(r.row.alertId, { ...r.row, attempts: r.attempts });
  return out;
}

/** These alerts, by id (those that exist), oldest first. */
export async function getAlerts(db: Db, ids: number[]): Promise<Array<typeof monitorAlerts.$inferSelect>> {
  if (ids.length === 0) return [];
  return db.select().from(monitorAlerts).where(inArray(monitorAlerts.id, ids)).orderBy(monitorAlerts.id);
}
