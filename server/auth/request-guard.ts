// What the browser may not do to the platform, checked before any route: DNS rebinding against the loopback mode
// that needs no credentials (a page of evil.example whose name now resolves to 127.0.0.1 would read and change the
// platform as its admin), and cross-site requests that change state (CSRF) on the strength of something the browser
// adds by itself — the session cookie, or being on this machine. Requests that carry a bearer token are not
// cross-site forgeries (no browser adds `Authorization` on its own), and scripts send no `Origin`: both pass.
import type { IncomingMessage } from 'node:http';
import { isLoopback } from '../config';

/** Methods that never change state; everything else (POST, PUT, PATCH, DELETE, tRPC mutations) must come from here. */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GuardOptions {
  /** False in the loopback mode (HEADRACE_AUTH unset or auto, bound to loopback): then the Host must be loopback too. */
  authRequired: boolean;
  /** The platform's own URL (HEADRACE_URL), whose origin is accepted besides the Host the request came to. */
  url?: string;
}

export interface Refusal {
  status: 403;
  message: string;
}

/** The host name of a Host header (`127.0.0.1:3000` → `127.0.0.1`, `[::1]:3000` → `::1`), lower-cased; undefined when unreadable. */
export function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]\s/@]+))(?::(\d{1,5}))?$/i.exec(host.trim());
  return m ? (m[1] ?? m[2]).toLowerCase() : undefined;
}

/** The origin (`scheme://host[:port]`) a browser says the request comes from: `Origin`, else `Referer`; undefined for neither. */
function claimedOrigin(req: IncomingMessage): { value: string; header: 'Origin' | 'Referer' } | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) return { value: origin, header: 'Origin' };
  const referer = req.headers.referer;
  return referer ? { value: referer, header: 'Referer' } : undefined;
}

/** True when `claimed` (an Origin or a Referer) is this server: the host the request was sent to, or HEADRACE_URL's origin. */
export function isOwnOrigin(claimed: string, host: string | undefined, ownUrl?: string): boolean {
  if (claimed === 'null') return false; // sandboxed frames, file:// pages, redirects across sites
  let u: URL;
  try {
    u = new URL(claimed);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (host && u.host === host.toLowerCase()) return true;
  if (!ownUrl) return false;
  try {
    return u.origin === new URL(ownUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Why the request is refused (403), or undefined when it may go on.
 * - Loopback mode: a Host that is not a loopback name (127.0.0.1, localhost, [::1], with any port) is refused — a
 *   rebound name is not; a Host that is missing is refused too (HTTP/1.1 requires one).
 * - Always: a state-changing request without a bearer token whose Origin (or Referer, when there is no Origin) is
 *   another site, or `null`, is refused. One with neither header (curl, the CLI, scripts) is not.
 */
export function refusal(req: IncomingMessage, o: GuardOptions): Refusal | undefined {
  const host = req.headers.host;
  if (!o.authRequired) {
    const name = hostnameOf(host);
    if (!name || !isLoopback(name)) {
      return {
        status: 403,
        message:
          `refused: this platform runs without sign-in on loopback, so it answers only requests addressed to 127.0.0.1, ` +
          `localhost or [::1], and this one was sent to ${host ? JSON.stringify(host) : 'no Host'} ` +
          '(set HEADRACE_AUTH=required to serve it under another name)',
      };
    }
  }
  if (SAFE.has((req.method ?? 'GET').toUpperCase())) return undefined;
  if (req.headers.authorization !== undefined) return undefined;
  const claimed = claimedOrigin(req);
  if (!claimed || isOwnOrigin(claimed.value, host, o.url)) return undefined;
  return {
    status: 403,
    message:
      `refused: a cross-site ${req.method} (${claimed.header} ${JSON.stringify(claimed.value)} is not this platform); ` +
      'changes come from the platform\'s own pages, or from scripts with `Authorization: Bearer hr_…`',
  };
}
