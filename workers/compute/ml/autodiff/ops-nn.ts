// The network-level ops: MatMul, (log-)softmax, mean, GELU, each with its gradient rule or built from ops that
// have one.
import { ELEM } from '../onnx/graph';
import type { Tensor } from './expr';
import { add, div, erf, exp, mul, sub, tanh } from './ops-elementwise';
import { expandAs, reduceSum, reshape, transpose, unsqueeze } from './ops-shape';
import { normalizeAxes, reducedShape, staticSize } from './shape';

/** The last two axes swapped. */
const swapLast = (x: Tensor) => transpose(x, [...x.shape.keys()].map((i) => (i < x.rank - 2 ? i : 2 * x.rank - 3 - i)));

/**
 * a·b for a [..., M, K] and b [K, N], or both [..., M, K]·[..., K, N] with equal batch dims.
 * Gradients: ∂a = g·bᵀ, ∂b = aᵀ·g (summed over a's batch axes when b is a plain matrix).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== b.dtype) throw new Error(`matmul: operands are ${a.dtype} and ${b.dtype}`);
  if (a.rank < 2 || b.rank < 2) throw new Error('matmul: both operands need rank ≥ 2');
  if (b.rank !== 2 && b.rank !== a.rank) throw new Error(`matmul: b must be a matrix or have a's rank (${a.rank}), got ${b.rank}`);
  const batch = a.shape.slice(0, -2);
  if (b.rank > 2 && !b.shape.slice(0, -2).every((d, i) => d === batch[i])) {
    throw new Error(`matmul: batch dims differ ([${a.shape}] vs [${b.shape}])`);
  }
  const K = a.shape[a.rank - 1];
  if (K !== b.shape[b.rank - 2]) throw new Error(`matmul: inner dims differ ([${a.shape}]·[${b.shape}])`);
  const shape = [...batch, a.shape[a.rank - 2], b.shape[b.rank - 1]];
  return a.trace.apply('MatMul', [a, b], {}, { dtype: a.dtype, shape }, (g, [x, w], _y, needs) => {
    const gx = needs[0] ? matmul(g, swapLast(w)) : undefined;
    if (!needs[1]) return [gx, undefined];
    if (w.rank === x.rank) return [gx, matmul(swapLast(x), g)];
    // w is a matrix shared by every batch entry: flatten x and g to 2-D and let one MatMul do the sum.
    const [k, n] = [w.shape[0], w.shape[1]];
    if (typeof k !== 'number' || typeof n !== 'number') throw new Error('matmul: a batched a needs a b of fixed size');
    return [gx, matmul(transpose(reshape(x, [-1, k])), reshape(g, [-1, n]))];
  });
}

/** Softmax along `axis`. Gradient: y ⊙ (g − Σ_axis g ⊙ y). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const [ax] = normalizeAxes([axis], x.rank);
  return x.trace.apply('Softmax', [x], { axis: ax }, { dtype: x.dtype, shape: x.shape }, (g, _x, y) => [
    mul(y, sub(g, reduceSum(mul(g, y), [ax], true))),
  ]);
}

/** log softmax along `axis` (stable for large inputs). Gradient: g − softmax(x) ⊙ Σ_axis g. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const [ax] = normalizeAxes([axis], x.rank);
  return x.trace.apply('LogSoftmax', [x], { axis: ax }, { dtype: x.dtype, shape: x.shape }, (g, _x, y) => [
    sub(g, mul(exp(y), reduceSum(g, [ax], true))),
  ]);
}

/** The number of elements over `axes` of x, as a scalar of x's dtype (computed at run time for named dims). */
function countOver(x: Tensor, axes: number[]): Tensor {
  const n = staticSize(axes.map((a) => x.shape[a]));
  if (n !== undefined) return x.trace.scalar(n, x.dtype);
  const t = x.trace;
  const dims = t.emit('Gather', [t.emit('Shape', [x], {}, 'int64', [x.rank]), t.constant(axes, [axes.length], 'int64')], { axis: 0 }, 'int64', [axes.length]);
  return t.emit('Cast', [t.emit('ReduceProd', [dims], { keepdims: 0 }, 'int64', [])], { to: ELEM[x.dtype] }, x.dtype, []);
}

/** Mean over `axes` (all when omitted). Gradient: g repeated over the axes, divided by their element count. */
export function reduceMean(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes(axes ?? [...x.shape.keys()], x.rank);
  const shape = reducedShape(x.shape, ax, keepdims);
  return x.trace.apply('ReduceMean', [x], { axes: ax, keepdims: keepdims ? 1 : 0 }, { dtype: x.dtype, shape }, (g, [xi]) => [
    div(expandAs(keepdims ? g : unsqueeze(g, ax), xi), countOver(xi, ax)),
  ]);
}

export type GeluApproximation = 'tanh' | 'erf';

/**
 * GELU, x·Φ(x): exactly with erf, 0.5·x·(1 + erf(x/√2)), or with the tanh approximation
 * 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Opset 17 has no Gelu op; both are built from ops with gradient rules.
 */
export function gelu(x: Tensor, approximation: GeluApproximation = 'tanh'): Tensor {
  const inner =
    approximation === 'erf'
      ? erf(mul(x, Math.SQRT1_2))
      : tanh(mul(add(x, mul(mul(x, mul(x, x)), 0.044715)), Math.sqrt(2 / Math.PI)));
  return mul(mul(x, 0.5), add(inner, 1));
}
