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
    // AUC of neg (scored by p(neg), falling in x): of its 3 × 2 pairs with pos rows, x = −2 and −1 beat x = 2.
    expect(ev.perClass.neg).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3, rocAuc: 2 / 6 });
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
    expect(ev.perClass.cat).toEqual({ precision: 0, recall: 0, f1: 0, support: 1, rocAuc: null });
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

/**
 * ROC AUC by its definition: over every (positive, negative) pair, 1 when the positive scores higher, ½ on a tie,
 * divided by the number of pairs. Independent of the code under test (which sorts and counts).
 */
function pairwiseAuc(scores: number[], positive: boolean[]): number | null {
  let sum = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (!positive[i]) return;
    scores.forEach((t, j) => {
      if (positive[j]) return;
      pairs++;
      sum += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return pairs > 0 ? sum / pairs : null;
}

// Three classes with logits (a, b, 0) from features a and b: each probability column is known in closed form.
const threeClass: LogisticModel = {
  features: ['a', 'b'], classes: ['red', 'green', 'blue'],
  // W is [features × classes]: a → red's logit, b → green's.
  weights: Float32Array.of(1, 0, 0, 0, 1, 0), bias: Float32Array.of(0, 0, 0), mean: Float32Array.of(0, 0), std: Float32Array.of(1, 1),
  lossCurve: [], epochs: 0, startEpoch: 0, device: 'cpu', trainMillis: 0,
};
const three = exportLogistic(threeClass, { target: 'y' });
const softmax3 = (a: number, b: number) => {
  const e = [Math.exp(a), Math.exp(b), 1];
  const z = e[0] + e[1] + e[2];
  return e.map((v) => v / z);
};

describe('evaluateClassifier: ROC AUC', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 when every score ties', async () => {
    const perfect = await evaluateClassifier(bytes, signature, tableFromArrays({ x: Float64Array.of(-3, -2, -1, 1, 2), y: ['neg', 'neg', 'neg', 'pos', 'pos'] }));
    expect(perfect.values.rocAuc).toBe(1);
    expect(perfect.values.rocAucWeighted).toBe(1);
    expect(perfect.perClass.pos.rocAuc).toBe(1);
    expect(perfect.perClass.neg.rocAuc).toBe(1);
    expect(perfect.rocAucNote).toBe('binary: the AUC of pos (the positive, second class)');

    const reversed = await evaluateClassifier(bytes, signature, tableFromArrays({ x: Float64Array.of(-3, -2, -1, 1, 2), y: ['pos', 'pos', 'pos', 'neg', 'neg'] }));
    expect(reversed.values.rocAuc).toBe(0);
    expect(reversed.perClass.neg.rocAuc).toBe(0);

    const ties = await evaluateClassifier(bytes, signature, tableFromArrays({ x: Float64Array.of(0.5, 0.5, 0.5, 0.5), y: ['neg', 'pos', 'neg', 'pos'] }));
    expect(ties.values.rocAuc).toBe(0.5);
  });

  it('counts a tie between a positive and a negative as half, as the pairwise definition does', async () => {
    // Scores of pos (monotone in x): 1 < 2 = 2 < 3 = 3 = 3; positives at x = 2, 3, 3, negatives at 1, 2, 3.
    const x = [1, 2, 2, 3, 3, 3];
    const y = ['neg', 'neg', 'pos', 'neg', 'pos', 'pos'];
    const ev = await evaluateClassifier(bytes, signature, tableFromArrays({ x: Float64Array.from(x), y }));
    const expected = pairwiseAuc(x, y.map((l) => l === 'pos'))!;
    // (1 + 0.5 + 0) + (1 + 1 + 0.5) · 2 over 3 · 3 pairs = 6.5 / 9, worked out by hand.
    expect(expected).toBeCloseTo(6.5 / 9, 12);
    expect(ev.values.rocAuc).toBeCloseTo(expected, 12);
  });

  it('scores each class of a multiclass model against the rest and averages them, unweighted and by prevalence', async () => {
    // Rows 1 (red) and 8 (blue) are the same point, so their scores tie exactly in every column.
    const a = [2, 0, -1, 0, 1, -2, 0, 2, 0.5, -1];
    const b = [0, 2, 0, 1, -1, 1, 0, 0, 0.5, -1];
    const y = ['red', 'green', 'blue', 'green', 'red', 'green', 'blue', 'blue', 'red', 'blue'];
    const ev = await evaluateClassifier(three.bytes, three.signature, tableFromArrays({ a: Float64Array.from(a), b: Float64Array.from(b), y }));
    const probs = a.map((ai, i) => softmax3(ai, b[i]));
    const [red, green, blue] = threeClass.classes.map((c, k) => pairwiseAuc(probs.map((p) => p[k]), y.map((l) => l === c))!);
    // What the pairs give: red 18 won, 1 tied, 2 lost of 3 × 7; green all 21 won; blue 18 won, 2 tied, 4 lost of 4 × 6.
    expect([red, green, blue]).toEqual([18.5 / 21, 1, 19 / 24]);
    expect(ev.perClass.red.rocAuc).toBeCloseTo(red, 12);
    expect(ev.perClass.green.rocAuc).toBeCloseTo(green, 12);
    expect(ev.perClass.blue.rocAuc).toBeCloseTo(blue, 12);
    expect(ev.values.rocAuc).toBeCloseTo((red + green + blue) / 3, 12);
    // Weighted by the rows of each class: red 3, green 3, blue 4.
    expect(ev.values.rocAucWeighted).toBeCloseTo((3 * red + 3 * green + 4 * blue) / 10, 12);
    expect(ev.rocAucNote).toBe('one-vs-rest, mean over 3 of 3 classes');
  });

  it('leaves a class absent from the data, and a label the model does not know, out of the mean', async () => {
    // No "blue" row; "purple" is not a model class (its rows are negatives of every class).
    const a = [2, 0, 1, -1, 0];
    const b = [0, 2, -1, 1, 0];
    const y = ['red', 'green', 'red', 'purple', 'green'];
    const ev = await evaluateClassifier(three.bytes, three.signature, tableFromArrays({ a: Float64Array.from(a), b: Float64Array.from(b), y }));
    const probs = a.map((ai, i) => softmax3(ai, b[i]));
    const red = pairwiseAuc(probs.map((p) => p[0]), y.map((l) => l === 'red'))!;
    const green = pairwiseAuc(probs.map((p) => p[1]), y.map((l) => l === 'green'))!;
    expect(ev.perClass.blue.rocAuc).toBeNull();
    expect(ev.perClass.purple.rocAuc).toBeNull();
    expect(ev.perClass.red.rocAuc).toBeCloseTo(red, 12);
    expect(ev.perClass.green.rocAuc).toBeCloseTo(green, 12);
    expect(ev.values.rocAuc).toBeCloseTo((red + green) / 2, 12);
    expect(ev.values.rocAucWeighted).toBeCloseTo((2 * red + 2 * green) / 4, 12);
    expect(ev.rocAucNote).toBe('one-vs-rest, mean over 2 of 4 classes; left out: blue (no row of it), purple (not a model class)');
  });

  it('has no rocAuc when no class has both positives and negatives', async () => {
    const ev = await evaluateClassifier(bytes, signature, tableFromArrays({ x: Float64Array.of(-1, 1), y: ['pos', 'pos'] }));
    expect(ev.perClass.pos.rocAuc).toBeNull();
    expect(ev.perClass.neg.rocAuc).toBeNull();
    expect('rocAuc' in ev.values).toBe(false);
    expect('rocAucWeighted' in ev.values).toBe(false);
    expect(ev.rocAucNote).toBe('binary: no AUC for pos, the positive class (every row is of it)');
  });
});

describe('evaluateClassifier: calibration', () => {
  it('bins the predicted label\'s probability in tenths and weighs |accuracy − confidence| by the bins\' rows', async () => {
    // p(pos) = σ(2x). Confidence = max(p, 1 − p) lands in the bins chosen below.
    const conf = (x: number) => 1 / (1 + Math.exp(-2 * Math.abs(x)));
    // x = ±0.1 → 0.5498 (bin 5), ±0.5 → 0.7311 (bin 7), ±2 → 0.9820 (bin 9).
    const x = [0.1, -0.1, 0.1, 0.5, 0.5, -0.5, 2, -2, 2, -2];
    const y = ['pos', 'pos', 'neg', 'pos', 'pos', 'pos', 'pos', 'neg', 'pos', 'pos'];
    //  right:   yes    no     no    yes    yes    no    yes    yes    yes    no
    const ev = await evaluateClassifier(bytes, signature, tableFromArrays({ x: Float64Array.from(x), y }));
    const bins = ev.calibration.bins;
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 3, 0, 3, 0, 4]);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, count: 0, confidence: null, accuracy: null });
    expect(bins[9].lower).toBe(0.9);
    expect(bins[9].upper).toBe(1);
    expect(bins[5].accuracy).toBeCloseTo(1 / 3, 12);
    expect(bins[7].accuracy).toBeCloseTo(2 / 3, 12);
    expect(bins[9].accuracy).toBeCloseTo(3 / 4, 12);
    expect(bins[5].confidence).toBeCloseTo(conf(0.1), 6);
    expect(bins[7].confidence).toBeCloseTo(conf(0.5), 6);
    expect(bins[9].confidence).toBeCloseTo(conf(2), 6);
    const ece = (3 * Math.abs(1 / 3 - conf(0.1)) + 3 * Math.abs(2 / 3 - conf(0.5)) + 4 * Math.abs(3 / 4 - conf(2))) / 10;
    expect(ev.values.ece).toBeCloseTo(ece, 6);
    expect(ev.calibration.ece).toBe(ev.values.ece);
  });

  it('puts a confidence of exactly 1 in the last bin, and counts rows of unknown labels as wrong', async () => {
    // x = 200: p(pos) = 1 in float32; "cat" is not a model class.
    const ev = await evaluateClassifier(bytes, signature, tableFromArrays({ x: Float64Array.of(200, 200), y: ['pos', 'cat'] }));
    expect(ev.calibration.bins[9]).toEqual({ lower: 0.9, upper: 1, count: 2, confidence: 1, accuracy: 0.5 });
    expect(ev.values.ece).toBeCloseTo(0.5, 12);
  });

  it('gives each class a reliability table: its probability binned against how often the row is of it', async () => {
    const ev = await evaluateClassifier(bytes, signature, tableFromArrays({ x: Float64Array.of(-2, -2, 2, 2), y: ['neg', 'pos', 'pos', 'pos'] }));
    const pos = ev.calibration.perClass.pos;
    // p(pos) = σ(±4): 0.018 (bin 0) for x = −2, 0.982 (bin 9) for x = 2.
    expect(pos[0]).toMatchObject({ count: 2, frequency: 0.5 });
    expect(pos[9]).toMatchObject({ count: 2, frequency: 1 });
    expect(pos[0].probability).toBeCloseTo(1 / (1 + Math.exp(4)), 6);
    expect(ev.calibration.perClass.neg[9]).toMatchObject({ count: 2, frequency: 0.5 });
  });
});
