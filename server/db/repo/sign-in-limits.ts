// The rows of the sign-in limit (server/auth/sign-in-limit.ts): failures per account or address inside the window,
// and the lock they started. Each change is one statement, so API servers counting at once never lose a failure.
import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { signInLimits } from '../schema';

export type SignInScope = 'account' | 'address';

/** The locks still running for these keys (scope and key → when each ends). */
export async function signInLocks(db: Db, keys: Array<{ scope: SignInScope; key: string }>, now: Date): Promise<Array<{ scope: SignInScope; key: string; lockedUntil: Date }>> {
  if (keys.length === 0) return [];
  const rows = await db
    .select({ scope: signInLimits.scope, key: signInLimits.key, lockedUntil: signInLimits.lockedUntil })
    .from(signInLimits)
    .where(and(inArray(signInLimits.key, keys.map((k) => k.key)), gt(signInLimits.lockedUntil, now)));
  return rows
    .filter((r) => keys.some((k) => k.scope === r.scope && k.key === r.key))
    .map((r) => ({ scope: r.scope as SignInScope, key: r.key, lockedUntil: r.lockedUntil! }));
}

/**
 * Appends a failure at `nowMs`, dropping those older than the window; answers how many are now inside it. One
 * upsert: two servers counting the same key at once both land.
 */
export async function addSignInFailure(db: Db, scope: SignInScope, key: string, nowMs: number, windowMs: number): Promise<number> {
  const since = nowMs - windowMs;
  const [row] = await db
    .insert(signInLimits)
    .values({ scope, key, failures: [nowMs], updatedAt: new Date(nowMs) })
    .onConflictDoUpdate({
      target: [signInLimits.scope, signInLimits.key],
      set: {
        failures: sql`(select coalesce(jsonb_agg(f), '[]'::jsonb) from jsonb_array_elements(${signInLimits.failures}) f where (f)::bigint > ${since}) || jsonb_build_array(${nowMs}::bigint)`,
        updatedAt: new Date(nowMs),
      },
    })
    .returning({ count: sql<number>`jsonb_array_length(${signInLimits.failures})` });
  return Number(row.count);
}

/** Locks the key until `until`; its failures start again from none. */
export async function lockSignIn(db: Db, scope: SignInScope, key: string, until: Date): Promise<void> {
  await db
    .update(signInLimits)
    .set({ lockedUntil: until, failures: [], updatedAt: new Date() })
    .where(and(eq(signInLimits.scope, scope), eq(signInLimits.key, key)));
}

/** Forgets a key's failures and lock (a successful sign-in, a password reset, an account enabled again). */
export async function clearSignIn(db: Db, scope: SignInScope, key: string): Promise<void> {
  await db.delete(signInLimits).where(and(eq(signInLimits.scope, scope), eq(signInLimits.key, key)));
}

/** Drops keys with no lock running and no failure inside the window, so the table stays as small as recent guessing. */
export async function pruneSignInLimits(db: Db, now: Date, windowMs: number): Promise<void> {
  await db
    .delete(signInLimits)
    .where(and(
      or(isNull(signInLimits.lockedUntil), lt(signInLimits.lockedUntil, now)),
      lt(signInLimits.updatedAt, new Date(now.getTime() - windowMs)),
    ));
}
