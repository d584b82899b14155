// The trainer's own evaluation of an MLP: the forward graph with the parameters as inputs, standardization done in
// JS exactly as the exported graph does it. It scores the validation split during training and backs predictMlp.
import type { MlpModel } from './mlp';
import { mlpParams, type MlpArchitecture } from './mlp-net';
import { buildMlpEval } from './mlp-step';
import { openSession, ort, type Device } from './onnx/session';
import { standardizeRows } from './standardize';

/** Rows per run(): bounds the hidden activations' memory on large sets. */
const CHUNK = 8192;

export class MlpForward {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly arch: MlpArchitecture,
  ) {}

  static async open(arch: MlpArchitecture, device: Device = 'cpu'): Promise<MlpForward> {
    return new MlpForward((await openSession(buildMlpEval(arch), device)).session, arch);
  }

  /** Standardized rows [rows, inputs] → outputs [rows, outputs] (logits, or the standardized prediction). */
  async run(Xs: Float32Array, rows: number, params: Float32Array[]): Promise<Float32Array> {
    const { inputs: F, outputs: O } = this.arch;
    const specs = mlpParams(this.arch);
    const feeds: Record<string, ort.Tensor> = {};
    specs.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', params[i], p.shape)));
    const out = new Float32Array(rows * O);
    for (let start = 0; start < rows; start += CHUNK) {
      const n = Math.min(CHUNK, rows - start);
      feeds.X = new ort.Tensor('float32', Xs.subarray(start * F, (start + n) * F), [n, F]);
      out.set((await this.session.run(feeds)).output.data as Float32Array, start * O);
    }
    return out;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** What the exported graph's un-standardization computes: p·std + mean, each operation rounded to float32. */
export function unstandardize(p: number, mean: number, std: number): number {
  return Math.fround(Math.fround(p * std) + mean);
}

/** The trained-on form of a regression target: (y − mean)/std rounded to float32. */
export function standardizeTarget(y: number, mean: number, std: number): number {
  return Math.fround((y - mean) / std);
}

/**
 * The validation loss (the training loss's data term: class-weighted cross-entropy, or squared error on the
 * standardized target) and metric (accuracy, or RMSE in the target's own units), computed in float64.
 */
export function scoreOutputs(
  out: Float32Array,
  rows: number,
  target:
    | { task: 'classification'; y: ArrayLike<number>; classes: number; classWeights?: Float32Array }
    | { task: 'regression'; y: ArrayLike<number>; mean: number; std: number },
): { loss: number; metric: number } {
  if (target.task === 'regression') {
    let sq = 0;
    let err = 0;
    for (let r = 0; r < rows; r++) {
      const d = out[r] - standardizeTarget(target.y[r], target.mean, target.std);
      sq += d * d;
      const e = unstandardize(out[r], target.mean, target.std) - target.y[r];
      err += e * e;
    }
    return { loss: sq / rows, metric: Math.sqrt(err / rows) };
  }
  const C = target.classes;
  let loss = 0;
  let weight = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    let best = 0;
    for (let c = 0; c < C; c++) if (out[r * C + c] > max) [max, best] = [out[r * C + c], c];
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(out[r * C + c] - max);
    const k = target.y[r];
    const w = target.classWeights ? target.classWeights[k] : 1;
    loss += w * (max + Math.log(sum) - out[r * C + k]);
    weight += w;
    if (best === k) correct++;
  }
  return { loss: loss / weight, metric: correct / rows };
}

export type MlpPrediction =
  | { task: 'classification'; labels: Int32Array; probabilities: Float32Array }
  | { task: 'regression'; predictions: Float32Array };

/** Predicts raw (unstandardized) rows with the trainer's own forward graph. */
export async function predictMlp(model: MlpModel, X: Float32Array, rows: number): Promise<MlpPrediction> {
  const F = model.features.length;
  if (X.length !== rows * F) throw new Error(`X has ${X.length} values, expected ${rows}×${F}`);
  const arch = { inputs: F, hidden: model.hidden, outputs: model.task === 'classification' ? model.classes.length : 1, activation: model.activation };
  const forward = await MlpForward.open(arch);
  let out: Float32Array;
  try {
    out = await forward.run(standardizeRows(X, F, model.mean, model.std), rows, model.params);
  } finally {
    await forward.release();
  }
  if (model.task === 'regression') {
    return { task: 'regression', predictions: out.map((p) => unstandardize(p, model.targetMean, model.targetStd)) };
  }
  const C = arch.outputs;
  const labels = new Int32Array(rows);
  const probabilities = new Float32Array(rows * C);
  for (let r = 0; r < rows; r++) {
    const z = out.subarray(r * C, r * C + C);
    const max = Math.max(...z);
    labels[r] = z.indexOf(max);
    const e = Array.from(z, (v) => Math.exp(v - max));
    const s = e.reduce((a, v) => a + v, 0);
    e.forEach((v, c) => (probabilities[r * C + c] = v / s));
  }
  return { task: 'classification', labels, probabilities };
}
