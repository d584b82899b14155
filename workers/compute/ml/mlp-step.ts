// The MLP's graphs for training: the train step (forward, derived backward, optimizer update; one run() per
// mini-batch) and the forward-only graph the trainer evaluates with. Both take the parameters as inputs.
import {
  add, div, gather, grad, logSoftmax, mul, neg, oneHot, reduceMean, reduceSum, squeeze, sub, Trace, type Tensor,
} from './autodiff';
import { mlpForward, mlpParams, type MlpArchitecture } from './mlp-net';
import { GraphBuilder } from './onnx/graph';
import { clipByGlobalNorm, l2Penalty, optimizerStep, stateSlots, type Optimizer } from './optim';

export type MlpTask = 'classification' | 'regression';

export interface MlpStepConfig {
  arch: MlpArchitecture;
  task: MlpTask;
  optimizer: Optimizer;
  /** Penalty (l2/2)·Σ‖W‖² added to the loss (weights only). */
  l2: number;
  dropout: number;
  clipNorm?: number;
  /** Per-class loss weights (classification). */
  classWeights?: Float32Array;
}

/** Names of a parameter's optimizer state inputs, e.g. W0_m, W0_v. */
export function stateNames(cfg: Pick<MlpStepConfig, 'arch' | 'optimizer'>): string[][] {
  return mlpParams(cfg.arch).map((p) => stateSlots(cfg.optimizer).map((s) => `${p.name}_${s}`));
}

/**
 * The batch's data loss: mean softmax cross-entropy (with class weights: Σ wᵢ·ceᵢ / Σ wᵢ, PyTorch's weighted mean)
 * or mean squared error on the standardized target.
 */
export function dataLoss(out: Tensor, y: Tensor, task: MlpTask, classWeights?: Float32Array): Tensor {
  if (task === 'regression') {
    const d = sub(squeeze(out, [1]), y);
    return reduceMean(mul(d, d));
  }
  const C = out.shape[1] as number;
  const ce = neg(reduceSum(mul(oneHot(y, C, out.dtype), logSoftmax(out, 1)), [1]));
  if (!classWeights) return reduceMean(ce);
  const w = gather(out.trace.constant(classWeights, [C], out.dtype), y);
  return div(reduceSum(mul(w, ce)), reduceSum(w));
}

/**
 * Inputs: X float32 [rows, F], the whole standardized training matrix, and Y [rows] (int64 class index or float32
 * standardized target), both the same tensors every run; idx int32 [B], the batch's row numbers (a view into the
 * epoch's permutation); lr and step (float32 scalars); key (int64 scalar, this step's dropout seed; only with
 * dropout); each parameter and its optimizer state.
 * Outputs: `<name>_next` for each parameter and state, and `loss`: the batch's data loss before the update.
 *
 * The batch is gathered inside the graph (docs/decisions.md, "Training graphs"): onnxruntime-node reads the big
 * input tensors in place, so no row is copied in JS, per batch or per epoch.
 */
export function buildMlpTrainStep(cfg: MlpStepConfig): Uint8Array {
  const { arch, task } = cfg;
  const t = new Trace(new GraphBuilder('mlp_train_step'));
  const X = t.input('X', 'float32', ['rows', arch.inputs]);
  const Y = t.input('Y', task === 'classification' ? 'int64' : 'float32', ['rows']);
  const idx = t.input('idx', 'int32', ['B']);
  const xb = gather(X, idx);
  const yb = gather(Y, idx);
  const lr = t.input('lr', 'float32', []);
  const step = t.input('step', 'float32', []);
  const key = cfg.dropout > 0 ? t.input('key', 'int64', []) : undefined;
  const specs = mlpParams(arch);
  const params = specs.map((p) => t.input(p.name, 'float32', p.shape));
  const states = stateNames(cfg).map((names, i) => names.map((n) => t.input(n, 'float32', specs[i].shape)));

  const out = mlpForward(xb, params, arch, key && { rate: cfg.dropout, key });
  const loss = dataLoss(out, yb, task, cfg.classWeights);
  const weights = params.filter((_, i) => specs[i].isWeight);
  const objective = cfg.l2 > 0 ? add(loss, l2Penalty(weights, cfg.l2)) : loss;
  let grads = grad(objective, params);
  if (cfg.clipNorm !== undefined) grads = clipByGlobalNorm(grads, cfg.clipNorm);
  const next = optimizerStep(
    cfg.optimizer,
    params.map((param, i) => ({ param, grad: grads[i], state: states[i], decay: specs[i].isWeight })),
    lr,
    step,
  );
  next.forEach((n, i) => {
    t.output(n.param, `${specs[i].name}_next`);
    n.state.forEach((s, j) => t.output(s, `${states[i][j].name}_next`));
  });
  t.output(loss, 'loss');
  return t.graph.encodeModel({ docString: `Headrace MLP train step (${cfg.optimizer.name})` });
}

/** X float32 [N, F] and the parameters → `output` [N, outputs] (logits, or the standardized prediction). */
export function buildMlpEval(arch: MlpArchitecture): Uint8Array {
  const t = new Trace(new GraphBuilder('mlp_eval'));
  const x = t.input('X', 'float32', ['N', arch.inputs]);
  const params = mlpParams(arch).map((p) => t.input(p.name, 'float32', p.shape));
  t.output(mlpForward(x, params, arch), 'output');
  return t.graph.encodeModel({ docString: 'Headrace MLP forward (evaluation)' });
}
