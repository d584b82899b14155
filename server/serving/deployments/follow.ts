// How a predict server knows what each endpoint serves: it reads every endpoint's current deployment from the
// database once, then follows changes. A deploy or rollback commits with `pg_notify(DEPLOYMENTS_CHANNEL,
// 'ENDPOINT:REVISION')` (server/db/repo/endpoints.ts); the follower LISTENs on that channel and re-reads the
// endpoint named. Whether notifications really reach it is proven at start with a probe NOTIFY sent on another
// connection: real PostgreSQL and in-process PGlite deliver it; PGlite served over pglite-socket (the embedded
// platform, one backend shared by every client) does not, and there the follower polls the endpoints' revisions
// (`pollMs`, 250 ms). A slow poll runs in notify mode too, as a net under a notification lost to a reconnect.
// docs/decisions.md, "Predict servers follow deployments by LISTEN/NOTIFY, proven by a probe, else by polling".
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { driverOf, type Db } from '../../db/client';
import { DEPLOYMENTS_CHANNEL, endpointRevisions, endpointStates, type EndpointState } from '../../db/repo/endpoints';

export type { EndpointState } from '../../db/repo/endpoints';

export interface FollowOptions {
  /** Poll period when notifications are not delivered (ms). */
  pollMs?: number;
  /** Poll period while notifications are delivered: a net for ones lost while reconnecting (ms). */
  safetyPollMs?: number;
  /** How long the start waits for its probe notification before it settles on polling (ms). */
  probeMs?: number;
  /** A refresh that failed (the database away for a moment); the next notification or poll tries again. */
  onError?: (err: unknown) => void;
}

export interface DeploymentFollower {
  /** The endpoint's settings and current deployment, or undefined for an endpoint that does not exist. */
  current(endpoint: string): EndpointState | undefined;
  all(): EndpointState[];
  /** `notify`: changes arrive by LISTEN/NOTIFY; `poll`: by reading the endpoints' revisions every `pollMs`. */
  readonly mode: 'notify' | 'poll';
  /** Reads every endpoint's revision now and takes what changed (the poll does this on its own). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/** Called once per change of an endpoint, after `current()` already answers the new state. */
export type OnDeploymentChange = (state: EndpointState, previous: EndpointState | undefined) => void;

const PROBE_PREFIX = '~probe:';

export async function followDeployments(db: Db, onChange?: OnDeploymentChange, opts: FollowOptions = {}): Promise<DeploymentFollower> {
  const pollMs = opts.pollMs ?? 250;
  const safetyPollMs = opts.safetyPollMs ?? 5000;
  const probeMs = opts.probeMs ?? 1000;
  const states = new Map<string, EndpointState>();
  let closed = false;
  let mode: 'notify' | 'poll' = 'poll';
  let timer: NodeJS.Timeout | undefined;
  let probeSeen: (() => void) | undefined;
  const probeId = `${PROBE_PREFIX}${randomUUID()}`;

  const take = (fresh: EndpointState[]) => {
    for (const s of fresh) {
      const prev = states.get(s.name);
      if (prev && prev.revision >= s.revision) continue;
      states.set(s.name, s);
      try {
        onChange?.(s, prev);
      } catch (err) {
        opts.onError?.(err);
      }
    }
  };

  // Refreshes run one at a time, in order, so an older read never overwrites a newer one. The chain never
  // rejects (a failure goes to onError), so callers may let its promise go with `void`.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>): Promise<void> => {
    chain = chain.then(async () => {
      if (closed) return;
      try {
        await work();
      } catch (err) {
        opts.onError?.(err);
      }
    });
    return chain;
  };
  const refreshChanged = () => enqueue(async () => {
    const revisions = await endpointRevisions(db);
    const changed = [...revisions].filter(([name, rev]) => (states.get(name)?.revision ?? -1) < rev).map(([name]) => name);
    if (changed.length > 0) take(await endpointStates(db, changed));
  });
  const onPayload = (payload: string) => {
    if (payload === probeId) {
      probeSeen?.();
      return;
    }
    if (payload.startsWith(PROBE_PREFIX)) return;
    const cut = payload.lastIndexOf(':');
    const name = payload.slice(0, cut);
    const revision = Number(payload.slice(cut + 1));
    // A payload of another shape: read what changed (the chain never rejects).
    if (cut <= 0 || !Number.isFinite(revision)) return void refreshChanged();
    if ((states.get(name)?.revision ?? -1) >= revision) return;
    void enqueue(async () => {
      if ((states.get(name)?.revision ?? -1) < revision) take(await endpointStates(db, [name]));
    });
  };

  // Listen first, then read: a change committed in between is both read and notified (the revision dedupes).
  const driver = driverOf(db);
  let unlisten: (() => Promise<void>) | undefined;
  if (driver.kind === 'postgres') {
    let listening = false;
    const req = await driver.client.listen(DEPLOYMENTS_CHANNEL, onPayload, () => {
      // Called on every (re)connection of the listening connection: what changed meanwhile is read again.
      if (listening) void refreshChanged();
      listening = true;
    });
    unlisten = () => req.unlisten();
  } else {
    const off = await driver.client.listen(DEPLOYMENTS_CHANNEL, onPayload);
    unlisten = () => off();
  }
  take(await endpointStates(db));

  // The probe: a notification sent now must come back to this listener, else the follower polls (see the top).
  const seen = new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), probeMs);
    probeSeen = () => {
      clearTimeout(t);
      resolve(true);
    };
  });
  await db.execute(sql`select pg_notify(${DEPLOYMENTS_CHANNEL}, ${probeId})`);
  mode = (await seen) ? 'notify' : 'poll';
  probeSeen = undefined;
  if (mode === 'poll' && unlisten) {
    // Notifications do not arrive here: stop listening so the shared backend does not queue them for nobody.
    await unlisten().catch((err: unknown) => opts.onError?.(err));
    unlisten = undefined;
  }
  // The change that landed while the probe ran is taken now.
  await refreshChanged();

  const period = mode === 'notify' ? safetyPollMs : pollMs;
  const tick = () => {
    if (closed) return;
    void refreshChanged().finally(() => {
      if (!closed) timer = setTimeout(tick, period);
    });
  };
  timer = setTimeout(tick, period);

  return {
    current: (endpoint) => states.get(endpoint),
    all: () => [...states.values()].sort((a, b) => a.name.localeCompare(b.name)),
    get mode() {
      return mode;
    },
    refresh: refreshChanged,
    async close() {
      closed = true;
      clearTimeout(timer);
      await chain;
      await unlisten?.().catch((err: unknown) => opts.onError?.(err));
    },
  };
}
