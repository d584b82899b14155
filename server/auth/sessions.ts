// Browser sessions: a random secret in an HTTP-only cookie; the table holds only its SHA-256.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';
import { newSecret, sha256 } from './secrets';

export const SESSION_COOKIE = 'headrace_session';
/** Sessions last a working week; signing in again starts a new one. */
export const SESSION_TTL_S = 7 * 86_400;

export async function createSession(db: Db, userId: string): Promise<{ secret: string; expiresAt: Date }> {
  // Housekeeping on the way: sessions past their expiry are refused anyway, so drop them.
  await db.delete(sessions).where(sql`${sessions.expiresAt} < now()`);
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_TTL_S * 1000);
  await db.insert(sessions).values({ idHash: sha256(secret), userId, expiresAt });
  return { secret, expiresAt };
}

export async function userOfSession(db: Db, secret: string): Promise<{ userId: string; username: string; role: string } | undefined> {
  const [row] = await db
    .select({ userId: users.id, username: users.username, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sha256(secret)), sql`${sessions.expiresAt} > now()`, eq(users.disabled, false)))
    .limit(1);
  return row;
}

export async function endSession(db: Db, secret: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, sha256(secret)));
}
