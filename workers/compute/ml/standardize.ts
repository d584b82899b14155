// Standardizing feature rows in float32 exactly as the exported graphs' Sub/Div do, so training and serving see
// equal inputs.
import { featureStats } from './matrix';

/** x' = (x − mean)/std per column, each operation rounded to float32. `rows` picks and orders the rows (default all). */
export function standardizeRows(
  X: Float32Array,
  width: number,
  mean: Float32Array,
  std: Float32Array,
  rows?: ArrayLike<number>,
): Float32Array {
  const n = rows ? rows.length : X.length / width;
  const out = new Float32Array(n * width);
  for (let k = 0; k < n; k++) {
    const r = rows ? rows[k] : k;
    for (let j = 0; j < width; j++) out[k * width + j] = Math.fround(Math.fround(X[r * width + j] - mean[j]) / std[j]);
  }
  return out;
}

/** featureStats over the given rows only (a validation split must not leak into the standardization). */
export function statsOfRows(X: Float32Array, width: number, rows: ArrayLike<number>): { mean: Float32Array; std: Float32Array } {
  const picked = new Float32Array(rows.length * width);
  for (let k = 0; k < rows.length; k++) picked.set(X.subarray(rows[k] * width, rows[k] * width + width), k * width);
  const s = featureStats(picked, rows.length, width);
  return { mean: Float32Array.from(s.mean), std: Float32Array.from(s.std) };
}
