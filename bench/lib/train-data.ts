// Seeded training data for the train bench (bench/train.ts) and the GPU check (bench/gpu/check.ts): the same seed
// gives the same values on every machine, and .npy files of them for a Python anchor to read.
import { writeFileSync } from 'node:fs';
import { mulberry32 } from '../../workers/compute/random';

export const FEATURES = 32;
export const CLASSES = 10;

export interface TrainData {
  rows: number;
  /** Row-major [rows, FEATURES]: unit-variance features, each correlated with its neighbour. */
  X: Float32Array;
  /** Regression target: linear in X plus products and a tanh, plus noise. */
  yReg: Float32Array;
  /** Class 0..9 drawn from the softmax of a random 32-32-10 tanh net (not separable). */
  yCls: Int32Array;
  /** Class 0..9 drawn from the softmax of a random linear model (well specified for logistic regression). */
  yLog: Int32Array;
}

/** The data of `rows` rows from `seed`; a prefix of more rows from the same seed is the same rows. */
export function trainData(rows: number, seed: number): TrainData {
  const F = FEATURES;
  const C = CLASSES;
  const teacher = mulberry32(seed ^ 0x5eed);
  const tNormal = normalFrom(teacher);
  const linear = Float64Array.from({ length: F }, () => tNormal() / Math.sqrt(F));
  const H = 32;
  const W1 = Float64Array.from({ length: F * H }, () => tNormal() * Math.sqrt(2 / F));
  const W2 = Float64Array.from({ length: H * C }, () => tNormal() * Math.sqrt(2 / H) * 2);
  const Wlog = Float64Array.from({ length: F * C }, () => tNormal() * 0.35);

  const rand = mulberry32(seed);
  const normal = normalFrom(rand);
  const X = new Float32Array(rows * F);
  const yReg = new Float32Array(rows);
  const yCls = new Int32Array(rows);
  const yLog = new Int32Array(rows);
  const z = new Float64Array(F);
  const x = new Float64Array(F);
  const h = new Float64Array(H);
  const logits = new Float64Array(C);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < F; j++) z[j] = normal();
    for (let j = 0; j < F; j++) x[j] = Math.fround(0.8 * z[j] + 0.6 * z[(j + F - 1) % F]);
    X.set(x, r * F);

    let y = 0;
    for (let j = 0; j < F; j++) y += linear[j] * x[j];
    for (let k = 0; k < 8; k++) y += 0.5 * x[2 * k] * x[2 * k + 1];
    y += Math.tanh(x[16] + x[17] - x[18]) + 0.1 * normal();
    yReg[r] = y;

    for (let k = 0; k < H; k++) {
      let s = 0;
      for (let j = 0; j < F; j++) s += x[j] * W1[j * H + k];
      h[k] = Math.tanh(s);
    }
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let k = 0; k < H; k++) s += h[k] * W2[k * C + c];
      logits[c] = s;
    }
    yCls[r] = sampleSoftmax(logits, rand);

    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let j = 0; j < F; j++) s += x[j] * Wlog[j * C + c];
      logits[c] = s;
    }
    yLog[r] = sampleSoftmax(logits, rand);
  }
  return { rows, X, yReg, yCls, yLog };
}

function normalFrom(rand: () => number): () => number {
  // Box–Muller; 1 − u keeps the log's argument in (0, 1].
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** A class drawn with probability softmax(logits). */
function sampleSoftmax(logits: Float64Array, rand: () => number): number {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let total = 0;
  for (const v of logits) total += Math.exp(v - max);
  let u = rand() * total;
  for (let c = 0; c < logits.length; c++) {
    u -= Math.exp(logits[c] - max);
    if (u <= 0) return c;
  }
  return logits.length - 1;
}

/** A C-order .npy file (format 1.0) of `data` with `shape`. */
export function writeNpy(file: string, data: Float32Array | Int32Array, shape: number[]): void {
  const descr = data instanceof Float32Array ? '<f4' : '<i4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += `${' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64)}\n`;
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

/**
 * Floating-point operations per sample of one training step of a dense net with layer widths `widths`
 * (e.g. [32, 256, 256, 10]): the matrix products only, a multiply-add counted as 2. Forward 2·in·out per layer;
 * backward 2·in·out for the weight gradient of every layer and 2·in·out for the input gradient of every layer but
 * the first (the data needs no gradient; neither Headrace's derived graph nor PyTorch computes it). That is
 * 6·Σ in·out − 2·in₀·out₀, a little under the usual 6 × weights; biases, activations, the loss and the optimizer
 * update (O(width) per sample, or O(weights) per batch) are not counted.
 */
export function trainFlopsPerSample(widths: number[]): number {
  let macs = 0;
  for (let k = 0; k + 1 < widths.length; k++) macs += widths[k] * widths[k + 1];
  return 6 * macs - 2 * widths[0] * widths[1];
}
