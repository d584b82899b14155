// Multilayer perceptron training (classification or regression): one run() of the derived train-step graph per
// mini-batch, per-epoch validation with early stopping, checkpoints a resumed run continues bitwise.
import { sameItems } from './same-items';
import { ConfigError, DataError, TrainingDivergedError } from '../errors';
import { mixSeed, mulberry32, shuffledIndices } from '../random';
import { MlpForward, scoreOutputs, standardizeTarget } from './mlp-eval';
import { initParams, mlpParams, type Activation, type MlpArchitecture } from './mlp-net';
import { buildMlpTrainStep, stateNames, type MlpTask } from './mlp-step';
import { openSession, ort, type Device } from './onnx/session';
import { resolveOptimizer, type OptimizerName } from './optim';
import { learningRateAt, validateSchedule, type ScheduleName, type ScheduleOptions } from './schedule';
import { standardizeRows, statsOfRows } from './standardize';

/** Independent random streams drawn from the one seed. */
const SALT = { shuffle: 1, init: 2, split: 3, dropout: 4 };

interface TrainMlpCommon {
  /** Raw (unstandardized) features, row-major [rows, features.length]. */
  X: Float32Array;
  rows: number;
  features: string[];
  /** Hidden layer widths, input side first ([] is a linear model). */
  hidden: number[];
  activation?: Activation;
  /** Probability of zeroing each hidden unit during training. Default 0. */
  dropout?: number;
  optimizer?: OptimizerName;
  /** sgd only: momentum (default 0.9) and Nesterov. */
  momentum?: number;
  nesterov?: boolean;
  learningRate: number;
  schedule?: ScheduleName;
  warmupEpochs?: number;
  /** step schedule: multiply by `gamma` every `stepEpochs` epochs. */
  gamma?: number;
  stepEpochs?: number;
  /** Penalty (l2/2)·Σ‖W‖² in the loss, weights only (any optimizer). */
  l2?: number;
  /** adamw only: decoupled weight decay (default 0.01). */
  weightDecay?: number;
  /** Clip the gradients to this global norm. */
  clipNorm?: number;
  batchSize: number;
  epochs: number;
  /** Share of rows held out (seeded) to validate on after each epoch. Default 0. */
  validationFraction?: number;
  /** Stop after this many epochs without a lower validation loss (needs a validation split). */
  patience?: number;
  /** With a validation split, end with the parameters of the best validation epoch. Default true. */
  restoreBest?: boolean;
  seed: number;
  /** After each epoch: its figures and a checkpoint to resume from (heartbeat it). */
  onEpoch?: (info: MlpEpochInfo, checkpoint: MlpCheckpoint) => void | Promise<void>;
  /** Asked after each epoch's onEpoch: true ends training there (a sweep's median stopping rule). */
  shouldStop?: () => boolean;
  /** Resume from a checkpoint of the same data and config. */
  checkpoint?: MlpCheckpoint;
  device?: Device;
}

export type TrainMlpInput = TrainMlpCommon &
  (
    | {
        task: 'classification';
        /** Class index per row, 0..classes.length-1. */
        y: Int32Array;
        classes: string[];
        /** Loss weight per class, or 'balanced' (rows / (classes · rows of the class), on the training split). */
        classWeights?: number[] | 'balanced';
      }
    | { task: 'regression'; y: Float32Array | Float64Array }
  );

export interface MlpEpochInfo {
  epoch: number;
  /** Mean batch loss (data term) over the epoch, at the weights each batch started from. */
  trainLoss: number;
  /** With a validation split: the same loss on it after the epoch, and accuracy (classification) or RMSE. */
  valLoss?: number;
  valMetric?: number;
  /** Training rows per second of this epoch (validation excluded). */
  samplesPerSecond: number;
  /** The learning rate of the epoch's last step. */
  lr: number;
}

/**
 * The model and optimizer state after epoch `epoch`, as plain JSON: float32 values survive the number round trip
 * exactly, so a run resumed from it is bitwise identical to an uninterrupted one. The data split, the
 * standardization and the shuffles are recomputed from the data and the seed.
 */
export interface MlpCheckpoint {
  version: 1;
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  task: MlpTask;
  features: string[];
  classes: string[];
  hidden: number[];
  activation: Activation;
  optimizer: OptimizerName;
  /** W0, b0, W1, b1, … flattened row-major. */
  params: number[][];
  /** Per parameter, its optimizer state tensors (velocity, or m and v). */
  state: number[][][];
  /** The best validation epoch so far, for early stopping. */
  best?: { epoch: number; valLoss: number; params: number[][] };
}

export interface MlpModel {
  task: MlpTask;
  features: string[];
  /** Classification: the class names, in output order. Regression: empty. */
  classes: string[];
  hidden: number[];
  activation: Activation;
  /** W0, b0, W1, b1, … (row-major [in, out]) for standardized inputs. */
  params: Float32Array[];
  /** Standardization before the first layer: x' = (x − mean)/std (training split only). */
  mean: Float32Array;
  std: Float32Array;
  /** Regression: the net predicts (y − targetMean)/targetStd (float32 values). 0 and 1 for classification. */
  targetMean: number;
  targetStd: number;
  /** Per epoch trained by this call: mean batch loss, and the validation loss when there is a split. */
  lossCurve: number[];
  valLossCurve: number[];
  /** Epochs restored from the checkpoint (0 without one), and the last epoch trained. */
  startEpoch: number;
  epochs: number;
  /** The epoch whose parameters these are, when restored to the best validation epoch. */
  bestEpoch?: number;
  stoppedEarly: boolean;
  device: Device;
  deviceFallbackReason?: string;
  trainMillis: number;
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new ConfigError(message);
}

function validate(input: TrainMlpInput): void {
  const { X, rows, features, y } = input;
  if (rows < 1) throw new DataError('no training rows');
  if (X.length !== rows * features.length) throw new Error(`X has ${X.length} values, expected ${rows}×${features.length}`);
  if (y.length !== rows) throw new Error(`y has ${y.length} targets, expected ${rows}`);
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i])) throw new DataError(`non-finite feature value at row ${Math.floor(i / features.length)}`);
  }
  if (input.task === 'classification') {
    const C = input.classes.length;
    if (C < 2) throw new DataError(`need at least 2 classes, got ${C} (${input.classes.join(', ')})`);
    for (let i = 0; i < rows; i++) if (input.y[i] < 0 || input.y[i] >= C) throw new Error(`row ${i}: class index ${input.y[i]} out of range`);
    const w = input.classWeights;
    if (Array.isArray(w)) check(w.length === C && w.every((v) => v >= 0) && w.some((v) => v > 0), `classWeights needs ${C} non-negative values, not all 0`);
  } else {
    for (let i = 0; i < rows; i++) if (!Number.isFinite(input.y[i])) throw new DataError(`non-finite target value at row ${i}`);
  }
  check(input.hidden.every((h) => Number.isInteger(h) && h >= 1), `hidden layer widths must be positive integers, got [${input.hidden}]`);
  check(['relu', 'gelu', 'tanh'].includes(input.activation ?? 'relu'), `unknown activation "${input.activation}" (relu, gelu or tanh)`);
  check((input.dropout ?? 0) >= 0 && (input.dropout ?? 0) < 1, `dropout must be in [0, 1), got ${input.dropout}`);
  check(input.learningRate > 0 && Number.isFinite(input.learningRate), `learningRate must be positive, got ${input.learningRate}`);
  check((input.l2 ?? 0) >= 0, `l2 must be ≥ 0, got ${input.l2}`);
  check(Number.isInteger(input.batchSize) && input.batchSize >= 1, 'batchSize must be a positive integer');
  check(Number.isInteger(input.epochs) && input.epochs >= 1, 'epochs must be a positive integer');
  const f = input.validationFraction ?? 0;
  check(f >= 0 && f < 1, `validationFraction must be in [0, 1), got ${f}`);
  if (input.patience !== undefined) {
    check(Number.isInteger(input.patience) && input.patience >= 1, 'patience must be a positive integer');
    check(f > 0, 'patience (early stopping) needs a validation split: set validationFraction');
  }
}

/** What a checkpoint must have been made for: a checkpoint of another model cannot resume this one. */
export interface MlpCheckpointSpec {
  task: MlpTask;
  features: readonly string[];
  /** Empty for regression. */
  classes: readonly string[];
  hidden: readonly number[];
  activation: Activation;
  optimizer: OptimizerName;
}

export function mlpCheckpointFits(ck: MlpCheckpoint, spec: MlpCheckpointSpec): boolean {
  return ck.version === 1 && ck.task === spec.task && sameItems(ck.features, spec.features) && sameItems(ck.classes, spec.classes) &&
    sameItems(ck.hidden, spec.hidden) && ck.activation === spec.activation && ck.optimizer === spec.optimizer;
}

/** Seeded split: the validation rows and the training rows, each in ascending order. */
function split(rows: number, fraction: number, seed: number): { train: Uint32Array; val: Uint32Array } {
  const nVal = fraction > 0 ? Math.min(rows - 1, Math.max(1, Math.round(rows * fraction))) : 0;
  if (fraction > 0 && nVal < 1) throw new DataError('too few rows for a validation split');
  const order = shuffledIndices(rows, mulberry32(mixSeed(seed, SALT.split)));
  return { val: order.slice(0, nVal).sort(), train: order.slice(nVal).sort() };
}

function classWeightsOf(input: TrainMlpInput, train: Uint32Array): Float32Array | undefined {
  if (input.task !== 'classification' || input.classWeights === undefined) return undefined;
  if (input.classWeights !== 'balanced') return Float32Array.from(input.classWeights);
  const C = input.classes.length;
  const counts = new Array<number>(C).fill(0);
  for (const r of train) counts[input.y[r]]++;
  return Float32Array.from(counts, (n) => (n > 0 ? train.length / (C * n) : 0));
}

export async function trainMlp(input: TrainMlpInput): Promise<MlpModel> {
  validate(input);
  const started = performance.now();
  const { features, seed, epochs } = input;
  const F = features.length;
  const activation = input.activation ?? 'relu';
  const optimizerName = input.optimizer ?? 'adam';
  const optimizer = resolveOptimizer({
    name: optimizerName, momentum: input.momentum, nesterov: input.nesterov, weightDecay: input.weightDecay,
  });
  const schedule: ScheduleOptions = {
    name: input.schedule ?? 'constant', warmupEpochs: input.warmupEpochs, gamma: input.gamma, stepEpochs: input.stepEpochs,
  };
  validateSchedule(schedule);
  const classes = input.task === 'classification' ? [...input.classes] : [];
  const arch: MlpArchitecture = { inputs: F, hidden: [...input.hidden], outputs: Math.max(classes.length, 1), activation };
  const ck = input.checkpoint;
  if (ck && !mlpCheckpointFits(ck, { task: input.task, features, classes, hidden: input.hidden, activation, optimizer: optimizerName })) {
    throw new Error('checkpoint was made for a different model (task, features, classes, layers, activation or optimizer)');
  }

  const { train, val } = split(input.rows, input.validationFraction ?? 0, seed);
  const R = train.length;
  const { mean, std } = statsOfRows(input.X, F, train);
  const Xs = standardizeRows(input.X, F, mean, std, train);
  let targetMean = 0;
  let targetStd = 1;
  let Y: ort.Tensor;
  if (input.task === 'classification') {
    Y = new ort.Tensor('int64', BigInt64Array.from(train, (r) => BigInt(input.y[r])), [R]);
  } else {
    let m = 0;
    for (const r of train) m += input.y[r];
    m /= R;
    let v = 0;
    for (const r of train) v += (input.y[r] - m) ** 2;
    targetMean = Math.fround(m);
    targetStd = Math.fround(Math.sqrt(v / R) > 1e-12 ? Math.sqrt(v / R) : 1);
    Y = new ort.Tensor('float32', Float32Array.from(train, (r) => standardizeTarget(input.y[r], targetMean, targetStd)), [R]);
  }
  const classWeights = classWeightsOf(input, train);
  const dropout = input.dropout ?? 0;

  const specs = mlpParams(arch);
  const slots = stateNames({ arch, optimizer });
  let params: Float32Array[] = ck ? ck.params.map((p) => Float32Array.from(p)) : initParams(arch, mixSeed(seed, SALT.init));
  let state: Float32Array[][] = ck
    ? ck.state.map((s) => s.map((v) => Float32Array.from(v)))
    : params.map((p, i) => slots[i].map(() => new Float32Array(p.length)));
  let step = ck ? ck.step : 0;
  let best: { epoch: number; valLoss: number; params: Float32Array[] } | undefined =
    ck?.best && { ...ck.best, params: ck.best.params.map((p) => Float32Array.from(p)) };
  const startEpoch = ck ? ck.epoch : 0;

  const stepBytes = buildMlpTrainStep({
    arch, task: input.task, optimizer, l2: input.l2 ?? 0, dropout, clipNorm: input.clipNorm, classWeights,
  });
  const { session, device, fallbackReason } = await openSession(stepBytes, input.device ?? 'cpu');
  const forward = val.length > 0 ? await MlpForward.open(arch, device) : undefined;
  const Xval = forward && standardizeRows(input.X, F, mean, std, val);
  const valTarget =
    input.task === 'classification'
      ? { task: 'classification' as const, y: Array.from(val, (r) => input.y[r]), classes: classes.length, classWeights }
      : { task: 'regression' as const, y: Array.from(val, (r) => input.y[r]), mean: targetMean, std: targetStd };

  const B = Math.min(input.batchSize, R);
  const stepsPerEpoch = Math.ceil(R / B);
  const X = new ort.Tensor('float32', Xs, [R, F]);
  const order = new Uint32Array(R);
  // The permutation read as int32 (R < 2^31): each batch's idx is a view into it, nothing is copied.
  const order32 = new Int32Array(order.buffer);
  const dropoutSeed = mixSeed(seed, SALT.dropout);
  const lossCurve: number[] = [];
  const valLossCurve: number[] = [];
  const patienceLeft = (epoch: number) => !(input.patience !== undefined && best && epoch - best.epoch >= input.patience);
  let lastEpoch = startEpoch;
  try {
    for (let epoch = startEpoch + 1; epoch <= epochs && patienceLeft(epoch - 1) && !input.shouldStop?.(); epoch++) {
      const epochStart = performance.now();
      // Depends only on (seed, epoch), so a resumed run shuffles as the uninterrupted one did.
      shuffledIndices(R, mulberry32(mixSeed(mixSeed(seed, SALT.shuffle), epoch)), order);
      let lossSum = 0;
      let lr = 0;
      for (let start = 0; start < R; start += B) {
        const n = Math.min(B, R - start);
        lr = learningRateAt(input.learningRate, schedule, { step, stepsPerEpoch, epochs });
        step++;
        const feeds: Record<string, ort.Tensor> = {
          X,
          Y,
          idx: new ort.Tensor('int32', order32.subarray(start, start + n), [n]),
          lr: new ort.Tensor('float32', Float32Array.of(lr), []),
          step: new ort.Tensor('float32', Float32Array.of(step), []),
        };
        if (dropout > 0) feeds.key = new ort.Tensor('int64', BigInt64Array.of(BigInt(mixSeed(dropoutSeed, step))), []);
        specs.forEach((p, i) => {
          feeds[p.name] = new ort.Tensor('float32', params[i], p.shape);
          slots[i].forEach((s, j) => (feeds[s] = new ort.Tensor('float32', state[i][j], p.shape)));
        });
        const out = await session.run(feeds);
        const loss = (out.loss.data as Float32Array)[0];
        if (!Number.isFinite(loss)) {
          throw new TrainingDivergedError(
            `training diverged at epoch ${epoch}, step ${step} (loss ${loss}): lower learningRate (${input.learningRate}), ` +
              'add a warm-up (warmupEpochs) or clip the gradients (clipNorm)',
          );
        }
        lossSum += loss * n;
        params = specs.map((p) => out[`${p.name}_next`].data as Float32Array);
        state = slots.map((names) => names.map((s) => out[`${s}_next`].data as Float32Array));
      }
      const seconds = (performance.now() - epochStart) / 1000;
      const info: MlpEpochInfo = { epoch, trainLoss: lossSum / R, samplesPerSecond: R / seconds, lr };
      lossCurve.push(info.trainLoss);
      if (forward) {
        const score = scoreOutputs(await forward.run(Xval!, val.length, params), val.length, valTarget);
        if (!Number.isFinite(score.loss)) throw new TrainingDivergedError(`validation loss is ${score.loss} at epoch ${epoch}: lower learningRate`);
        info.valLoss = score.loss;
        info.valMetric = score.metric;
        valLossCurve.push(score.loss);
        if (!best || score.loss < best.valLoss) best = { epoch, valLoss: score.loss, params };
      }
      lastEpoch = epoch;
      if (input.onEpoch) {
        const list = (a: Float32Array[]) => a.map((p) => Array.from(p));
        await input.onEpoch(info, {
          version: 1, epoch, step, task: input.task, features: [...features], classes, hidden: [...arch.hidden], activation,
          optimizer: optimizerName, params: list(params), state: state.map(list),
          ...(best ? { best: { epoch: best.epoch, valLoss: best.valLoss, params: list(best.params) } } : {}),
        });
      }
    }
  } finally {
    await session.release();
    await forward?.release();
  }
  const restore = best !== undefined && (input.restoreBest ?? true);
  return {
    task: input.task, features: [...features], classes, hidden: [...arch.hidden], activation,
    params: restore ? best!.params : params,
    mean, std, targetMean, targetStd, lossCurve, valLossCurve, startEpoch, epochs: lastEpoch,
    ...(restore ? { bestEpoch: best!.epoch } : {}),
    stoppedEarly: lastEpoch < epochs,
    device,
    ...(fallbackReason ? { deviceFallbackReason: fallbackReason } : {}),
    trainMillis: performance.now() - started,
  };
}
