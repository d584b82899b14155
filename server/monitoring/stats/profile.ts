// Profiles of reference (training) columns: what drift is measured against, summarized once so that monitoring never
// rescans the training data. Pure TypeScript: no Node, no I/O.
import type { CategoricalProfile, NumericProfile } from './types';

/** profile.quantiles holds the quantiles at k / QUANTILE_POINTS, k = 0 … QUANTILE_POINTS (1001 values). */
export const QUANTILE_POINTS = 1000;
/** PSI and Jensen–Shannon bins of a numeric feature: at most this many, equal-frequency from the reference. */
export const PSI_BINS = 10;
/** A categorical profile keeps the counts of at most this many values; the rest count as `other`. */
export const MAX_CATEGORIES = 1000;

/** Quantile q of sorted values by numpy's default "linear" method (interpolation between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const pos = (n - 1) * q;
  const i = Math.min(Math.floor(pos), n - 1);
  const j = Math.min(i + 1, n - 1);
  const g = pos - i;
  const a = sorted[i];
  const b = sorted[j];
  const diff = b - a;
  // numpy's _lerp: from the nearer end, so that q = 1 lands exactly on the maximum.
  return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

/**
 * Bin of x for these edges: the number of interior edges (edges[1] … edges[len − 2]) that are ≤ x, so bin i holds
 * edges[i] ≤ x < edges[i + 1] and the end bins are open (values beyond the reference's range land in them).
 */
export function binIndex(edges: ArrayLike<number>, x: number): number {
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Equal-frequency edges from the reference quantiles: min, the deciles, max, with repeated edges merged. */
export function edgesOf(quantiles: number[]): number[] {
  const step = QUANTILE_POINTS / PSI_BINS;
  const edges: number[] = [];
  for (let k = 0; k <= PSI_BINS; k++) {
    const e = quantiles[k * step];
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  // A constant column has a single edge: one bin, holding everything.
  if (edges.length === 1) edges.push(edges[0]);
  return edges;
}

/**
 * Profiles a numeric column. NaN and ±Infinity count as null, as do `nulls` more rows the caller skipped. An
 * all-null column has zero moments and empty quantiles, edges and counts (drift against it is not judged).
 */
export function profileNumeric(values: ArrayLike<number>, nulls = 0): NumericProfile {
  const n = values.length;
  const data = new Float64Array(n);
  let count = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number | null | undefined;
    if (v === null || v === undefined || !Number.isFinite(v)) {
      nulls++;
      continue;
    }
    data[count++] = v;
    sum += v;
  }
  if (count === 0) {
    return { kind: 'numeric', count: 0, nulls, min: 0, max: 0, mean: 0, std: 0, quantiles: [], edges: [], counts: [] };
  }
  const sorted = data.subarray(0, count).sort();
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < count; i++) ss += (sorted[i] - mean) ** 2;
  const std = Math.sqrt(ss / count);
  const quantiles = new Array<number>(QUANTILE_POINTS + 1);
  for (let k = 0; k <= QUANTILE_POINTS; k++) quantiles[k] = quantileSorted(sorted, k / QUANTILE_POINTS);
  const edges = edgesOf(quantiles);
  const counts = new Array<number>(edges.length - 1).fill(0);
  // Sorted values: walk the bins instead of searching each value.
  let bin = 0;
  const last = counts.length - 1;
  for (let i = 0; i < count; i++) {
    while (bin < last && sorted[i] >= edges[bin + 1]) bin++;
    counts[bin]++;
  }
  return { kind: 'numeric', count, nulls, min: sorted[0], max: sorted[count - 1], mean, std, quantiles, edges, counts };
}

/** The category of a value: strings as they are, booleans as "true" / "false", numbers in JavaScript's spelling. */
export function categoryOf(value: string | boolean | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : String(value);
  return String(value);
}

/** Orders categories by count, most frequent first, ties by value (so profiles are deterministic). */
export function byCountDesc(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** Profiles a categorical column: counts of the MAX_CATEGORIES most frequent values, the rest as `other`. */
export function profileCategorical(values: ArrayLike<string | boolean | number | null>): CategoricalProfile {
  const tally = new Map<string, number>();
  let nulls = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const c = categoryOf(values[i]);
    if (c === null) {
      nulls++;
      continue;
    }
    count++;
    tally.set(c, (tally.get(c) ?? 0) + 1);
  }
  const ranked = [...tally.entries()].sort(byCountDesc);
  // fromEntries defines own properties, so even a value named "__proto__" is counted as itself.
  const counts: Record<string, number> = Object.fromEntries(ranked.slice(0, MAX_CATEGORIES));
  let other = 0;
  for (let i = MAX_CATEGORIES; i < ranked.length; i++) other += ranked[i][1];
  return { kind: 'categorical', count, nulls, counts, other };
}
