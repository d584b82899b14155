// Linear and ridge regression, solved exactly in float64 (normal equations, Cholesky).
import { ConfigError, DataError } from '../errors';

export interface TrainLinearInput {
  /** Raw features, row-major [rows, features.length]. */
  X: Float32Array;
  rows: number;
  features: string[];
  y: Float32Array | Float64Array;
  /** Ridge penalty α ≥ 0 on the standardized coefficients (0: ordinary least squares). Default 0. */
  alpha?: number;
}

export interface LinearModel {
  features: string[];
  /** In the features' own units: prediction = intercept + Σ coefficients[j]·x[j]. */
  coefficients: Float64Array;
  intercept: number;
  /** The solution the penalty applies to, for standardized features x' = (x − mean)/std: ŷ = bias + Σ weights[j]·x'[j]. */
  weights: Float64Array;
  bias: number;
  mean: Float64Array;
  /** 1 for a constant feature, whose weight is 0. */
  std: Float64Array;
  alpha: number;
  trainMillis: number;
}

/**
 * Minimizes Σ (y − ŷ)² + α·‖w‖² over standardized features (scikit-learn's Ridge after a StandardScaler); the
 * intercept is not penalized (the centred problem has none). Solved from (ZᵀZ + αI)·w = Zᵀ(y − ȳ) by Cholesky:
 * exact to rounding for well-conditioned data. Constant features get weight 0. Collinear features with α = 0 have
 * no unique solution and are refused, naming the feature.
 */
export function trainLinear(input: TrainLinearInput): LinearModel {
  const started = performance.now();
  const { X, rows, features, y } = input;
  const F = features.length;
  const alpha = input.alpha ?? 0;
  if (rows < 1) throw new DataError('no training rows');
  if (X.length !== rows * F) throw new Error(`X has ${X.length} values, expected ${rows}×${F}`);
  if (y.length !== rows) throw new Error(`y has ${y.length} targets, expected ${rows}`);
  if (!(alpha >= 0 && Number.isFinite(alpha))) throw new ConfigError(`alpha must be ≥ 0, got ${alpha}`);
  for (let i = 0; i < X.length; i++) if (!Number.isFinite(X[i])) throw new DataError(`non-finite feature value at row ${Math.floor(i / F)}`);
  for (let i = 0; i < rows; i++) if (!Number.isFinite(y[i])) throw new DataError(`non-finite target value at row ${i}`);

  const mean = new Float64Array(F);
  const std = new Float64Array(F);
  for (let r = 0; r < rows; r++) for (let j = 0; j < F; j++) mean[j] += X[r * F + j];
  for (let j = 0; j < F; j++) mean[j] /= rows;
  for (let r = 0; r < rows; r++) for (let j = 0; j < F; j++) std[j] += (X[r * F + j] - mean[j]) ** 2;
  const active: number[] = [];
  for (let j = 0; j < F; j++) {
    std[j] = Math.sqrt(std[j] / rows);
    if (std[j] > 0) active.push(j);
    else std[j] = 1;
  }
  let yMean = 0;
  for (let r = 0; r < rows; r++) yMean += y[r];
  yMean /= rows;

  // A = ZᵀZ + αI and b = Zᵀ(y − ȳ) over the non-constant features.
  const k = active.length;
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  const z = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < k; a++) z[a] = (X[r * F + active[a]] - mean[active[a]]) / std[active[a]];
    const t = y[r] - yMean;
    for (let a = 0; a < k; a++) {
      b[a] += z[a] * t;
      for (let c = 0; c <= a; c++) A[a * k + c] += z[a] * z[c];
    }
  }
  for (let a = 0; a < k; a++) A[a * k + a] += alpha;
  const w = choleskySolve(A, b, k, (a) => features[active[a]]);

  const weights = new Float64Array(F);
  const coefficients = new Float64Array(F);
  let intercept = yMean;
  active.forEach((j, a) => {
    weights[j] = w[a];
    coefficients[j] = w[a] / std[j];
    intercept -= coefficients[j] * mean[j];
  });
  return {
    features: [...features], coefficients, intercept, weights, bias: yMean, mean, std, alpha,
    trainMillis: performance.now() - started,
  };
}

/**
 * Solves A·x = b for symmetric positive definite A (lower triangle filled) by Cholesky, A = L·Lᵀ in place.
 * A pivot that vanishes relative to its diagonal means that feature is a combination of the earlier ones.
 */
function choleskySolve(A: Float64Array, b: Float64Array, k: number, name: (i: number) => string): Float64Array {
  for (let j = 0; j < k; j++) {
    const diag = A[j * k + j];
    let s = diag;
    for (let p = 0; p < j; p++) s -= A[j * k + p] ** 2;
    if (!(s > 1e-10 * diag)) {
      throw new DataError(
        `feature "${name(j)}" is (nearly) a linear combination of the features before it, so the least-squares ` +
          'solution is not unique: drop it or set alpha > 0 (ridge)',
      );
    }
    const l = Math.sqrt(s);
    A[j * k + j] = l;
    for (let i = j + 1; i < k; i++) {
      let t = A[i * k + j];
      for (let p = 0; p < j; p++) t -= A[i * k + p] * A[j * k + p];
      A[i * k + j] = t / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < k; i++) {
    for (let p = 0; p < i; p++) x[i] -= A[i * k + p] * x[p];
    x[i] /= A[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    for (let p = i + 1; p < k; p++) x[i] -= A[p * k + i] * x[p];
    x[i] /= A[i * k + i];
  }
  return x;
}

/** The model's predictions for raw rows, in float64 (the trainer's own evaluation). */
export function predictLinear(model: LinearModel, X: Float32Array, rows: number): Float64Array {
  const F = model.features.length;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let v = model.bias;
    for (let j = 0; j < F; j++) v += ((X[r * F + j] - model.mean[j]) / model.std[j]) * model.weights[j];
    out[r] = v;
  }
  return out;
}
