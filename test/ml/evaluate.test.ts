// evaluateClassifier on a hand-checkable case (a 1-feature model whose weights we choose).
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { evaluateClassifier, LOG_LOSS_EPS } from '../../workers/compute/ml/evaluate';
import { exportLogistic } from '../../workers/compute/ml/export';
import type { LogisticModel } from '../../workers/compute/ml/logistic';

// logits = (−x, x): predicts "neg" for x < 0 and "pos" for x > 0; |x| large ⇒ near-certain.
const handModel: LogisticModel = {
  features: ['x'], classes: ['neg', 'pos'],
  weights: Float32Array.of(-1, 1), bias: Float32Array.of(0, 0), mean: Float32Array.of(0), std: Float32Array.of(1),
  lossCurve: [], epochs: 0, startEpoch: 0, device: 'cpu', trainMillis: 0,
};
const { bytes, signature } = exportLogistic(handModel, { target: 'y' });

describe('evaluateClassifier', () => {
  it('computes accuracy, per-class figures and the confusion matrix', async () => {
    // truth:     neg neg neg pos pos
    // predicted: neg neg pos pos neg
    const table = tableFromArrays({ x: Float64Array.of(-2, -1, 3, 2, -4), y: ['neg', 'neg', 'neg', 'pos', 'pos'] });
    const ev = await evaluateClassifier(bytes, signature, table, { batchSize: 2 });
    expect(ev.confusionMatrix).toEqual({ labels: ['neg', 'pos'], matrix: [[2, 1], [1, 1]] });
    expect(ev.values.accuracy).toBeCloseTo(3 / 5, 12);
    expect(ev.values.rows).toBe(5);
    expect(ev.perClass.neg).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    expect(ev.perClass.pos.precision).toBeCloseTo(1 / 2, 12);
    expect(ev.perClass.pos.recall).toBeCloseTo(1 / 2, 12);
    expect(ev.values.macroPrecision).toBeCloseTo((2 / 3 + 1 / 2) / 2, 12);
    expect(ev.values.macroF1).toBeCloseTo((2 / 3 + 1 / 2) / 2, 12);
    // Mean recall per true class: (2/3 + 1/2) / 2.
    expect(ev.values.balancedAccuracy).toBeCloseTo((2 / 3 + 1 / 2) / 2, 12);
    // log loss: p(true) = softmax for each row, computed by hand.
    const pTrue = [-2, -1, 3, 2, -4].map((x, i) => 1 / (1 + Math.exp((i < 3 ? 2 : -2) * x)));
    const expected = -pTrue.reduce((a, p) => a + Math.log(p), 0) / 5;
    expect(ev.values.logLoss).toBeCloseTo(expected, 5);
  });

  it('clips log loss for certain misses and counts unknown labels as errors', async () => {
    // x = 200: p(neg) underflows to 0 in float32 → clipped, finite. "cat" is not a model class.
    const table = tableFromArrays({ x: Float64Array.of(200, -3, 5), y: ['neg', 'neg', 'cat'] });
    const ev = await evaluateClassifier(bytes, signature, table);
    expect(Number.isFinite(ev.values.logLoss)).toBe(true);
    expect(ev.values.logLoss).toBeGreaterThan((2 * -Math.log(LOG_LOSS_EPS)) / 3 - 1e-6);
    expect(ev.values.accuracy).toBeCloseTo(1 / 3, 12);
    expect(ev.unknownLabels).toEqual(['cat']);
    expect(ev.confusionMatrix).toEqual({ labels: ['neg', 'pos', 'cat'], matrix: [[1, 1, 0], [0, 0, 0], [0, 1, 0]] });
    expect(ev.perClass.cat).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    // Over the labels in the truth (neg: 1/2, cat: 0); "pos" never occurs in the truth, so it does not count.
    expect(ev.values.balancedAccuracy).toBeCloseTo(1 / 4, 12);
  });

  it('weighs every true class alike in balanced accuracy, unlike accuracy', async () => {
    // Nine "neg" rows all right, one "pos" row wrong: accuracy 0.9, balanced accuracy (1 + 0) / 2.
    const x = Float64Array.from({ length: 10 }, () => -1);
    const table = tableFromArrays({ x, y: [...Array<string>(9).fill('neg'), 'pos'] });
    const ev = await evaluateClassifier(bytes, signature, table);
    expect(ev.values.accuracy).toBeCloseTo(0.9, 12);
    expect(ev.values.balancedAccuracy).toBeCloseTo(0.5, 12);
  });

  it('accepts a target override and names a missing target column', async () => {
    const table = tableFromArrays({ x: Float32Array.of(-1, 1), label: ['neg', 'pos'] });
    const ev = await evaluateClassifier(bytes, signature, table, { target: 'label' });
    expect(ev.values.accuracy).toBe(1);
    await expect(evaluateClassifier(bytes, signature, table)).rejects.toThrow(/column "y" not found/);
  });
});
