// Hosts an admin allowed pipelines and monitors to reach although they resolve to a restricted address
// (workers/compute/net/egress.ts). Every allow and revoke is audited by the API.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { egressHosts } from '../schema';

export type EgressHostRow = typeof egressHosts.$inferSelect;

export async function listEgressHosts(db: Db): Promise<EgressHostRow[]> {
  return db.select().from(egressHosts).orderBy(asc(egressHosts.host));
}

/** Allows the host (lowercase); `created` is false when it was allowed already (its note is then replaced). */
export async function allowEgressHost(db: Db, input: { host: string; note?: string | null; actor: string }): Promise<EgressHostRow & { created: boolean }> {
  const host = input.host.toLowerCase();
  const [existing] = await db.select().from(egressHosts).where(eq(egressHosts.host, host));
  if (existing) {
    const [row] = await db.update(egressHosts).set({ note: input.note ?? existing.note }).where(eq(egressHosts.host, host)).returning();
    return { ...row, created: false };
  }
  const [row] = await db.insert(egressHosts).values({ host, note: input.note ?? null, createdBy: input.actor }).onConflictDoNothing().returning();
  return row ? { ...row, created: true } : { ...(await db.select().from(egressHosts).where(eq(egressHosts.host, host)))[0], created: false };
}

export async function revokeEgressHost(db: Db, host: string): Promise<boolean> {
  const rows = await db.delete(egressHosts).where(eq(egressHosts.host, host.toLowerCase())).returning({ host: egressHosts.host });
  return rows.length > 0;
}
