// The browser's side of auth: the login and logout form routes, and the gate in front of every page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/client';
import { audit } from '../db/repo/audit';
import { cookieOf, resolvePrincipal } from './principal';
import { createSession, endSession, SESSION_COOKIE, SESSION_TTL_S } from './sessions';
import { clientAddressOf, type SignInLimit } from './sign-in-limit';
import { checkPassword } from './users';

/** Paths a signed-out browser may load: the login page, its assets, the form routes, the health check. */
const OPEN = [/^\/login(\?|$)/, /^\/auth\//, /^\/_next\//, /^\/favicon\.ico$/, /^\/icon\.svg/, /^\/healthz$/];

/** Only a local path: `//evil.example` or `https://…` would make the login form an open redirect. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

async function readForm(req: IncomingMessage, limit = 16_384): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

/** A cross-site form post (login CSRF) carries another site's Origin: refuse it. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function cookie(value: string, maxAgeS: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}

const redirect = (res: ServerResponse, location: string, headers: Record<string, string> = {}) =>
  void res.writeHead(303, { location, 'cache-control': 'no-store', ...headers }).end();

export interface WebAuthOptions {
  db: Db;
  authRequired: boolean;
  /** Mark the cookie Secure (the platform is served over https). */
  secureCookies: boolean;
  /** Failed sign-ins per account and address, shared with auth.login (server/auth/sign-in-limit.ts). */
  signInLimit: SignInLimit;
}

/** Handles POST /auth/login and POST /auth/logout; returns false for any other request. */
export async function handleAuthRoute(req: IncomingMessage, res: ServerResponse, o: WebAuthOptions): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/auth/login' && path !== '/auth/logout') return false;
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('use POST\n');
    return true;
  }
  if (!sameOrigin(req)) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('cross-site form post refused\n');
    return true;
  }
  if (path === '/auth/logout') {
    const secret = cookieOf(req.headers, SESSION_COOKIE);
    if (secret) await endSession(o.db, secret);
    redirect(res, '/login', { 'set-cookie': cookie('', 0, o.secureCookies) });
    return true;
  }
  const form = await readForm(req);
  const username = form.get('username')?.trim() ?? '';
  const next = safeNext(form.get('next'));
  const back = (error: string) =>
    `/login?error=${error}&next=${encodeURIComponent(next)}${username ? `&username=${encodeURIComponent(username)}` : ''}`;
  // Too many failures for the account or from the address: refused before the password is checked, and the page
  // says until when (the tRPC door answers 429 with Retry-After; a form is better answered on the form).
  const limit = o.signInLimit;
  const address = clientAddressOf(req);
  const locked = username ? await limit.locked(username, address) : undefined;
  if (locked) {
    await audit(o.db, { actor: 'anonymous', action: 'auth.session', target: username, outcome: 'denied', details: { code: 'TOO_MANY_REQUESTS', message: locked.message } });
    redirect(res, `${back('locked')}&retry=${locked.retryAfterS}`, { 'retry-after': String(locked.retryAfterS) });
    return true;
  }
  const user = username ? await checkPassword(o.db, username, form.get('password') ?? '') : undefined;
  const lock = !user && username ? await limit.failed(username, address) : undefined;
  if (user) await limit.succeeded(username);
  // Form sign-ins are not tRPC mutations, so the audited middleware does not see them: record them here.
  await audit(o.db, {
    actor: user?.username ?? 'anonymous', action: 'auth.session', target: username || undefined, outcome: user ? 'ok' : 'denied',
    details: lock ? { code: 'TOO_MANY_REQUESTS', message: lock.message } : undefined,
  });
  if (!user) {
    redirect(res, lock ? `${back('locked')}&retry=${lock.retryAfterS}` : back('1'), lock ? { 'retry-after': String(lock.retryAfterS) } : {});
    return true;
  }
  const session = await createSession(o.db, user.id);
  redirect(res, next, { 'set-cookie': cookie(session.secret, SESSION_TTL_S, o.secureCookies) });
  return true;
}

/**
 * In front of the web app when auth is required: a signed-out browser is sent to /login (and back to the
 * page it asked for afterwards); a signed-in one asking for /login goes on to where it was going.
 * Returns true when it answered the request.
 */
export async function gatePage(req: IncomingMessage, res: ServerResponse, o: WebAuthOptions): Promise<boolean> {
  if (!o.authRequired) return false;
  const url = req.url ?? '/';
  const isLogin = /^\/login(\?|$)/.test(url);
  if (!isLogin && OPEN.some((r) => r.test(url))) return false;
  const principal = await resolvePrincipal(o.db, req.headers, true);
  if (isLogin) {
    if (!principal) return false;
    redirect(res, safeNext(new URL(url, 'http://x').searchParams.get('next')));
    return true;
  }
  if (principal) return false;
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.writeHead(302, { location: `/login?next=${encodeURIComponent(url)}`, 'cache-control': 'no-store' }).end();
  } else {
    res.writeHead(401, { 'content-type': 'text/plain' }).end('sign in first\n');
  }
  return true;
}
