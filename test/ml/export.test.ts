// The exported inference model: loads fresh, reproduces JS softmax(logits), carries its signature.
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelSignature } from '../../dsl/refs';
import { exportLogistic, METADATA_KEYS } from '../../workers/compute/ml/export';
import { trainLogistic, type LogisticModel } from '../../workers/compute/ml/logistic';
import { readMetadata } from '../../workers/compute/ml/onnx/graph';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import { blobs, softmaxRow } from './helpers';

describe('exportLogistic', () => {
  const data = blobs(30, 3);
  let model: LogisticModel;
  let bytes: Uint8Array;
  let signature: ModelSignature;
  beforeAll(async () => {
    model = await trainLogistic({ ...data, epochs: 5, learningRate: 0.1, batchSize: 8, l2: 1e-4, seed: 1 });
    ({ bytes, signature } = exportLogistic(model, { target: 'kind' }));
  });

  it('returns a ModelSignature and embeds it, and nothing else but the kind, in metadata_props', () => {
    expect(ModelSignature.parse(signature)).toEqual({
      input: 'features', features: ['a', 'b', 'const'], outputs: ['label', 'probabilities'], target: 'kind', classes: ['x', 'y', 'z'],
    });
    const meta = readMetadata(bytes);
    expect(JSON.parse(meta[METADATA_KEYS.signature])).toEqual(signature);
    expect(Object.keys(meta).sort()).toEqual([METADATA_KEYS.kind, METADATA_KEYS.signature].sort());
  });

  it('gives softmax of the JS-computed logits in a fresh session', async () => {
    const { session } = await openSession(bytes);
    expect(session.inputNames).toEqual(['features']);
    expect([...session.outputNames].sort()).toEqual(['label', 'probabilities']);
    const out = await session.run({ features: new ort.Tensor('float32', data.X, [data.rows, 3]) });
    await session.release();
    const probs = out.probabilities.data as Float32Array;
    const labels = out.label.data as BigInt64Array;
    expect(out.label.type).toBe('int64');
    expect(out.probabilities.dims).toEqual([data.rows, 3]);
    for (let r = 0; r < data.rows; r++) {
      const z = [0, 1, 2].map((c) => {
        let v = model.bias[c];
        for (let j = 0; j < 3; j++) v += ((data.X[r * 3 + j] - model.mean[j]) / model.std[j]) * model.weights[j * 3 + c];
        return v;
      });
      const p = softmaxRow(z);
      for (let c = 0; c < 3; c++) expect(Math.abs(probs[r * 3 + c] - p[c])).toBeLessThan(1e-5);
      expect(Number(labels[r])).toBe(p.indexOf(Math.max(...p)));
    }
  });

  it('rejects a wrong input dtype with a clear error', async () => {
    const { session } = await openSession(bytes);
    const wrong = new ort.Tensor('float64', new Float64Array(6), [2, 3]);
    await expect(session.run({ features: wrong })).rejects.toThrow(/Unexpected input data type.*double.*float/);
    await expect(session.run({ features: new ort.Tensor('float32', new Float32Array(4), [2, 2]) })).rejects.toThrow(
      /invalid dimensions/,
    );
    await session.release();
  });
});
