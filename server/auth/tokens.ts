// API tokens (`hr_…`): created with an optional expiry and scopes, shown once, stored as SHA-256, revoked at once.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { apiTokens, users } from '../db/schema';
import { newSecret, sha256 } from './secrets';

export const TOKEN_PREFIX = 'hr_';
/** Characters kept in clear to tell tokens apart in lists (`hr_` + 6). */
const SHOWN = 9;

/**
 * What a token may do: `api` — the tRPC API (and the other API routes), as its user's role allows; `predict` —
 * call predict-server endpoints that require a token. A token made for an application that only predicts
 * should have `predict` alone, so that leaking it exposes no part of the API.
 */
export const TOKEN_SCOPES = ['api', 'predict'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ['api'];

export interface CreatedToken {
  id: string;
  /** The secret: returned here once, never stored. */
  token: string;
  prefix: string;
  expiresAt: Date | null;
  scopes: TokenScope[];
}

/** Scopes in their canonical order, each once; an empty list is refused (a token that may do nothing). */
export function normalizeScopes(scopes: readonly string[] | undefined): TokenScope[] {
  const given = scopes ?? DEFAULT_TOKEN_SCOPES;
  const unknown = given.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown token scope ${unknown.join(', ')}: use ${TOKEN_SCOPES.join(' and/or ')}`);
  const out = TOKEN_SCOPES.filter((s) => given.includes(s));
  if (out.length === 0) throw new Error(`a token needs at least one scope: ${TOKEN_SCOPES.join(' and/or ')}`);
  return out;
}

export async function createToken(
  db: Db,
  input: { userId: string; name: string; expiresInDays?: number; scopes?: readonly TokenScope[] },
): Promise<CreatedToken> {
  const token = newSecret(TOKEN_PREFIX);
  const expiresAt = input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
  const scopes = normalizeScopes(input.scopes);
  const [row] = await db
    .insert(apiTokens)
    .values({ userId: input.userId, name: input.name, prefix: token.slice(0, SHOWN), tokenHash: sha256(token), expiresAt, scopes })
    .returning({ id: apiTokens.id, prefix: apiTokens.prefix, expiresAt: apiTokens.expiresAt });
  return { ...row, scopes, token };
}

export interface TokenUser {
  tokenId: string;
  userId: string;
  username: string;
  role: string;
  /** What the token may do (`api`, `predict`): the caller checks the one it needs. */
  scopes: TokenScope[];
}

/** The scopes of a row as stored (a text array), unknown words dropped. */
const scopesOf = (stored: readonly string[] | null): TokenScope[] => TOKEN_SCOPES.filter((s) => (stored ?? []).includes(s));

const tokenStandingQuery = (db: Db) => prepared(db, 'token_standing', (name) => db
  .select({
    tokenId: apiTokens.id, userId: users.id, username: users.username, role: users.role, disabled: users.disabled,
    scopes: apiTokens.scopes, revokedAt: apiTokens.revokedAt, expiresAt: apiTokens.expiresAt,
    expired: sql<boolean>`coalesce(${apiTokens.expiresAt} <= now(), false)`, lastUsedAt: apiTokens.lastUsedAt,
  })
  .from(apiTokens)
  .innerJoin(users, eq(users.id, apiTokens.userId))
  .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
  .limit(1)
  .prepare(name));

/**
 * Everything that decides whether a token may be used, read in one statement: its user, scopes, whether it is
 * revoked, expired (by the database's clock) or its user disabled. Undefined for a token the platform does not know.
 * When the token is usable, its "last used" is updated to the minute (one write per token per minute, not one per
 * request). The API (userOfToken) and predict servers (server/serving/http/token.ts) both read tokens through this.
 */
export async function tokenStanding(db: Db, token: string) {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const [row] = await tokenStandingQuery(db).execute({ hash: sha256(token) });
  if (!row) return undefined;
  const usable = !row.revokedAt && !row.expired && !row.disabled;
  if (usable && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)) {
    await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.tokenId));
  }
  const { lastUsedAt: _, scopes, ...rest } = row;
  return { ...rest, usable, scopes: scopesOf(scopes) };
}

/**
 * The user a token belongs to, read on every request (no cache), so a revoked or expired token is
 * refused by the next request. Undefined for an unknown, revoked, expired token or a disabled user.
 * The scopes come with it: the API needs `api` (server/auth/principal.ts), predict servers `predict`.
 */
export async function userOfToken(db: Db, token: string): Promise<TokenUser | undefined> {
  const t = await tokenStanding(db, token);
  if (!t?.usable) return undefined;
  return { tokenId: t.tokenId, userId: t.userId, username: t.username, role: t.role, scopes: t.scopes };
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

/** Tokens (never their hashes), newest first, of one user or of everyone, with their scopes. */
export async function listTokens(db: Db, username?: string) {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      username: users.username,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      scopes: apiTokens.scopes,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(username ? eq(users.username, username) : undefined)
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map((r) => ({ ...r, scopes: scopesOf(r.scopes) }));
}
