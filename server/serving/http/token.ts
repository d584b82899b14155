// The predict server's token check for endpoints that require one (`requireToken`): `Authorization: Bearer hr_…`
// with a token that has the `predict` scope, is neither revoked nor expired, and whose user is not disabled — the
// same tokens as the API (server/auth/tokens.ts). Verdicts are cached by the token's SHA-256 for `cacheMs`
// (default 5 s), so the predict hot path reads the database about once per token per `cacheMs`; the price is that
// a revoked token (or a disabled user's) keeps working on a predict server for up to `cacheMs` (docs/serving.md).
import type { Db } from '../../db/client';
import { sha256 } from '../../auth/secrets';
import { TOKEN_PREFIX, tokenStanding } from '../../auth/tokens';

export type TokenVerdict = { ok: true; user: string } | { ok: false; status: 401 | 403; message: string };
export type TokenCheck = (authorization: string | undefined) => Promise<TokenVerdict>;

export interface TokenCheckOptions {
  /** How long a verdict is kept, in ms (default 5000; 0 reads the database on every call). */
  cacheMs?: number;
  /** The most verdicts kept (default 10 000); the oldest goes first. */
  maxEntries?: number;
}

export const DEFAULT_TOKEN_CACHE_MS = 5000;
const DEFAULT_MAX_ENTRIES = 10_000;

const HOW = 'headrace tokens create NAME --scope predict';
const refuse = (status: 401 | 403, message: string): TokenVerdict => ({ ok: false, status, message });
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Verdicts on the request's own words, before any database read. */
const MISSING = refuse(401, `This endpoint requires a token: send \`Authorization: Bearer hr_…\` with a token that has the predict scope (${HOW}).`);
const MALFORMED = refuse(401, `The Authorization header must be \`Bearer hr_…\` with a Headrace API token that has the predict scope (${HOW}).`);

/** Reads the token's standing (server/auth/tokens.ts) and says what it may do here (uncached). */
async function judge(db: Db, token: string): Promise<{ verdict: TokenVerdict; expiresAt: Date | null }> {
  if (!token.startsWith(TOKEN_PREFIX)) return { verdict: MALFORMED, expiresAt: null };
  const row = await tokenStanding(db, token);
  if (!row) {
    return { verdict: refuse(401, `This token is not known to the platform (check that it was copied whole): ask an admin for one with the predict scope (${HOW}).`), expiresAt: null };
  }
  if (row.revokedAt) return { verdict: refuse(401, `This token was revoked on ${day(row.revokedAt)}: ask an admin for a new one with the predict scope (${HOW}).`), expiresAt: null };
  if (row.expired) return { verdict: refuse(401, `This token expired on ${day(row.expiresAt!)}: ask an admin for a new one with the predict scope (${HOW}).`), expiresAt: null };
  if (row.disabled) return { verdict: refuse(401, `The user of this token (${row.username}) is disabled: an admin can enable the user, or make a token for another.`), expiresAt: null };
  if (!row.scopes.includes('predict')) {
    return {
      verdict: refuse(403, `This token (of ${row.username}) has the scope ${row.scopes.join(', ') || 'none'} but not predict, which calling an endpoint needs: use a token with the predict scope (${HOW}).`),
      expiresAt: row.expiresAt,
    };
  }
  return { verdict: { ok: true, user: row.username }, expiresAt: row.expiresAt };
}

/**
 * A check of the `Authorization` header for endpoints that require a token. Every verdict (refusals too, so a
 * flood of unknown tokens does not reach the database either) is kept `cacheMs` by the token's hash, at most
 * until the token expires; concurrent first calls with one token share one database read. A read that fails
 * is not cached: its error reaches the caller (a 500 of the predict server), and the next call reads again.
 */
export function createTokenCheck(db: Db, opts: TokenCheckOptions = {}): TokenCheck {
  const cacheMs = opts.cacheMs ?? DEFAULT_TOKEN_CACHE_MS;
  const maxEntries = Math.max(1, opts.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const cache = new Map<string, { verdict: TokenVerdict; until: number }>();
  const pending = new Map<string, Promise<TokenVerdict>>();

  const remember = (key: string, verdict: TokenVerdict, expiresAt: Date | null) => {
    if (cacheMs <= 0) return;
    const until = Math.min(Date.now() + cacheMs, expiresAt ? expiresAt.getTime() : Infinity);
    cache.delete(key);
    cache.set(key, { verdict, until });
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  };

  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') return MISSING;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return MALFORMED;
    const key = sha256(m[1]);
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.verdict;
    if (hit) cache.delete(key);
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    const read = judge(db, m[1])
      .then(({ verdict, expiresAt }) => {
        remember(key, verdict, expiresAt);
        return verdict;
      })
      .finally(() => pending.delete(key));
    pending.set(key, read);
    return read;
  };
}
