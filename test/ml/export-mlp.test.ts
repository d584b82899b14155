// Exported MLPs in a fresh onnxruntime session: the logistic contract for classifiers, `prediction` for
// regressors, and the same answers as the trainer's own evaluation.
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ModelSignature } from '../../dsl/refs';
import { evaluateClassifier } from '../../workers/compute/ml/evaluate';
import { evaluateRegressor } from '../../workers/compute/ml/evaluate-regressor';
import { METADATA_KEYS } from '../../workers/compute/ml/export';
import { exportMlp } from '../../workers/compute/ml/export-mlp';
import { trainMlp } from '../../workers/compute/ml/mlp';
import { predictMlp } from '../../workers/compute/ml/mlp-eval';
import { readMetadata } from '../../workers/compute/ml/onnx/graph';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import { accuracy, circles, smooth } from './synthetic';

async function runFresh(bytes: Uint8Array, X: Float32Array, rows: number, F: number) {
  const { session } = await openSession(bytes);
  try {
    return { out: await session.run({ features: new ort.Tensor('float32', X, [rows, F]) }), inputs: session.inputNames, outputs: session.outputNames };
  } finally {
    await session.release();
  }
}

describe('exportMlp', () => {
  it('exports a classifier with the logistic contract and the trainer’s predictions', async () => {
    const data = circles(300);
    const model = await trainMlp({
      ...data, task: 'classification', hidden: [16, 8], activation: 'gelu', dropout: 0.1, learningRate: 0.01,
      batchSize: 32, epochs: 30, seed: 5,
    });
    const { bytes, signature } = exportMlp(model, { target: 'ring' });
    expect(ModelSignature.parse(signature)).toEqual({
      input: 'features', features: ['u', 'v'], outputs: ['label', 'probabilities'], target: 'ring', classes: ['inner', 'outer'],
    });
    const meta = readMetadata(bytes);
    expect(meta[METADATA_KEYS.kind]).toBe('mlp');
    expect(JSON.parse(meta[METADATA_KEYS.signature])).toEqual(signature);

    const { out, inputs, outputs } = await runFresh(bytes, data.X, data.rows, 2);
    expect(inputs).toEqual(['features']);
    expect([...outputs].sort()).toEqual(['label', 'probabilities']);
    expect(out.label.type).toBe('int64');
    expect(out.probabilities.type).toBe('float32');
    expect(out.probabilities.dims).toEqual([data.rows, 2]);
    const own = await predictMlp(model, data.X, data.rows);
    if (own.task !== 'classification') throw new Error('expected a classifier');
    expect(Array.from(out.label.data as BigInt64Array, Number)).toEqual(Array.from(own.labels));
    const probs = out.probabilities.data as Float32Array;
    own.probabilities.forEach((p, i) => expect(Math.abs(probs[i] - p)).toBeLessThan(1e-6));
    expect(accuracy(own.labels, data.y)).toBeGreaterThanOrEqual(0.95);

    // The classifier evaluator reads it like a logistic model.
    const table = tableFromArrays({ u: Float32Array.from(data.X.filter((_, i) => i % 2 === 0)), v: Float32Array.from(data.X.filter((_, i) => i % 2 === 1)), ring: Array.from(data.y, (k) => data.classes[k]) });
    const ev = await evaluateClassifier(bytes, signature, table);
    expect(ev.values.accuracy).toBeCloseTo(accuracy(own.labels, data.y), 12);
  });

  it('exports a regressor: `prediction` float32 [N] in the target’s units, no classes', async () => {
    const data = smooth(400);
    const model = await trainMlp({
      ...data, task: 'regression', hidden: [16], activation: 'tanh', learningRate: 0.01, batchSize: 32, epochs: 20, seed: 6,
    });
    const { bytes, signature } = exportMlp(model, { target: 'height' });
    expect(ModelSignature.parse(signature)).toEqual({
      input: 'features', features: ['a', 'b'], outputs: ['prediction'], target: 'height', classes: [],
    });
    const { out, outputs } = await runFresh(bytes, data.X, data.rows, 2);
    expect(outputs).toEqual(['prediction']);
    expect(out.prediction.type).toBe('float32');
    expect(out.prediction.dims).toEqual([data.rows]);
    const own = await predictMlp(model, data.X, data.rows);
    if (own.task !== 'regression') throw new Error('expected a regressor');
    const got = out.prediction.data as Float32Array;
    // Same float32 ops in the same order: equal up to the last bit or so.
    own.predictions.forEach((p, i) => expect(Math.abs(got[i] - p)).toBeLessThanOrEqual(Math.abs(p) * 2 ** -22));

    const table = tableFromArrays({
      a: Float32Array.from(data.X.filter((_, i) => i % 2 === 0)), b: Float32Array.from(data.X.filter((_, i) => i % 2 === 1)),
      height: data.y,
    });
    const ev = await evaluateRegressor(bytes, signature, table);
    let sq = 0;
    for (let i = 0; i < data.rows; i++) sq += (own.predictions[i] - Math.fround(data.y[i])) ** 2;
    expect(ev.values.rmse).toBeCloseTo(Math.sqrt(sq / data.rows), 3);
    expect(ev.values.rows).toBe(data.rows);
  });
});
