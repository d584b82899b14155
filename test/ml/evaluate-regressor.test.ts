// regressionMetrics on hand-checkable numbers, and evaluateRegressor over a table with an exported linear model.
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { evaluateRegressor, regressionMetrics } from '../../workers/compute/ml/evaluate-regressor';
import { exportLinear } from '../../workers/compute/ml/export-linear';
import { trainLinear } from '../../workers/compute/ml/linear';

describe('regressionMetrics', () => {
  it('computes rmse, mae, r² and a residual histogram', () => {
    const targets = [1, 2, 3, 4, 5];
    const predictions = [1.5, 2, 2, 4, 7]; // residuals (target − prediction): −0.5, 0, 1, 0, −2
    const ev = regressionMetrics(predictions, targets, { bins: 3 });
    expect(ev.values.rmse).toBeCloseTo(Math.sqrt((0.25 + 1 + 4) / 5), 15);
    expect(ev.values.mae).toBeCloseTo(3.5 / 5, 15);
    expect(ev.values.r2).toBeCloseTo(1 - 5.25 / 10, 15);
    expect(ev.values.rows).toBe(5);
    // From −2 to 1 in bins of width 1: [−2, −1) holds −2; [−1, 0) holds −0.5; [0, 1] holds 0, 0 and 1.
    expect(ev.residuals).toEqual({ edges: [-2, -1, 0, 1], counts: [1, 1, 3] });
  });

  it('handles perfect predictions and a constant target without dividing by zero', () => {
    const perfect = regressionMetrics([3, 3, 3], [3, 3, 3], { bins: 2 });
    expect(perfect.values).toEqual({ rmse: 0, mae: 0, r2: 1, rows: 3 });
    expect(perfect.residuals).toEqual({ edges: [-0.5, 0, 0.5], counts: [0, 3] });
    expect(regressionMetrics([2, 3, 4], [3, 3, 3]).values.r2).toBe(0);
    expect(regressionMetrics([1], [1]).residuals.counts).toHaveLength(20);
    expect(() => regressionMetrics([], [])).toThrow(/no rows/);
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/2 predictions for 1 targets/);
  });
});

describe('evaluateRegressor', () => {
  it('scores an exported regressor on a table, naming a missing target', async () => {
    const X = Float32Array.of(0, 1, 2, 3);
    const y = Float64Array.of(1, 3, 5, 7); // y = 2x + 1
    const { bytes, signature } = exportLinear(trainLinear({ X, y, rows: 4, features: ['x'] }), { target: 'y' });
    const table = tableFromArrays({ x: Float64Array.of(10, 20), y: Float64Array.of(21, 40) }); // errors 0 and −1
    const ev = await evaluateRegressor(bytes, signature, table, { bins: 2 });
    expect(ev.values.rmse).toBeCloseTo(Math.sqrt(0.5), 5);
    expect(ev.values.mae).toBeCloseTo(0.5, 5);
    expect(ev.residuals.counts).toEqual([1, 1]);
    await expect(evaluateRegressor(bytes, signature, table, { target: 'z' })).rejects.toThrow(/column "z" not found/);
  });
});
