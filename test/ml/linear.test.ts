// trainLinear: recovers exact coefficients, ridge shrinks them, constant and collinear features, and the export.
import { describe, expect, it } from 'vitest';
import { ModelSignature } from '../../dsl/refs';
import { METADATA_KEYS } from '../../workers/compute/ml/export';
import { exportLinear } from '../../workers/compute/ml/export-linear';
import { predictLinear, trainLinear } from '../../workers/compute/ml/linear';
import { readMetadata } from '../../workers/compute/ml/onnx/graph';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import { linearProblem } from './synthetic';

const data = linearProblem(500);

describe('trainLinear', () => {
  it('recovers the coefficients of a noiseless linear problem', () => {
    const m = trainLinear(data);
    data.beta.forEach((b, j) => expect(Math.abs(m.coefficients[j] - b)).toBeLessThan(1e-9 * Math.abs(b)));
    expect(Math.abs(m.intercept - data.intercept)).toBeLessThan(1e-9);
    const p = predictLinear(m, data.X, data.rows);
    p.forEach((v, r) => expect(Math.abs(v - data.y[r])).toBeLessThan(1e-6));
  });

  it('shrinks the standardized coefficients as alpha grows, leaving the intercept free', () => {
    const norms = [0, 10, 100, 1000, 1e5].map((alpha) => {
      const m = trainLinear({ ...data, alpha });
      // The intercept is not penalized: it stays the target's mean in the standardized problem.
      const mean = data.y.reduce((a, v) => a + v, 0) / data.rows;
      expect(m.bias).toBeCloseTo(mean, 9);
      return Math.hypot(...m.weights);
    });
    norms.slice(1).forEach((n, i) => expect(n).toBeLessThan(norms[i]));
    expect(norms[4]).toBeLessThan(norms[0] / 50);
  });

  it('matches the closed form for one standardized feature: w = Σzy / (Σz² + α)', () => {
    const X = Float32Array.of(1, 2, 3, 4);
    const y = Float64Array.of(2, 3, 5, 4);
    const alpha = 2;
    const m = trainLinear({ X, y, rows: 4, features: ['x'], alpha });
    const z = [1, 2, 3, 4].map((v) => (v - 2.5) / Math.sqrt(1.25));
    const yc = [2, 3, 5, 4].map((v) => v - 3.5);
    const w = z.reduce((a, v, i) => a + v * yc[i], 0) / (z.reduce((a, v) => a + v * v, 0) + alpha);
    expect(m.weights[0]).toBeCloseTo(w, 12);
    expect(m.coefficients[0]).toBeCloseTo(w / Math.sqrt(1.25), 12);
  });

  it('gives a constant feature weight 0 and refuses collinear ones without alpha', () => {
    const X = new Float32Array(data.rows * 3);
    for (let r = 0; r < data.rows; r++) {
      X[r * 3] = data.X[r * 4];
      X[r * 3 + 1] = 5;
      X[r * 3 + 2] = 2 * data.X[r * 4];
    }
    const withConstant = trainLinear({ X: X.filter((_, i) => i % 3 !== 2), y: data.y, rows: data.rows, features: ['a', 'five'] });
    expect(withConstant.coefficients[1]).toBe(0);
    expect(withConstant.std[1]).toBe(1);
    expect(() => trainLinear({ X, y: data.y, rows: data.rows, features: ['a', 'five', 'twice_a'] })).toThrow(
      /"twice_a" is \(nearly\) a linear combination.*alpha > 0/,
    );
    const ridge = trainLinear({ X, y: data.y, rows: data.rows, features: ['a', 'five', 'twice_a'], alpha: 1 });
    expect(ridge.weights[0]).toBeCloseTo(ridge.weights[2], 9); // the penalty splits the shared signal evenly
  });

  it('refuses bad input', () => {
    expect(() => trainLinear({ ...data, alpha: -1 })).toThrow(/alpha must be ≥ 0/);
    expect(() => trainLinear({ ...data, y: Float64Array.of(NaN, ...data.y.subarray(1)) })).toThrow(/non-finite target value at row 0/);
  });
});

describe('exportLinear', () => {
  it('runs in a fresh session with the regression contract and the trainer’s predictions', async () => {
    const m = trainLinear({ ...data, alpha: 3 });
    const { bytes, signature } = exportLinear(m, { target: 'y' });
    expect(ModelSignature.parse(signature)).toEqual({
      input: 'features', features: ['a', 'b', 'c', 'd'], outputs: ['prediction'], target: 'y', classes: [],
    });
    expect(readMetadata(bytes)[METADATA_KEYS.kind]).toBe('linear');
    const { session } = await openSession(bytes);
    const out = await session.run({ features: new ort.Tensor('float32', data.X, [data.rows, 4]) });
    await session.release();
    expect(out.prediction.type).toBe('float32');
    expect(out.prediction.dims).toEqual([data.rows]);
    const got = out.prediction.data as Float32Array;
    // Computed in float64 inside the graph: only the final rounding to float32 differs.
    predictLinear(m, data.X, data.rows).forEach((p, r) => expect(got[r]).toBe(Math.fround(p)));
  });
});
