// Real ONNX models for the predict server's tests: logistic models (exportLogistic) with fixed pseudo-random
// weights, stored in a real artifact store and registered in the registry in stage staging, as a training run
// registers them. Each version answers differently, so a response tells which version gave it.
import type { Db } from '../../server/db/client';
import type { ArtifactStore } from '../../server/artifacts/store';
import { registerModelVersion } from '../../server/db/repo/registry';
import type { ModelSchema } from '../../server/serving/protocols';
import { exportLogistic } from '../../workers/compute/ml/export';
import type { LogisticModel } from '../../workers/compute/ml/logistic';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import { mulberry32 } from '../../workers/compute/random';

export const FEATURES = [{ name: 'a', type: 'number' }, { name: 'b', type: 'integer' }, { name: 'c', type: 'boolean' }];
export const CLASSES = ['x', 'y', 'z'];

export function logisticBytes(seed: number): { bytes: Uint8Array; schema: ModelSchema } {
  const rand = mulberry32(seed);
  const F = FEATURES.length;
  const C = CLASSES.length;
  const m = {
    features: FEATURES.map((f) => f.name), classes: [...CLASSES],
    weights: Float32Array.from({ length: F * C }, () => rand() * 4 - 2),
    bias: Float32Array.from({ length: C }, () => rand() - 0.5),
    mean: Float32Array.from({ length: F }, () => rand()), std: Float32Array.from({ length: F }, () => 0.5 + rand()),
    lossCurve: [], startEpoch: 0, epochs: 0, device: 'cpu', trainMillis: 0,
  } satisfies LogisticModel;
  const { bytes, signature } = exportLogistic(m, { target: 'kind' });
  return { bytes, schema: { signature, features: FEATURES } };
}

export interface RegisteredModel {
  name: string;
  /** version number → its ONNX bytes */
  bytes: Map<number, Uint8Array>;
}

/** Registers `seeds.length` versions of model `name` (v1, v2, …) in stage staging, their files in `store`. */
export async function registerLogistic(db: Db, store: ArtifactStore, name: string, seeds: number[]): Promise<RegisteredModel> {
  const bytes = new Map<number, Uint8Array>();
  for (const seed of seeds) {
    const model = logisticBytes(seed);
    const put = await store.put(model.bytes, '.onnx');
    const { row } = await registerModelVersion(db, {
      name, artifactUri: put.uri, artifactHash: put.hash, stage: 'staging', signature: model.schema.signature,
      trainingDatasets: [], metrics: { accuracy: 0.9 }, tags: {}, lineage: {}, features: FEATURES,
    });
    bytes.set(row.version, model.bytes);
  }
  return { name, bytes };
}

/** A direct onnxruntime run of the model on rows given as a float32 matrix: class names and probabilities. */
export async function directAnswer(bytes: Uint8Array, X: number[], rows: number): Promise<{ labels: string[]; probabilities: number[][] }> {
  const { session } = await openSession(bytes);
  try {
    const F = X.length / rows;
    const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(X), [rows, F]) });
    const p = [...(out.probabilities.data as Float32Array)];
    const C = CLASSES.length;
    return {
      labels: [...(out.label.data as BigInt64Array)].map((k) => CLASSES[Number(k)]),
      probabilities: Array.from({ length: rows }, (_, r) => p.slice(r * C, r * C + C)),
    };
  } finally {
    await session.release();
  }
}
