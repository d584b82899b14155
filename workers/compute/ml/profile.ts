// Training-data profile per feature, stored with the model so serving can later measure drift (e.g. PSI over bins).
import type { Table } from 'apache-arrow';
import { profileOfTable } from '../../../server/monitoring/profile';
import type { DataProfile } from '../../../server/monitoring/stats/types';
import { tableToMatrix } from './matrix';

export const PROFILE_BINS = 10;

export interface FeatureProfile {
  feature: string;
  rows: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /**
   * PROFILE_BINS + 1 quantile edges (min, deciles, max). Equal-frequency bins make every bin informative for drift
   * even on skewed features; repeated values can make edges repeat (those bins then stay empty).
   */
  edges: number[];
  /** Training rows per bin, bin = binIndex(edges, x). */
  histogram: number[];
}

/** Bin of x for these edges: the number of interior edges ≤ x (values outside [min, max] go to the end bins). */
export function binIndex(edges: number[], x: number): number {
  let lo = 1;
  let hi = edges.length - 1; // search interior edges edges[1..len-2]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Quantile by linear interpolation between order statistics (numpy's default "linear" method). */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < sorted.length ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** Profiles the columns of a row-major [rows, features.length] matrix. */
export function profileMatrix(X: Float32Array, rows: number, features: string[]): FeatureProfile[] {
  if (rows < 1) throw new Error('cannot profile an empty table');
  const F = features.length;
  return features.map((feature, j) => {
    const col = new Float64Array(rows);
    for (let r = 0; r < rows; r++) col[r] = X[r * F + j];
    const mean = col.reduce((a, v) => a + v, 0) / rows;
    const std = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / rows);
    const sorted = col.slice().sort();
    const edges = Array.from({ length: PROFILE_BINS + 1 }, (_, k) => quantile(sorted, k / PROFILE_BINS));
    const histogram = new Array<number>(PROFILE_BINS).fill(0);
    for (let r = 0; r < rows; r++) histogram[binIndex(edges, col[r])]++;
    return { feature, rows, mean, std, min: sorted[0], max: sorted[rows - 1], edges, histogram };
  });
}

/** Profiles feature columns of an Arrow table (nulls refused, as for training). */
export function profileTable(table: Table, features: string[]): FeatureProfile[] {
  const m = tableToMatrix(table, features);
  return profileMatrix(m.X, m.rows, features);
}

/**
 * The training profile stored with a registered version (model_versions.profile), the reference monitoring
 * measures drift against: every feature of the signature (numeric ones with profileNumeric) and the target's
 * class counts (profileCategorical), by monitoring's own statistics (server/monitoring/profile.ts), so the
 * registry and the monitor read one definition.
 */
export function trainingProfile(table: Table, signature: { features: readonly string[]; target: string }): DataProfile {
  return profileOfTable(table, { features: signature.features, target: signature.target });
}
