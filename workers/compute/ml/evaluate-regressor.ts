// Regression metrics (RMSE, MAE, R², a residual histogram), from predictions and targets or by running an
// exported regressor (the `prediction` contract) over a table.
import type { Table } from 'apache-arrow';
import type { ModelSignature } from '../../../dsl/refs';
import { DataError } from '../errors';
import { tableToMatrix } from './matrix';
import { modelFeeds } from './model-inputs';
import { openSession } from './onnx/session';

export const RESIDUAL_BINS = 20;

export interface RegressorEvaluation {
  values: { rmse: number; mae: number; r2: number; rows: number };
  /**
   * Residuals target − prediction in `counts.length` equal-width bins between the smallest and largest residual:
   * bin i covers [edges[i], edges[i+1]), the last one includes its right edge.
   */
  residuals: { edges: number[]; counts: number[] };
}

/**
 * R² = 1 − SS_res/SS_tot. A constant target (SS_tot = 0) gives 1 for perfect predictions and 0 otherwise, as
 * scikit-learn does, rather than a division by zero.
 */
export function regressionMetrics(
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
  opts: { bins?: number } = {},
): RegressorEvaluation {
  const n = targets.length;
  if (predictions.length !== n) throw new Error(`${predictions.length} predictions for ${n} targets`);
  if (n === 0) throw new DataError('no rows to evaluate');
  const bins = opts.bins ?? RESIDUAL_BINS;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`bins must be a positive integer, got ${bins}`);
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += targets[i];
  yMean /= n;
  let sq = 0;
  let abs = 0;
  let tot = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = targets[i] - predictions[i];
    residuals[i] = r;
    sq += r * r;
    abs += Math.abs(r);
    tot += (targets[i] - yMean) ** 2;
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  }
  // All residuals equal: one unit-wide range around them, so the bins still have a width.
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const r of residuals) counts[Math.min(bins - 1, Math.floor((r - lo) / width))]++;
  return {
    values: { rmse: Math.sqrt(sq / n), mae: abs / n, r2: tot > 0 ? 1 - sq / tot : sq === 0 ? 1 : 0, rows: n },
    residuals: { edges, counts },
  };
}

/** Runs an exported regressor in batches over `table` and scores its `prediction` against the target column. */
export async function evaluateRegressor(
  modelBytes: Uint8Array,
  signature: ModelSignature,
  table: Table,
  opts: { target?: string; batchSize?: number; bins?: number } = {},
): Promise<RegressorEvaluation> {
  const inputs = modelFeeds(table, signature);
  // The target read as a one-column feature matrix: the same type and null checks, as float32.
  const targets = tableToMatrix(table, [opts.target ?? signature.target]).X;
  const predictions = new Float32Array(inputs.rows);
  const { session } = await openSession(modelBytes, 'cpu');
  const batch = Math.max(1, opts.batchSize ?? 4096);
  try {
    for (let start = 0; start < inputs.rows; start += batch) {
      const n = Math.min(batch, inputs.rows - start);
      const out = await session.run(inputs.feeds(start, n));
      predictions.set(out.prediction.data as Float32Array, start);
    }
  } finally {
    await session.release();
  }
  return regressionMetrics(predictions, targets, { bins: opts.bins });
}
