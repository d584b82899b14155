// Ops that move, pick, sum or repeat elements without arithmetic on them, each with its gradient rule; and
// sumTo, which sums a broadcast gradient back to its operand's shape.
import { ELEM } from '../onnx/graph';
import type { DType, Tensor } from './expr';
import {
  broadcastShapes, inversePermutation, normalizeAxes, reducedShape, reshapedShape, sameShape, unsqueezedShape, type Shape,
} from './shape';

function int64s(t: Tensor, values: readonly number[]): string {
  return t.trace.constant([...values], [values.length], 'int64').name;
}

/** The run-time shape of `t` as an int64 vector (Expand and Reshape take their target shapes this way). */
function shapeOf(t: Tensor): string {
  return t.trace.emit('Shape', [t], {}, 'int64', [t.rank]).name;
}

/** Σ over `axes` (all when omitted). Gradient: the output gradient repeated over the summed axes. */
export function reduceSum(x: Tensor, axes?: readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes(axes ?? x.shape.map((_, i) => i), x.rank);
  return x.trace.apply(
    'ReduceSum',
    [x],
    { keepdims: keepdims ? 1 : 0 },
    { dtype: x.dtype, shape: reducedShape(x.shape, ax, keepdims), names: [x.name, int64s(x, ax)] },
    (g, [xi]) => [expandAs(keepdims ? g : unsqueeze(g, ax), xi)],
  );
}

/** Broadcasts `x` to the shape of `like`. Gradient: summed back to x's shape. */
export function expandAs(x: Tensor, like: Tensor): Tensor {
  return x.trace.apply(
    'Expand',
    [x],
    {},
    { dtype: x.dtype, shape: broadcastShapes(x.shape, like.shape), names: [x.name, shapeOf(like)] },
    (g, [xi]) => [sumTo(g, xi.shape)],
  );
}

/**
 * Sums a gradient of a broadcast result back to an operand's `shape`: over the leading axes the operand lacked,
 * and over the axes where it had size 1.
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const leading = Array.from({ length: lead }, (_, i) => i);
  let out = lead > 0 ? reduceSum(g, leading) : g;
  const ones = shape.flatMap((d, i) => (d === 1 && out.shape[i] !== 1 ? [i] : []));
  if (ones.length > 0) out = reduceSum(out, ones, true);
  if (!sameShape(out.shape, shape)) throw new Error(`cannot sum a gradient of shape [${g.shape}] to [${shape}]`);
  return out;
}

/** ONNX Reshape to a fixed target (0 copies the input dim, −1 is inferred). */
export function reshape(x: Tensor, target: readonly number[]): Tensor {
  const shape = reshapedShape(x.shape, target, `${x.name}_reshaped`);
  return x.trace.apply('Reshape', [x], {}, { dtype: x.dtype, shape, names: [x.name, int64s(x, target)] }, (g, [xi]) => [reshapeAs(g, xi)]);
}

/** Reshapes `x` to the (run-time) shape of `like`. */
export function reshapeAs(x: Tensor, like: Tensor): Tensor {
  return x.trace.apply('Reshape', [x], {}, { dtype: x.dtype, shape: like.shape, names: [x.name, shapeOf(like)] }, (g, [xi]) => [
    reshapeAs(g, xi),
  ]);
}

export function unsqueeze(x: Tensor, axes: readonly number[]): Tensor {
  const shape = unsqueezedShape(x.shape, axes);
  return x.trace.apply('Unsqueeze', [x], {}, { dtype: x.dtype, shape, names: [x.name, int64s(x, axes)] }, (g, [xi]) => [reshapeAs(g, xi)]);
}

/** Removes the given size-1 axes. */
export function squeeze(x: Tensor, axes: readonly number[]): Tensor {
  const ax = normalizeAxes(axes, x.rank);
  for (const a of ax) if (x.shape[a] !== 1) throw new Error(`squeeze: axis ${a} of [${x.shape}] is not 1`);
  const shape = x.shape.filter((_, i) => !ax.includes(i));
  return x.trace.apply('Squeeze', [x], {}, { dtype: x.dtype, shape, names: [x.name, int64s(x, ax)] }, (g, [xi]) => [reshapeAs(g, xi)]);
}

export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  if (p.length !== x.rank || normalizeAxes(p, x.rank).length !== x.rank) throw new Error(`transpose: bad permutation [${p}]`);
  return x.trace.apply('Transpose', [x], { perm: [...p] }, { dtype: x.dtype, shape: p.map((i) => x.shape[i]) }, (g) => [
    transpose(g, inversePermutation(p)),
  ]);
}

/**
 * Rows of `data` picked by int32/int64 `indices` (Gather on axis 0). Gradient: each output row's gradient added
 * into the row it came from (ScatterND with reduction add, so repeated indices accumulate).
 */
export function gather(data: Tensor, indices: Tensor): Tensor {
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') throw new Error('gather: indices must be int32 or int64');
  const shape = [...indices.shape, ...data.shape.slice(1)];
  return data.trace.apply('Gather', [data], { axis: 0 }, { dtype: data.dtype, shape, names: [data.name, indices.name] }, (g, [d]) => {
    const t = d.trace;
    const zeros = t.emit('Expand', [t.scalar(0, d.dtype), shapeOf(d)], {}, d.dtype, d.shape);
    const idx = indices.dtype === 'int64' ? indices : t.emit('Cast', [indices], { to: ELEM.int64 }, 'int64', indices.shape);
    const at = t.emit('Unsqueeze', [idx, int64s(d, [-1])], {}, 'int64', [...indices.shape, 1]);
    return [t.emit('ScatterND', [zeros, at, g], { reduction: 'add' }, d.dtype, d.shape)];
  });
}

/**
 * One-hot rows (a new last axis) of int64 class indices; not differentiable. Built as indices == [0 … depth−1]
 * rather than with OneHot, whose CPU kernel has no float64 values.
 */
export function oneHot(indices: Tensor, depth: number, dtype: DType): Tensor {
  const t = indices.trace;
  const shape = [...indices.shape, depth];
  const classes = t.constant(Array.from({ length: depth }, (_, i) => i), [depth], 'int64');
  const at = t.emit('Unsqueeze', [indices, int64s(indices, [-1])], {}, 'int64', [...indices.shape, 1]);
  return t.emit('Cast', [t.emit('Equal', [at, classes], {}, 'bool', shape)], { to: ELEM[dtype] }, dtype, shape);
}

/** Element type conversion. Gradient flows between float types only. */
export function cast(x: Tensor, to: DType): Tensor {
  if (x.dtype === to) return x;
  return x.trace.apply('Cast', [x], { to: ELEM[to] }, { dtype: to, shape: x.shape }, (g, [xi]) => [
    xi.isFloat && g.isFloat ? cast(g, xi.dtype) : undefined,
  ]);
}
