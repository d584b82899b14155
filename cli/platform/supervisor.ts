// The launcher's supervisor: every child process `headrace start` runs (the Temporal dev server, the worker(s), the
// predict server) is watched here. One that exits while the platform is not stopping is started again, after a
// backoff that doubles from 0.5 s up to 30 s and starts over once a child has stayed up a minute; each event is one
// `[supervisor] …` line in the launcher's log, and each component's state is what `/healthz` and the web app's nav
// show (docs/cli.md, "Supervision and /healthz"). Parts that live inside the launcher's own process (the embedded
// database, the API and web app) are listed too, as `up` while the launcher runs: when they fail, the launcher does.
import type { ChildProcess } from 'node:child_process';

export type ComponentState = 'starting' | 'up' | 'restarting' | 'stopped' | 'failed';

export interface ComponentHealth {
  state: ComponentState;
  /** Restarts after unexpected exits since the platform started. */
  restarts: number;
  /** The process it runs as (the launcher's own for in-process parts). */
  pid?: number;
  /** When it entered its state (ISO 8601). */
  since: string;
  /** How it last ended unexpectedly (`signal SIGKILL`, `code 1`, or why a start failed), and when. */
  lastExit?: { cause: string; at: string };
  /** Set for parts inside the launcher's process. */
  inProcess?: true;
}

export interface HealthReport {
  /** `ok` when every component is up; else `degraded`, naming them in `degraded`. */
  status: 'ok' | 'degraded';
  degraded: string[];
  components: Record<string, ComponentHealth>;
}

export interface BackoffOptions {
  /** The first delay before a restart (default 500 ms). */
  initialMs: number;
  /** The longest delay (default 30 s); each restart doubles the previous delay up to it. */
  maxMs: number;
  /** A child up this long resets the delay to `initialMs` (default 60 s). */
  resetAfterMs: number;
  /** Starts that fail in a row before the supervisor gives up on a component (state `failed`; default 10). */
  maxFailedStarts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000, maxFailedStarts: 10 };

/** What a supervised start resolves with: a running child and how to stop it in order. */
export interface ChildHandle {
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface Supervised<T extends ChildHandle> {
  /** The handle of the child running now (the latest start). */
  current(): T;
  /** Stops the child for good (no restart), cancelling a pending restart. */
  stop(): Promise<void>;
}

/** `signal SIGKILL` or `code 1`: how a child ended. */
export function exitCause(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`;
}

/** The delay before restart `n` (1-based) after `previousMs`: 0.5 s, 1 s, 2 s … up to the maximum. */
export function nextDelay(previousMs: number | undefined, b: BackoffOptions): number {
  return previousMs === undefined ? b.initialMs : Math.min(b.maxMs, previousMs * 2);
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(2))} s`;

export class Supervisor {
  private readonly components = new Map<string, ComponentHealth>();
  private readonly backoff: BackoffOptions;
  private stopping = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly log: (m: string) => void, backoff: Partial<BackoffOptions> = {}) {
    this.backoff = { ...DEFAULT_BACKOFF, ...backoff };
  }

  /** Marks an orderly shutdown: from now on no child is restarted and pending restarts are cancelled. */
  shutdown(): void {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.components.values()) if (c.state === 'restarting' || c.state === 'starting') this.set(c, 'stopped');
  }

  /** A part of the launcher's own process, shown as up while the launcher runs. */
  inProcess(name: string): void {
    this.components.set(name, { state: 'up', restarts: 0, pid: process.pid, since: new Date().toISOString(), inProcess: true });
  }

  /** Marks a component stopped (an in-process part closed in order). */
  stopped(name: string): void {
    const c = this.components.get(name);
    if (c) this.set(c, 'stopped');
  }

  health(): HealthReport {
    const components = Object.fromEntries([...this.components].map(([name, c]) => [name, { ...c }]));
    const degraded = Object.entries(components).filter(([, c]) => c.state !== 'up').map(([name]) => name);
    return { status: degraded.length === 0 ? 'ok' : 'degraded', degraded, components };
  }

  /**
   * Starts `name` with `start(0)` and keeps it running: when its child exits while the platform is not stopping,
   * `start(n)` is called for restart n after the backoff. The first start's failure is thrown (the platform does not
   * come up); later ones are retried with a longer delay, up to `maxFailedStarts` in a row.
   */
  async supervise<T extends ChildHandle>(name: string, start: (restart: number) => Promise<T>): Promise<Supervised<T>> {
    const c: ComponentHealth = { state: 'starting', restarts: 0, since: new Date().toISOString() };
    this.components.set(name, c);
    let handle: T;
    try {
      handle = await start(0);
    } catch (err) {
      this.set(c, 'failed');
      c.lastExit = { cause: `did not start: ${(err as Error).message.split('\n')[0]}`, at: new Date().toISOString() };
      throw err;
    }
    let stoppedForGood = false;
    let delay: number | undefined;
    let failedStarts = 0;
    let upAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let starting: Promise<void> | undefined;

    const up = (h: T) => {
      handle = h;
      c.pid = h.child.pid;
      upAt = Date.now();
      failedStarts = 0;
      this.set(c, 'up');
      // A child that already ended between its start and here has no exit event left to send.
      if (h.child.exitCode !== null || h.child.signalCode !== null) queueMicrotask(() => onExit(h, exitCause(h.child.exitCode, h.child.signalCode)));
      else h.child.once('exit', (code, signal) => onExit(h, exitCause(code, signal)));
    };
    const schedule = (attempt: () => void, ms: number) => {
      timer = setTimeout(() => {
        this.timers.delete(timer!);
        timer = undefined;
        attempt();
      }, ms);
      this.timers.add(timer);
    };
    const restart = async () => {
      if (this.stopping || stoppedForGood) return;
      try {
        const h = await start(c.restarts);
        if (this.stopping || stoppedForGood) {
          await h.stop();
          this.set(c, 'stopped');
          return;
        }
        up(h);
        this.log(`[supervisor] ${name} is up again (pid ${h.child.pid}, restart ${c.restarts})`);
      } catch (err) {
        if (this.stopping || stoppedForGood) return void this.set(c, 'stopped');
        failedStarts++;
        const why = (err as Error).message.split('\n')[0];
        c.lastExit = { cause: `did not start: ${why}`, at: new Date().toISOString() };
        if (failedStarts >= this.backoff.maxFailedStarts) {
          this.set(c, 'failed');
          this.log(`[supervisor] ${name} did not start ${failedStarts} times in a row (${why}); giving up — stop and start the platform`);
          return;
        }
        delay = nextDelay(delay, this.backoff);
        this.set(c, 'restarting');
        this.log(`[supervisor] ${name} did not start (${why}); retrying in ${seconds(delay)}`);
        schedule(() => void (starting = restart()), delay);
      }
    };
    const onExit = (h: T, cause: string) => {
      if (h !== handle) return; // an older child, already replaced
      if (this.stopping || stoppedForGood) {
        this.set(c, 'stopped');
        return;
      }
      if (Date.now() - upAt >= this.backoff.resetAfterMs) delay = undefined;
      delay = nextDelay(delay, this.backoff);
      c.restarts++;
      c.lastExit = { cause, at: new Date().toISOString() };
      c.pid = undefined;
      this.set(c, 'restarting');
      this.log(`[supervisor] ${name} exited (${cause}); restarting in ${seconds(delay)} (restart ${c.restarts})`);
      schedule(() => void (starting = restart()), delay);
    };
    up(handle);
    return {
      current: () => handle,
      stop: async () => {
        stoppedForGood = true;
        if (timer) {
          clearTimeout(timer);
          this.timers.delete(timer);
        }
        await starting; // a start under way finishes (and stops what it started) first
        await handle.stop();
        this.set(c, 'stopped');
      },
    };
  }

  private set(c: ComponentHealth, state: ComponentState): void {
    if (c.state === state) return;
    c.state = state;
    c.since = new Date().toISOString();
  }
}
