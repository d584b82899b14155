// The sign-in limit: failed password sign-ins (auth.login, the /auth/login form) are counted per account and per
// network address; too many within the window lock that account or address for a while, during which even the right
// password is refused — with HTTP 429, Retry-After and a sentence saying until when. Kept in the database
// (sign_in_limits), so every API server behind a load balancer counts the same failures and a restart forgets none.
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/client';
import { addSignInFailure, clearSignIn, lockSignIn, pruneSignInLimits, signInLocks } from '../db/repo/sign-in-limits';
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

  constructor(private readonly db: Db, o: SignInLimitOptions = {}) {
    this.accountFailures = o.accountFailures ?? 5;
    this.addressFailures = o.addressFailures ?? 20;
    this.windowMs = o.windowMs ?? 15 * 60_000;
    this.lockMs = o.lockMs ?? 15 * 60_000;
    this.now = o.now ?? Date.now;
  }

  /** The lock that refuses a sign-in of `username` from `address` now, if any (the account's first). */
  async locked(username: string, address: string): Promise<SignInLocked | undefined> {
    const now = this.now();
    const locks = await signInLocks(this.db, [{ scope: 'account', key: key(username) }, { scope: 'address', key: address }], new Date(now));
    const account = locks.find((l) => l.scope === 'account');
    if (account) return this.accountLock(username, account.lockedUntil.getTime() - now);
    const from = locks.find((l) => l.scope === 'address');
    return from ? this.addressLock(from.lockedUntil.getTime() - now) : undefined;
  }

  /** Counts a failed sign-in; returns the lock it started, if this failure was one too many. */
  async failed(username: string, address: string): Promise<SignInLocked | undefined> {
    const now = this.now();
    await pruneSignInLimits(this.db, new Date(now), this.windowMs);
    // Both count every failure; the account's lock is the one told when both begin at once.
    const account = await this.count('account', key(username), now, this.accountFailures);
    const from = await this.count('address', address, now, this.addressFailures);
    if (account) return this.accountLock(username, this.lockMs, true);
    return from ? this.addressLock(this.lockMs, true) : undefined;
  }

  /** A successful sign-in clears its account's failures (not its address's). */
  async succeeded(username: string): Promise<void> {
    await clearSignIn(this.db, 'account', key(username));
  }

  /** An admin reset the password, or enabled the account again: its failures and lock are forgotten. */
  async clear(username: string): Promise<void> {
    await clearSignIn(this.db, 'account', key(username));
  }

  private async count(scope: 'account' | 'address', k: string, now: number, max: number): Promise<boolean> {
    if ((await addSignInFailure(this.db, scope, k, now, this.windowMs)) < max) return false;
    await lockSignIn(this.db, scope, k, new Date(now + this.lockMs));
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
}

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
