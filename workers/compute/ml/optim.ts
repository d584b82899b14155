// Optimizer updates written as graph ops inside a train step: each parameter's state tensors come in as inputs
// and their next values go out, as trainStep.ts does with momentum. Gradient clipping by global norm.
import { add, div, maximum, mul, reduceSum, sqrt, sub, type Tensor } from './autodiff';
import { ConfigError } from '../errors';

export type OptimizerName = 'sgd' | 'adam' | 'adamw';

export interface OptimizerOptions {
  name: OptimizerName;
  /** sgd: heavy-ball momentum μ (0 = plain SGD). Default 0.9. */
  momentum?: number;
  /** sgd: Nesterov momentum. */
  nesterov?: boolean;
  /** adam/adamw: moment decay rates and the denominator's ε. Defaults 0.9, 0.999, 1e-8 (PyTorch's). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** adamw: decoupled weight decay (Loshchilov & Hutter), applied to weight matrices only. Default 0.01. */
  weightDecay?: number;
}

export type Optimizer = Required<OptimizerOptions>;

/** Fills in defaults and refuses settings that cannot work, naming them. */
export function resolveOptimizer(o: OptimizerOptions): Optimizer {
  const r: Optimizer = {
    name: o.name,
    momentum: o.momentum ?? 0.9,
    nesterov: o.nesterov ?? false,
    beta1: o.beta1 ?? 0.9,
    beta2: o.beta2 ?? 0.999,
    epsilon: o.epsilon ?? 1e-8,
    weightDecay: o.weightDecay ?? (o.name === 'adamw' ? 0.01 : 0),
  };
  if (!['sgd', 'adam', 'adamw'].includes(r.name)) throw new ConfigError(`unknown optimizer "${r.name}" (sgd, adam or adamw)`);
  const unit = (v: number) => v >= 0 && v < 1;
  if (!unit(r.momentum)) throw new ConfigError(`momentum must be in [0, 1), got ${r.momentum}`);
  if (r.nesterov && (r.name !== 'sgd' || r.momentum === 0)) throw new ConfigError('nesterov needs the sgd optimizer with momentum > 0');
  if (!unit(r.beta1) || !unit(r.beta2)) throw new ConfigError(`beta1 and beta2 must be in [0, 1), got ${r.beta1} and ${r.beta2}`);
  if (!(r.epsilon > 0)) throw new ConfigError(`epsilon must be positive, got ${r.epsilon}`);
  if (!(r.weightDecay >= 0)) throw new ConfigError(`weightDecay must be ≥ 0, got ${r.weightDecay}`);
  if (r.weightDecay > 0 && r.name !== 'adamw') {
    throw new ConfigError(`weightDecay is AdamW's decoupled decay; with ${r.name} use l2 (a penalty in the loss) instead`);
  }
  return r;
}

/** State tensors per parameter: the velocity for sgd, the first and second moments for adam/adamw. */
export function stateSlots(o: Optimizer): string[] {
  return o.name === 'sgd' ? ['velocity'] : ['m', 'v'];
}

export interface ParamUpdate {
  param: Tensor;
  grad: Tensor;
  /** In the order of stateSlots(). */
  state: Tensor[];
  /** Whether decoupled weight decay applies (weight matrices, not biases). */
  decay: boolean;
}

/**
 * One update of every parameter. `lr` is the step's learning rate and `step` the 1-based step count (a float
 * scalar: Adam's bias correction 1 − β^t is computed from it in the graph).
 *   sgd:    v ← μ·v + g;  θ ← θ − lr·v   (Nesterov: θ ← θ − lr·(g + μ·v))
 *   adam:   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← θ − (lr/(1−β1^t))·m / (√v/√(1−β2^t) + ε)
 *   adamw:  adam, and θ ← θ − lr·wd·θ on weight matrices
 */
export function optimizerStep(o: Optimizer, updates: ParamUpdate[], lr: Tensor, step: Tensor): { param: Tensor; state: Tensor[] }[] {
  if (o.name === 'sgd') {
    return updates.map(({ param, grad, state: [v] }) => {
      const vNext = add(mul(v, o.momentum), grad);
      const dir = o.nesterov ? add(grad, mul(vNext, o.momentum)) : vNext;
      return { param: sub(param, mul(dir, lr)), state: [vNext] };
    });
  }
  const t = lr.trace;
  const power = (base: number) => t.emit('Pow', [t.scalar(base, lr.dtype), step], {}, lr.dtype, []);
  const stepSize = div(lr, sub(1, power(o.beta1)));
  const root2 = sqrt(sub(1, power(o.beta2)));
  return updates.map(({ param, grad, state: [m, v], decay }) => {
    const mNext = add(mul(m, o.beta1), mul(grad, 1 - o.beta1));
    const vNext = add(mul(v, o.beta2), mul(mul(grad, grad), 1 - o.beta2));
    const denom = add(div(sqrt(vNext), root2), o.epsilon);
    let next = sub(param, mul(div(mNext, denom), stepSize));
    if (o.name === 'adamw' && decay && o.weightDecay > 0) next = sub(next, mul(param, mul(lr, o.weightDecay)));
    return { param: next, state: [mNext, vNext] };
  });
}

/** Scales all gradients by min(1, maxNorm/‖g‖) where ‖g‖ is the norm of all of them together. */
export function clipByGlobalNorm(grads: Tensor[], maxNorm: number): Tensor[] {
  if (!(maxNorm > 0)) throw new ConfigError(`clipNorm must be positive, got ${maxNorm}`);
  const norm = sqrt(grads.map((g) => reduceSum(mul(g, g))).reduce((a, b) => add(a, b)));
  const scale = div(maxNorm, maximum(norm, maxNorm));
  return grads.map((g) => mul(g, scale));
}

/** (l2/2)·Σ‖W‖² over the given weights: its gradient is l2·W. */
export function l2Penalty(weights: Tensor[], l2: number): Tensor {
  return mul(weights.map((w) => reduceSum(mul(w, w))).reduce((a, b) => add(a, b)), l2 / 2);
}
