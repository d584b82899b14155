// Who is calling: `Authorization: Bearer hr_…`, else the session cookie, else (auth not required) the loopback admin.
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../api/trpc';
import type { Db } from '../db/client';
import { SESSION_COOKIE, userOfSession } from './sessions';
import { userOfToken } from './tokens';
import { isRole } from './users';

/** Embedded mode on loopback without HEADRACE_AUTH: the local user is the admin. */
export const LOOPBACK_ADMIN: Principal = { userId: null, username: 'local-admin', role: 'admin', via: 'loopback' };

export function cookieOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m?.[1];
}

/** The sentence of a 401 for a token without the `api` scope: it exists, but is not for the API. */
export const PREDICT_ONLY_REFUSAL =
  'this is a predict-only token (scope predict, without api): it calls endpoints of a predict server, not the API; ' +
  'use a token with the api scope (headrace tokens create NAME --scope api)';

/**
 * The principal of a request, or null (→ UNAUTHORIZED) with, where there is more to say than "sign in", the
 * sentence to answer (`refusal`). Credentials that were sent are always checked: a bad bearer token is refused
 * even when auth is not required, and so is a token without the `api` scope. A stale session cookie is only
 * ignored then, so a browser that signed in once does not lock the local user out.
 */
export async function resolveCaller(
  db: Db, headers: IncomingHttpHeaders, authRequired: boolean,
): Promise<{ principal: Principal | null; refusal?: string }> {
  if (headers.authorization !== undefined) {
    const token = bearerOf(headers);
    const user = token ? await userOfToken(db, token) : undefined;
    if (!user || !isRole(user.role)) return { principal: null };
    if (!user.scopes.includes('api')) return { principal: null, refusal: PREDICT_ONLY_REFUSAL };
    return { principal: { userId: user.userId, username: user.username, role: user.role, via: 'token' } };
  }
  return { principal: await principalWithoutToken(db, headers, authRequired) };
}

/** The principal of a request, or null (→ UNAUTHORIZED); see resolveCaller. */
export async function resolvePrincipal(db: Db, headers: IncomingHttpHeaders, authRequired: boolean): Promise<Principal | null> {
  return (await resolveCaller(db, headers, authRequired)).principal;
}

async function principalWithoutToken(db: Db, headers: IncomingHttpHeaders, authRequired: boolean): Promise<Principal | null> {
  const session = cookieOf(headers, SESSION_COOKIE);
  if (session) {
    const user = await userOfSession(db, session);
    if (user && isRole(user.role)) return { userId: user.userId, username: user.username, role: user.role, via: 'session' };
  }
  return authRequired ? null : LOOPBACK_ADMIN;
}
