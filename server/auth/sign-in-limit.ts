// The sign-in limit: failed password sign-ins (auth.login, the /auth/login form) are counted per account and per
// network address; too many within the window lock that account or address for a while, during which even the right
// password is refused — with HTTP 429, Retry-After and a sentence saying until when. Kept in the server's memory: a
// restart forgets it (a guesser gains one window per restart, and scrypt still bounds every attempt).
import type { IncomingMessage } from 'node:http';
import { isLoopback } from '../config';

export interface SignInLimitOptions {
  /** Failures of one account within `windowMs` that lock it (5). */
  accountFailures?: number;
  /** Failures from one address within `windowMs` that lock it, whichever accounts they named (20). */
  addressFailures?: number;
  /** How far back failures count (15 minutes). */
  windowMs?: number;
  /** How long a lock lasts (15 minutes). */
  lockMs?: number;
  now?: () => number;
}

/** A refused sign-in: the account or the address is locked for `retryAfterS` more seconds. */
export class SignInLocked extends Error {
  constructor(
    message: string,
    readonly retryAfterS: number,
    readonly scope: 'account' | 'address',
  ) {
    super(message);
    this.name = 'SignInLocked';
  }
}

interface Entry {
  /** When each failure within the window happened (ms). */
  failures: number[];
  lockedUntil?: number;
}

const minutes = (ms: number) => {
  const m = Math.max(1, Math.ceil(ms / 60_000));
  return `${m} minute${m === 1 ? '' : 's'}`;
};
const clock = (t: number) => `${new Date(t).toISOString().slice(11, 16)} UTC`;

export class SignInLimit {
  readonly accountFailures: number;
  readonly addressFailures: number;
  readonly windowMs: number;
  readonly lockMs: number;
  private readonly now: () => number;
  private readonly accounts = new Map<string, Entry>();
  private readonly addresses = new Map<string, Entry>();

  constructor(o: SignInLimitOptions = {}) {
    this.accountFailures = o.accountFailures ?? 5;
    this.addressFailures = o.addressFailures ?? 20;
    this.windowMs = o.windowMs ?? 15 * 60_000;
    this.lockMs = o.lockMs ?? 15 * 60_000;
    this.now = o.now ?? Date.now;
  }

  /** The lock that refuses a sign-in of `username` from `address` now, if any (the account's first). */
  locked(username: string, address: string): SignInLocked | undefined {
    const now = this.now();
    const account = this.accounts.get(key(username))?.lockedUntil;
    if (account !== undefined && account > now) return this.accountLock(username, account - now);
    const from = this.addresses.get(address)?.lockedUntil;
    if (from !== undefined && from > now) return this.addressLock(from - now);
    return undefined;
  }

  /** Counts a failed sign-in; returns the lock it started, if this failure was one too many. */
  failed(username: string, address: string): SignInLocked | undefined {
    const now = this.now();
    this.prune(now);
    // Both count every failure; the account's lock is the one told when both begin at once.
    const account = this.count(this.accounts, key(username), now, this.accountFailures);
    const from = this.count(this.addresses, address, now, this.addressFailures);
    if (account) return this.accountLock(username, this.lockMs, true);
    return from ? this.addressLock(this.lockMs, true) : undefined;
  }

  /** A successful sign-in clears its account's failures (not its address's). */
  succeeded(username: string): void {
    this.accounts.delete(key(username));
  }

  /** An admin reset the password, or enabled the account again: its failures and lock are forgotten. */
  clear(username: string): void {
    this.accounts.delete(key(username));
  }

  private count(map: Map<string, Entry>, k: string, now: number, max: number): boolean {
    const e = map.get(k) ?? { failures: [] };
    e.failures = e.failures.filter((t) => t > now - this.windowMs);
    e.failures.push(now);
    map.set(k, e);
    if (e.failures.length < max) return false;
    e.lockedUntil = now + this.lockMs;
    e.failures = [];
    return true;
  }

  private accountLock(username: string, leftMs: number, justNow = false): SignInLocked {
    return new SignInLocked(
      `too many failed sign-ins for "${username}" (${justNow ? 'that was ' : ''}${this.accountFailures} within ${minutes(this.windowMs)}): ` +
        `the account is locked for ${minutes(leftMs)}, until ${clock(this.now() + leftMs)}; try again then, or ask an admin to reset the password`,
      Math.ceil(leftMs / 1000),
      'account',
    );
  }

  private addressLock(leftMs: number, justNow = false): SignInLocked {
    return new SignInLocked(
      `too many failed sign-ins from this address (${justNow ? 'that was ' : ''}${this.addressFailures} within ${minutes(this.windowMs)}): ` +
        `sign-in from it is locked for ${minutes(leftMs)}, until ${clock(this.now() + leftMs)}`,
      Math.ceil(leftMs / 1000),
      'address',
    );
  }

  /** Forgets entries with neither a lock nor a failure left in the window, so memory stays bounded by recent guessing. */
  private prune(now: number): void {
    for (const map of [this.accounts, this.addresses]) {
      if (map.size < 1000) continue;
      for (const [k, e] of map) {
        if ((e.lockedUntil ?? 0) <= now && e.failures.every((t) => t <= now - this.windowMs)) map.delete(k);
      }
    }
  }
}

/** The limit of callers that bring none (the routers called in-process); each HTTP server brings its own. */
export const inProcessSignInLimit = new SignInLimit();

const key = (username: string) => username.trim().toLowerCase();

/**
 * The caller's address for the per-address limit: the connection's peer, except that a peer on this machine (a
 * reverse proxy in front of the platform) is taken at its word for the last hop of `X-Forwarded-For`.
 */
export function clientAddressOf(req: IncomingMessage): string {
  const peer = normalize(req.socket.remoteAddress ?? 'unknown');
  const forwarded = req.headers['x-forwarded-for'];
  if (!isLoopback(peer) || !forwarded) return peer;
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',').map((h) => h.trim()).filter(Boolean);
  return hops.length > 0 ? normalize(hops[hops.length - 1]) : peer;
}

const normalize = (a: string) => a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
