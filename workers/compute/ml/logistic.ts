// Multinomial logistic regression trained by running the ONNX train-step graph once per mini-batch.
import { sameItems } from './same-items';
import { ConfigError, DataError, TrainingDivergedError } from '../errors';
import { featureStats } from './matrix';
import { openSession, ort, type Device } from './onnx/session';
import { mixSeed, mulberry32, shuffledIndices } from '../random';
import { type LbfgsState, type StopReason } from './lbfgs';
import { trainLbfgs } from './logistic-lbfgs';
import { buildTrainStep } from './trainStep';

/** Heavy-ball momentum coefficient (fixed: the step kind exposes only lr/l2). */
export const MOMENTUM = 0.9;

/**
 * Everything needed to continue training after epoch `epoch`: the model's state and nothing that grows with the
 * run, so a checkpoint costs the size of the model. Plain JSON (number arrays): float32 values survive the number
 * round trip exactly, so a resumed run is bitwise identical. The trainer keeps no loss history in it; a caller that
 * wants the curve of a resumed run keeps its own (train.logistic stores a thinned one beside the checkpoint).
 */
export interface LogisticCheckpoint {
  version: 2;
  /** Epochs completed. */
  epoch: number;
  features: string[];
  classes: string[];
  /** Row-major [features, classes]. */
  weights: number[];
  bias: number[];
  /** Momentum buffers, same shapes as weights/bias (zeros under L-BFGS). */
  velocityW: number[];
  velocityB: number[];
  /** The L-BFGS solver's state (float64 weights, gradient, correction pairs), when it made the checkpoint. */
  lbfgs?: LbfgsState;
}

/**
 * `sgd`: mini-batch heavy-ball momentum at a fixed learning rate (an epoch is a pass over the rows);
 * `lbfgs`: full-batch L-BFGS, as scikit-learn's default solver (an epoch is one iteration; learningRate,
 * batchSize and seed play no part; it stops once every gradient component is ≤ tolerance).
 */
export type LogisticSolver = 'sgd' | 'lbfgs';

export interface TrainLogisticInput {
  /** Raw (unstandardized) features, row-major [rows, features.length]. */
  X: Float32Array;
  rows: number;
  features: string[];
  /** Class index per row, 0..classes.length-1. */
  y: Int32Array;
  classes: string[];
  epochs: number;
  learningRate: number;
  batchSize: number;
  l2: number;
  seed: number;
  /** Called after each epoch with the mean batch loss and a checkpoint to resume from (heartbeat it). */
  onEpoch?: (epoch: number, loss: number, checkpoint: LogisticCheckpoint) => void | Promise<void>;
  /** Asked after each epoch's onEpoch: true ends training there (a sweep's median stopping rule). */
  shouldStop?: () => boolean;
  /** Resume from a checkpoint of the same data/config (e.g. the last heartbeat of a failed attempt). */
  checkpoint?: LogisticCheckpoint;
  device?: Device;
  /** Default sgd. */
  solver?: LogisticSolver;
  /** L-BFGS: the gradient tolerance (default 1e-4, scikit-learn's). */
  tolerance?: number;
}

export interface LogisticModel {
  features: string[];
  classes: string[];
  /** Row-major [features, classes], for *standardized* inputs. */
  weights: Float32Array;
  bias: Float32Array;
  /** Standardization applied before the weights: x' = (x − mean) / std. */
  mean: Float32Array;
  std: Float32Array;
  /** Mean batch loss per epoch trained by this call: epochs `startEpoch + 1` to `epochs`. */
  lossCurve: number[];
  /** Epochs restored from the checkpoint (0 without one). */
  startEpoch: number;
  /** The last epoch trained: `epochs` unless a sweep's median rule stopped it earlier. */
  epochs: number;
  /** Device actually used, and why the requested one was not (if it was not). */
  device: Device;
  deviceFallbackReason?: string;
  /** Wall time of this call's training (excluding epochs restored from a checkpoint). */
  trainMillis: number;
  /** L-BFGS: why it stopped before `epochs` iterations (converged on the gradient, no progress, line search). */
  converged?: StopReason;
}

function validate(input: TrainLogisticInput): void {
  const { X, rows, features, y, classes } = input;
  if (rows < 1) throw new DataError('no training rows');
  if (X.length !== rows * features.length) throw new Error(`X has ${X.length} values, expected ${rows}×${features.length}`);
  if (y.length !== rows) throw new Error(`y has ${y.length} labels, expected ${rows}`);
  if (classes.length < 2) throw new DataError(`need at least 2 classes, got ${classes.length} (${classes.join(', ')})`);
  for (let i = 0; i < rows; i++) {
    if (y[i] < 0 || y[i] >= classes.length) throw new Error(`row ${i}: class index ${y[i]} out of range`);
  }
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i])) throw new DataError(`non-finite feature value at row ${Math.floor(i / features.length)}`);
  }
  if (!(input.batchSize >= 1) || !Number.isInteger(input.batchSize)) throw new ConfigError('batchSize must be a positive integer');
  const ck = input.checkpoint;
  if (ck && !logisticCheckpointFits(ck, features, classes)) {
    throw new Error('checkpoint was made for different features or classes');
  }
}

export function logisticCheckpointFits(ck: LogisticCheckpoint, features: readonly string[], classes: readonly string[]): boolean {
  return ck.version === 2 && sameItems(ck.features, features) && sameItems(ck.classes, classes);
}

/** Standardizes in float32 exactly as the exported graph's Sub/Div will, so training and serving see equal inputs. */
function standardize(X: Float32Array, rows: number, F: number, mean: Float32Array, std: Float32Array): Float32Array {
  const out = new Float32Array(X.length);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < F; j++) out[r * F + j] = Math.fround(Math.fround(X[r * F + j] - mean[j]) / std[j]);
  }
  return out;
}

export async function trainLogistic(input: TrainLogisticInput): Promise<LogisticModel> {
  validate(input);
  const started = performance.now();
  const { rows, features, classes, y, epochs, batchSize, seed } = input;
  const F = features.length;
  const C = classes.length;
  const stats = featureStats(input.X, rows, F);
  const mean = Float32Array.from(stats.mean);
  const std = Float32Array.from(stats.std);
  const Xs = standardize(input.X, rows, F, mean, std);

  // Zero init: the problem is convex, so this loses nothing and keeps the seed's only role to the shuffle order.
  const ck = input.checkpoint;
  let W: Float32Array = ck ? Float32Array.from(ck.weights) : new Float32Array(F * C);
  let b: Float32Array = ck ? Float32Array.from(ck.bias) : new Float32Array(C);
  let vW: Float32Array = ck ? Float32Array.from(ck.velocityW) : new Float32Array(F * C);
  let vb: Float32Array = ck ? Float32Array.from(ck.velocityB) : new Float32Array(C);
  const lossCurve: number[] = [];
  const startEpoch = ck ? ck.epoch : 0;
  let lastEpoch = startEpoch;

  if (input.solver === 'lbfgs') {
    const r = await trainLbfgs({ ...input, Xs, startEpoch, W, b });
    return {
      features: [...features], classes: [...classes], weights: r.W, bias: r.b, mean, std, lossCurve: r.lossCurve, startEpoch,
      epochs: r.lastEpoch, device: r.device, ...(r.fallbackReason ? { deviceFallbackReason: r.fallbackReason } : {}),
      trainMillis: performance.now() - started, ...(r.stop ? { converged: r.stop } : {}),
    };
  }

  const { session, device, fallbackReason } = await openSession(buildTrainStep(F, C), input.device ?? 'cpu');
  const scalar = (v: number) => new ort.Tensor('float32', Float32Array.of(v), []);
  const lr = scalar(input.learningRate);
  const l2 = scalar(input.l2);
  const momentum = scalar(MOMENTUM);

  const B = Math.min(batchSize, rows);
  const xb = new Float32Array(B * F);
  const yb = new Float32Array(B * C);
  const order = new Uint32Array(rows);
  try {
    for (let epoch = startEpoch + 1; epoch <= epochs && !input.shouldStop?.(); epoch++) {
      lastEpoch = epoch;
      // The order depends only on (seed, epoch), so a resumed run shuffles exactly as the uninterrupted one.
      shuffledIndices(rows, mulberry32(mixSeed(seed, epoch)), order);
      let lossSum = 0;
      for (let start = 0; start < rows; start += B) {
        const n = Math.min(B, rows - start);
        yb.fill(0);
        for (let k = 0; k < n; k++) {
          const r = order[start + k];
          xb.set(Xs.subarray(r * F, r * F + F), k * F);
          yb[k * C + y[r]] = 1;
        }
        const out = await session.run({
          X: new ort.Tensor('float32', n === B ? xb : xb.subarray(0, n * F), [n, F]),
          Y: new ort.Tensor('float32', n === B ? yb : yb.subarray(0, n * C), [n, C]),
          W: new ort.Tensor('float32', W, [F, C]),
          b: new ort.Tensor('float32', b, [C]),
          vW: new ort.Tensor('float32', vW, [F, C]),
          vb: new ort.Tensor('float32', vb, [C]),
          lr,
          l2,
          momentum,
        });
        W = out.W_next.data as Float32Array;
        b = out.b_next.data as Float32Array;
        vW = out.vW_next.data as Float32Array;
        vb = out.vb_next.data as Float32Array;
        lossSum += (out.loss.data as Float32Array)[0] * n;
      }
      const loss = lossSum / rows;
      if (!Number.isFinite(loss)) throw new TrainingDivergedError(`training diverged at epoch ${epoch} (loss ${loss}); lower the learning rate`);
      lossCurve.push(loss);
      if (input.onEpoch) {
        await input.onEpoch(epoch, loss, {
          version: 2,
          epoch,
          features: [...features],
          classes: [...classes],
          weights: Array.from(W),
          bias: Array.from(b),
          velocityW: Array.from(vW),
          velocityB: Array.from(vb),
        });
      }
    }
  } finally {
    await session.release();
  }
  return {
    features: [...features],
    classes: [...classes],
    weights: W,
    bias: b,
    mean,
    std,
    lossCurve,
    startEpoch,
    epochs: lastEpoch,
    device,
    ...(fallbackReason ? { deviceFallbackReason: fallbackReason } : {}),
    trainMillis: performance.now() - started,
  };
}
