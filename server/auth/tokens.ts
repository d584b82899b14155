// API tokens (`hr_…`): created with an optional expiry, shown once, stored as SHA-256, revoked at once.
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { apiTokens, users } from '../db/schema';
import { newSecret, sha256 } from './secrets';

export const TOKEN_PREFIX = 'hr_';
/** Characters kept in clear to tell tokens apart in lists (`hr_` + 6). */
const SHOWN = 9;

export interface CreatedToken {
  id: string;
  /** The secret: returned here once, never stored. */
  token: string;
  prefix: string;
  expiresAt: Date | null;
}

export async function createToken(db: Db, input: { userId: string; name: string; expiresInDays?: number }): Promise<CreatedToken> {
  const token = newSecret(TOKEN_PREFIX);
  const expiresAt = input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
  const [row] = await db
    .insert(apiTokens)
    .values({ userId: input.userId, name: input.name, prefix: token.slice(0, SHOWN), tokenHash: sha256(token), expiresAt })
    .returning({ id: apiTokens.id, prefix: apiTokens.prefix, expiresAt: apiTokens.expiresAt });
  return { ...row, token };
}

export interface TokenUser {
  tokenId: string;
  userId: string;
  username: string;
  role: string;
}

/**
 * The user a token belongs to, read on every request (no cache), so a revoked or expired token is
 * refused by the next request. Undefined for an unknown, revoked, expired token or a disabled user.
 */
export async function userOfToken(db: Db, token: string): Promise<TokenUser | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const [row] = await db
    .select({ tokenId: apiTokens.id, userId: users.id, username: users.username, role: users.role, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), sql`${apiTokens.expiresAt} > now()`),
        eq(users.disabled, false),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  // "Last used" to the minute: one write per token per minute, not one per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.tokenId));
  }
  const { lastUsedAt: _, ...user } = row;
  return user;
}

/** Marks a token revoked; false when there is no such token or it was revoked already. */
export async function revokeToken(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function findToken(db: Db, id: string) {
  return (await db.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, id)).limit(1))[0];
}

/** Tokens (never their hashes), newest first, of one user or of everyone. */
export function listTokens(db: Db, username?: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      username: users.username,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(username ? eq(users.username, username) : undefined)
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}
