// The serve bench's two models, made as a training run makes them (workers/compute/ml/export.ts) with fixed
// pseudo-random weights: `penguins` (the example pipeline's model: 4 measurements → 3 species) and `lr32` (a
// 32-feature binary logistic regression). Also the request bodies every side is sent, for 1 and 64 rows.
import type { ModelSignature } from '../../dsl/refs';
import { exportLogistic } from '../../workers/compute/ml/export';
import type { LogisticModel } from '../../workers/compute/ml/logistic';
import { mulberry32 } from '../../workers/compute/random';

export type ModelName = 'penguins' | 'lr32';
export const MODELS: ModelName[] = ['penguins', 'lr32'];
export const BATCHES = [1, 64] as const;
export type Batch = (typeof BATCHES)[number];

export interface BenchModel {
  name: ModelName;
  bytes: Uint8Array;
  signature: ModelSignature;
  features: Array<{ name: string; type: 'number' }>;
  /** Typical value and spread of each feature (the rows sent are drawn around them). */
  mean: number[];
  std: number[];
}

const PENGUINS = {
  features: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'],
  classes: ['Adelie', 'Chinstrap', 'Gentoo'],
  mean: [43.92, 17.15, 200.92, 4201.75],
  std: [5.46, 1.97, 14.06, 801.95],
  target: 'Species',
};

export function benchModel(name: ModelName, seed = 7): BenchModel {
  const rand = mulberry32(seed);
  const spec = name === 'penguins'
    ? PENGUINS
    : {
        features: Array.from({ length: 32 }, (_, i) => `f${String(i + 1).padStart(2, '0')}`),
        classes: ['no', 'yes'],
        mean: Array.from({ length: 32 }, () => rand() * 10 - 5),
        std: Array.from({ length: 32 }, () => 0.5 + rand() * 2),
        target: 'outcome',
      };
  const F = spec.features.length;
  const C = spec.classes.length;
  const m = {
    features: spec.features, classes: spec.classes,
    weights: Float32Array.from({ length: F * C }, () => rand() * 4 - 2),
    bias: Float32Array.from({ length: C }, () => rand() - 0.5),
    mean: Float32Array.from(spec.mean), std: Float32Array.from(spec.std),
    lossCurve: [], startEpoch: 0, epochs: 0, device: 'cpu', trainMillis: 0,
  } satisfies LogisticModel;
  const { bytes, signature } = exportLogistic(m, { target: spec.target });
  return { name, bytes, signature, features: spec.features.map((f) => ({ name: f, type: 'number' })), mean: spec.mean, std: spec.std };
}

/** `rows` rows drawn around the features' typical values, two decimals each (what a client would send). */
export function benchRows(model: BenchModel, rows: number, seed = 42): number[][] {
  const rand = mulberry32(seed);
  return Array.from({ length: rows }, () => model.mean.map((m, i) => Math.round((m + (rand() * 2 - 1) * model.std[i]) * 100) / 100));
}

/** Headrace's own protocol: POST /v1/endpoints/NAME/predict {"rows": [{"feature": value, …}, …]}. */
export function plainBody(model: BenchModel, rows: number): string {
  const names = model.signature.features;
  return JSON.stringify({ rows: benchRows(model, rows).map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]]))) });
}

/** MLflow's tensor input: POST /invocations {"inputs": [[…], …]} (read into a float32 array, no DataFrame). */
export function mlflowBody(model: BenchModel, rows: number): string {
  return JSON.stringify({ inputs: benchRows(model, rows) });
}

/**
 * The Open Inference Protocol's binary tensor extension, as tritonclient sends it by default: POST
 * /v2/models/NAME/infer with a JSON header (one FP32 input of shape [N] per feature, `binary_data_size` bytes
 * each, every output asked in binary), then the little-endian float32 values of each input in turn. `headerLength`
 * goes in Inference-Header-Content-Length.
 */
export function v2BinaryBody(model: BenchModel, rows: number): { body: Buffer; headerLength: number } {
  const names = model.signature.features;
  const data = benchRows(model, rows);
  const header = Buffer.from(JSON.stringify({
    inputs: names.map((name) => ({ name, datatype: 'FP32', shape: [rows], parameters: { binary_data_size: rows * 4 } })),
    parameters: { binary_data_output: true },
  }));
  const columns = names.map((_, j) => Buffer.from(Float32Array.from(data, (r) => r[j]).buffer));
  return { body: Buffer.concat([header, ...columns]), headerLength: header.length };
}

