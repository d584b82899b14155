// Serving windows: what this predict server saw per (endpoint, deployment, variant), accumulated in memory on the
// request path (a few additions, no I/O) and flushed to table serving_windows every `intervalMs` by a timer, off
// the request path. A flush that fails is reported and its counts are dropped (the next window starts clean); it
// never touches an answer. Canary rollouts judge their canary from these rows, the endpoint page shows them.
// docs/serving.md, "Serving windows".
import { hostname } from 'node:os';
import type { Db } from '../db/client';
import {
  emptyLatencyCounts, emptyShadowCounts, latencyBucket, recordServingWindows, type ServingWindowInput, type ShadowCounts,
} from '../db/repo/serving-windows';

export const DEFAULT_STATS_INTERVAL_MS = 5000;

/** The variant a count belongs to. */
export interface WindowKey {
  endpoint: string;
  deploymentId: string | null;
  variant: string;
  role: 'primary' | 'canary' | 'shadow';
  modelVersionId: string | null;
}

/** One shadow copy compared with the answer it shadowed. */
export interface ShadowComparison {
  /** Every row predicted the primary's class. */
  agreed: boolean;
  /** Sum over rows of (shadow − primary)² of the probability of the primary's predicted class. */
  squaredErrorSum: number;
  rows: number;
  /** Shadow inference time − primary inference time (ms). */
  latencyDiffMs: number;
}

export interface WindowsOptions {
  db: Db;
  /** Flush period (ms); default HEADRACE_SERVE_STATS_INTERVAL_MS, else 5000. */
  intervalMs?: number;
  /** The `server` column (default `host:pid`). */
  server?: string;
  /** Where a failed flush is reported. */
  warn?: (line: string) => void;
}

export interface ServingWindows {
  /** A request the variant answered (or failed: `error` for a 5xx), with its time from arrival to answer. */
  observe(key: WindowKey, latencyMs: number, error: boolean): void;
  /** A shadow copy run to the end: compared, or failed (`comparison` null). */
  shadowRan(key: WindowKey, latencyMs: number, comparison: ShadowComparison | null): void;
  /** A shadow copy dropped by a full queue. */
  shadowDropped(key: WindowKey): void;
  /** Writes what accumulated since the last flush (one statement); resolves when written or failed. */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is left. */
  close(): Promise<void>;
  readonly server: string;
}

/** HEADRACE_SERVE_STATS_INTERVAL_MS, else 5000. */
export function statsIntervalFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.HEADRACE_SERVE_STATS_INTERVAL_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_STATS_INTERVAL_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 10) {
    throw new Error(`HEADRACE_SERVE_STATS_INTERVAL_MS must be a whole number of milliseconds ≥ 10, not ${JSON.stringify(raw)}`);
  }
  return ms;
}

let started = 0;

/** `host:pid`, with `/N` for the N-th server (N > 1) this process starts, so their rows stay apart. */
export function defaultServerName(): string {
  started += 1;
  return `${hostname()}:${process.pid}${started > 1 ? `/${started}` : ''}`;
}

interface Acc extends WindowKey {
  requests: number;
  errors: number;
  latencyCounts: number[];
  latencySumMs: number;
  shadow: ShadowCounts | null;
}

export function createServingWindows(opts: WindowsOptions): ServingWindows {
  const intervalMs = opts.intervalMs ?? statsIntervalFromEnv();
  const server = opts.server ?? defaultServerName();
  const warn = opts.warn ?? ((line: string) => console.error(line));
  let current = new Map<string, Acc>();
  let windowStart = new Date();
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;

  const acc = (k: WindowKey): Acc => {
    const id = `${k.endpoint}\u0000${k.deploymentId ?? ''}\u0000${k.variant}`;
    let a = current.get(id);
    if (!a) {
      a = { ...k, requests: 0, errors: 0, latencyCounts: emptyLatencyCounts(), latencySumMs: 0, shadow: k.role === 'shadow' ? emptyShadowCounts() : null };
      current.set(id, a);
    }
    return a;
  };
  const count = (a: Acc, latencyMs: number, error: boolean) => {
    a.requests += 1;
    if (error) a.errors += 1;
    a.latencyCounts[latencyBucket(latencyMs)] += 1;
    a.latencySumMs += latencyMs;
  };

  const flushNow = async () => {
    const taken = current;
    const start = windowStart;
    const end = new Date();
    current = new Map();
    windowStart = end;
    if (taken.size === 0) return;
    const rows: ServingWindowInput[] = [...taken.values()].map((a) => ({
      endpoint: a.endpoint, deploymentId: a.deploymentId, variant: a.variant, role: a.role, modelVersionId: a.modelVersionId,
      server, windowStart: start, windowEnd: end, requests: a.requests, errors: a.errors,
      latencyCounts: a.latencyCounts, latencySumMs: a.latencySumMs, shadow: a.shadow,
    }));
    try {
      await recordServingWindows(opts.db, rows);
    } catch (err) {
      warn(`predict server: writing ${rows.length} serving window row(s) failed (those counts are lost; answers are unaffected): ${(err as Error).message}`);
    }
  };
  // One flush at a time, in order; the chain never rejects.
  const flush = () => {
    flushing = flushing.then(flushNow);
    return flushing;
  };

  const timer = setInterval(() => {
    if (!closed) void flush();
  }, intervalMs);
  timer.unref();

  return {
    server,
    observe(key, latencyMs, error) {
      count(acc(key), latencyMs, error);
    },
    shadowRan(key, latencyMs, comparison) {
      const a = acc(key);
      count(a, latencyMs, comparison === null);
      if (comparison && a.shadow) {
        a.shadow.compared += 1;
        if (comparison.agreed) a.shadow.agreed += 1;
        a.shadow.squaredErrorSum += comparison.squaredErrorSum;
        a.shadow.rows += comparison.rows;
        a.shadow.latencyDiffSumMs += comparison.latencyDiffMs;
      }
    },
    shadowDropped(key) {
      const a = acc(key);
      if (a.shadow) a.shadow.dropped += 1;
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
  };
}
