// What predict servers saw, stored per time window (table serving_windows): each predict server process flushes one
// row per (endpoint, deployment, variant) that served or shadowed requests in a window, off the request path. A
// canary rollout judges its canary against the stable version from these rows (summed over every predict server),
// and the endpoint page shows traffic, latency percentiles, errors and shadow agreement from them.
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../client';
import { servingWindows } from '../schema';

/**
 * Upper bounds (milliseconds) of the latency histogram's buckets; a last bucket counts everything slower. Fine
 * below 10 ms, where served models live, and coarse above, where a bad canary does.
 */
export const LATENCY_BOUNDS_MS = [
  0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12.5, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500, 750, 1000,
  2000, 5000, 10000,
] as const;

/** The bucket a latency falls in: the first bound it does not exceed, else the overflow bucket. */
export function latencyBucket(ms: number): number {
  let lo = 0;
  let hi: number = LATENCY_BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= LATENCY_BOUNDS_MS[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** An empty histogram: one count per bound plus the overflow bucket. */
export const emptyLatencyCounts = (): number[] => new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);

/** A shadow variant's comparison with the answers it shadowed, over one window. */
export interface ShadowCounts {
  /** Copies whose answer was compared with the primary's. */
  compared: number;
  /** Compared copies that predicted the same class (classifiers). */
  agreed: number;
  /** Copies dropped because the shadow's queue was full (never compared, never slowing the caller). */
  dropped: number;
  /** Sum over compared rows of (shadow − primary)², for regressors (and probabilities of the predicted class). */
  squaredErrorSum: number;
  /** Rows compared (a request may carry many rows). */
  rows: number;
  /** Sum over compared copies of (shadow latency − primary latency), milliseconds. */
  latencyDiffSumMs: number;
}

export const emptyShadowCounts = (): ShadowCounts => ({ compared: 0, agreed: 0, dropped: 0, squaredErrorSum: 0, rows: 0, latencyDiffSumMs: 0 });

export interface ServingWindowInput {
  endpoint: string;
  deploymentId: string | null;
  variant: string;
  role: 'primary' | 'canary' | 'shadow';
  modelVersionId: string | null;
  server: string;
  windowStart: Date;
  windowEnd: Date;
  requests: number;
  errors: number;
  /** Counts per LATENCY_BOUNDS_MS bucket, overflow last (length LATENCY_BOUNDS_MS.length + 1). */
  latencyCounts: number[];
  latencySumMs: number;
  shadow?: ShadowCounts | null;
}

/** Appends windows (one statement); rows with no request and no dropped copy are not worth a row and are skipped. */
export async function recordServingWindows(db: Db, rows: ServingWindowInput[]): Promise<number> {
  const kept = rows.filter((r) => r.requests > 0 || (r.shadow?.dropped ?? 0) > 0);
  if (kept.length === 0) return 0;
  for (const r of kept) {
    if (r.latencyCounts.length !== LATENCY_BOUNDS_MS.length + 1) {
      throw new Error(`serving window of ${r.endpoint}/${r.variant}: ${r.latencyCounts.length} latency counts, expected ${LATENCY_BOUNDS_MS.length + 1}`);
    }
  }
  await db.insert(servingWindows).values(kept.map((r) => ({ ...r, shadow: r.shadow ?? null })));
  return kept.length;
}

/** One variant's traffic over a span, summed over every predict server and window in it. */
export interface VariantSummary {
  variant: string;
  role: string;
  deploymentId: string | null;
  modelVersionId: string | null;
  requests: number;
  errors: number;
  /** errors / requests (0 without requests). */
  errorRate: number;
  /** Requests per second over the span asked for. */
  rps: number;
  /** Percentiles read from the merged histogram (the bucket's upper bound); null without requests. */
  p50Ms: number | null;
  p99Ms: number | null;
  meanMs: number | null;
  latencyCounts: number[];
  shadow: (ShadowCounts & { agreement: number | null; rmse: number | null; latencyDiffMeanMs: number | null }) | null;
  /** Predict server processes that reported. */
  servers: number;
}

/** The latency at quantile q (0–1) of a histogram: the upper bound of the bucket holding it (overflow: Infinity). */
export function quantileOf(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (seen >= rank) return i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i] : Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

export interface SummaryQuery {
  endpoint: string;
  /** Windows ending after this instant (inclusive). */
  since: Date;
  /** Windows ending at or before this instant (default: now). */
  until?: Date;
  /** Only this deployment's windows. */
  deploymentId?: string;
}

/** Per-variant totals of an endpoint over [since, until], ordered by variant name. */
export async function summarizeServing(db: Db, q: SummaryQuery): Promise<VariantSummary[]> {
  const until = q.until ?? new Date();
  const rows = await db
    .select()
    .from(servingWindows)
    .where(and(
      eq(servingWindows.endpoint, q.endpoint),
      gte(servingWindows.windowEnd, q.since),
      lte(servingWindows.windowEnd, until),
      q.deploymentId ? eq(servingWindows.deploymentId, q.deploymentId) : undefined,
    ))
    .orderBy(asc(servingWindows.variant), asc(servingWindows.id));
  const seconds = Math.max(1e-3, (until.getTime() - q.since.getTime()) / 1000);
  const byVariant = new Map<string, { rows: typeof rows; servers: Set<string> }>();
  for (const r of rows) {
    const key = `${r.variant}\u0000${r.role}`;
    const entry = byVariant.get(key) ?? { rows: [], servers: new Set<string>() };
    entry.rows.push(r);
    entry.servers.add(r.server);
    byVariant.set(key, entry);
  }
  return [...byVariant.values()].map(({ rows: rs, servers }) => {
    const latest = rs[rs.length - 1];
    const counts = emptyLatencyCounts();
    let requests = 0;
    let errors = 0;
    let sum = 0;
    let shadow: ShadowCounts | null = null;
    for (const r of rs) {
      requests += r.requests;
      errors += r.errors;
      sum += r.latencySumMs;
      (r.latencyCounts as number[]).forEach((c, i) => { counts[i] += c; });
      const s = r.shadow as ShadowCounts | null;
      if (s) {
        shadow ??= emptyShadowCounts();
        for (const k of Object.keys(shadow) as Array<keyof ShadowCounts>) shadow[k] += s[k] ?? 0;
      }
    }
    return {
      variant: latest.variant,
      role: latest.role,
      deploymentId: latest.deploymentId,
      modelVersionId: latest.modelVersionId,
      requests,
      errors,
      errorRate: requests > 0 ? errors / requests : 0,
      rps: requests / seconds,
      p50Ms: quantileOf(counts, 0.5),
      p99Ms: quantileOf(counts, 0.99),
      meanMs: requests > 0 ? sum / requests : null,
      latencyCounts: counts,
      shadow: shadow && {
        ...shadow,
        agreement: shadow.compared > 0 ? shadow.agreed / shadow.compared : null,
        rmse: shadow.rows > 0 ? Math.sqrt(shadow.squaredErrorSum / shadow.rows) : null,
        latencyDiffMeanMs: shadow.compared > 0 ? shadow.latencyDiffSumMs / shadow.compared : null,
      },
      servers: servers.size,
    };
  });
}
