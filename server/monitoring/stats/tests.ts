// The raw drift statistics, each matching a reference implementation (scipy, or Evidently's PSI) on the same input.
// Pure TypeScript: no Node, no I/O.
import { chi2Sf, kolmogorovSf, roundHalfEven } from './distributions';
import type { TestResult } from './types';

/**
 * The share given to an empty bin or category (on either side) by PSI, and to a category the reference never saw
 * by the chi-squared test of featureDrift: 1e-4, as Evidently's PSI does. It keeps the statistics finite.
 */
export const EMPTY_SHARE = 1e-4;

function total(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: ${a.length} reference bins but ${b.length} current bins`);
}

/**
 * Population stability index of two histograms over the same bins (counts per bin):
 * Σ (c_i − r_i) · ln(c_i / r_i) over the shares r_i, c_i, an empty bin's share taken as EMPTY_SHARE.
 * NaN when either side is empty.
 */
export function psi(reference: number[], current: number[]): number {
  sameLength(reference, current, 'psi');
  const rt = total(reference);
  const ct = total(current);
  if (!(rt > 0) || !(ct > 0)) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] > 0 ? reference[i] / rt : EMPTY_SHARE;
    const c = current[i] > 0 ? current[i] / ct : EMPTY_SHARE;
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}

/**
 * Jensen–Shannon distance (the square root of the divergence, natural log: in [0, √ln 2]) of two histograms over the
 * same bins, each normalized to sum to one — scipy.spatial.distance.jensenshannon. Empty bins need no epsilon.
 * NaN when either side is empty.
 */
export function jensenShannon(reference: number[], current: number[]): number {
  sameLength(reference, current, 'jensenShannon');
  const rt = total(reference);
  const ct = total(current);
  if (!(rt > 0) || !(ct > 0)) return Number.NaN;
  let left = 0;
  let right = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = reference[i] / rt;
    const q = current[i] / ct;
    const m = (p + q) / 2;
    if (p > 0) left += p * Math.log(p / m);
    if (q > 0) right += q * Math.log(q / m);
  }
  return Math.sqrt(Math.max(0, (left + right) / 2));
}

/**
 * Two-sample Kolmogorov–Smirnov test of a reference against the current values.
 *
 * The reference is given as sorted points of equal weight: the profile's QUANTILE_POINTS + 1 quantiles (a sketch of
 * the reference whose CDF is within about 1 / QUANTILE_POINTS of the exact one), or the whole sorted reference
 * (then the statistic is exactly scipy.stats.ks_2samp's). The statistic is the largest distance between the two
 * empirical CDFs; the p-value is ks_2samp's asymptotic one, P(D_n > d) for the one-sample two-sided distribution at
 * n = round(n1·n2 / (n1 + n2)) with n1 = referenceCount, n2 = current.length (scipy.stats.kstwo.sf).
 * `current` must be sorted ascending (Float64Array.prototype.sort does that).
 */
export function ks2(referenceQuantiles: ArrayLike<number>, referenceCount: number, current: Float64Array): TestResult {
  const k = referenceQuantiles.length;
  const m = current.length;
  if (k === 0 || m === 0 || !(referenceCount > 0)) return { statistic: 0, pvalue: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  // Walk the union of the values in order; at each distinct value, compare the two right-continuous CDFs.
  while (i < k || j < m) {
    const v = j >= m || (i < k && referenceQuantiles[i] <= current[j]) ? referenceQuantiles[i] : current[j];
    while (i < k && referenceQuantiles[i] <= v) i++;
    while (j < m && current[j] <= v) j++;
    const diff = Math.abs(i / k - j / m);
    if (diff > d) d = diff;
  }
  const big = Math.max(referenceCount, m);
  const small = Math.min(referenceCount, m);
  const en = roundHalfEven((big * small) / (big + small));
  const pvalue = en >= 1 ? kolmogorovSf(en, d) : 1;
  return { statistic: d, pvalue: Math.min(1, Math.max(0, pvalue)) };
}

/**
 * Pearson's chi-squared goodness-of-fit test of observed counts against expected shares, the expected counts being
 * the shares scaled to the observed total — scipy.stats.chisquare(observed, f_exp). Degrees of freedom: bins − 1.
 * As scipy: an expected share of zero where something was observed gives an infinite statistic and a p-value of 0;
 * a single bin gives a NaN p-value.
 */
export function chi2Test(expectedShares: number[], observed: number[]): TestResult {
  sameLength(expectedShares, observed, 'chi2Test');
  const st = total(expectedShares);
  const ot = total(observed);
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = (expectedShares[i] / st) * ot;
    const diff = observed[i] - e;
    statistic += e > 0 ? (diff * diff) / e : diff === 0 ? Number.NaN : Number.POSITIVE_INFINITY;
  }
  if (Number.isNaN(statistic)) return { statistic, pvalue: Number.NaN };
  const dof = observed.length - 1;
  const pvalue = statistic === Number.POSITIVE_INFINITY ? 0 : chi2Sf(statistic, dof);
  return { statistic, pvalue };
}
