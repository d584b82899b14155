// Element-wise ops with numpy broadcasting, each with its gradient rule (a broadcast operand's gradient is summed
// back to its shape). A plain number operand becomes a scalar constant of the other operand's dtype.
import type { Tensor } from './expr';
import { erf64 } from './erf64';
import { sumTo } from './ops-shape';
import { broadcastShapes } from './shape';

export type Operand = Tensor | number;

/** Both operands as tensors of one dtype (ONNX never mixes element types within an op). */
function pair(a: Operand, b: Operand, op: string): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new Error(`${op}: at least one operand must be a tensor`);
  const ta = typeof a === 'number' ? (b as Tensor).trace.scalar(a, (b as Tensor).dtype) : a;
  const tb = typeof b === 'number' ? ta.trace.scalar(b, ta.dtype) : b;
  if (ta.dtype !== tb.dtype) throw new Error(`${op}: operands are ${ta.dtype} and ${tb.dtype}; cast one first`);
  return [ta, tb];
}

function binary(op: string, a: Operand, b: Operand, rule: (g: Tensor, a: Tensor, b: Tensor, y: Tensor, needs: readonly boolean[]) => (Tensor | undefined)[]): Tensor {
  const [ta, tb] = pair(a, b, op);
  const shape = broadcastShapes(ta.shape, tb.shape);
  return ta.trace.apply(op, [ta, tb], {}, { dtype: ta.dtype, shape }, (g, [x, z], y, needs) => {
    const [ga, gb] = rule(g, x, z, y, needs);
    return [ga && sumTo(ga, x.shape), gb && sumTo(gb, z.shape)];
  });
}

function unary(op: string, x: Tensor, rule: (g: Tensor, x: Tensor, y: Tensor) => Tensor, attrs = {}): Tensor {
  return x.trace.apply(op, [x], attrs, { dtype: x.dtype, shape: x.shape }, (g, [xi], y) => [rule(g, xi, y)]);
}

export const add = (a: Operand, b: Operand): Tensor => binary('Add', a, b, (g) => [g, g]);

export const sub = (a: Operand, b: Operand): Tensor => binary('Sub', a, b, (g, _a, _b, _y, needs) => [g, needs[1] ? neg(g) : undefined]);

export const mul = (a: Operand, b: Operand): Tensor =>
  binary('Mul', a, b, (g, x, z, _y, needs) => [needs[0] ? mul(g, z) : undefined, needs[1] ? mul(g, x) : undefined]);

/** a / b.  ∂/∂b = −g·a/b² = −g·y/b. */
export const div = (a: Operand, b: Operand): Tensor =>
  binary('Div', a, b, (g, _x, z, y, needs) => [needs[0] ? div(g, z) : undefined, needs[1] ? neg(div(mul(g, y), z)) : undefined]);

export const neg = (x: Tensor): Tensor => unary('Neg', x, (g) => neg(g));

/** x^p for a constant p. */
export function pow(x: Tensor, p: number): Tensor {
  return x.trace.apply('Pow', [x], {}, { dtype: x.dtype, shape: x.shape, names: [x.name, x.trace.scalar(p, x.dtype).name] }, (g, [xi]) => [
    mul(g, mul(pow(xi, p - 1), p)),
  ]);
}

export const exp = (x: Tensor): Tensor => unary('Exp', x, (g, _x, y) => mul(g, y));

export const log = (x: Tensor): Tensor => unary('Log', x, (g, xi) => div(g, xi));

export const sqrt = (x: Tensor): Tensor => unary('Sqrt', x, (g, _x, y) => div(g, mul(y, 2)));

export const tanh = (x: Tensor): Tensor => unary('Tanh', x, (g, _x, y) => mul(g, sub(1, mul(y, y))));

export const sigmoid = (x: Tensor): Tensor => unary('Sigmoid', x, (g, _x, y) => mul(g, mul(y, sub(1, y))));

/** max(x, 0); the gradient at exactly 0 is taken as 0. */
export const relu = (x: Tensor): Tensor => unary('Relu', x, (g, xi) => where(greater(xi, 0), g, 0));

/**
 * The error function. onnxruntime's CPU Erf is float32 only, so float64 graphs get Cody's rational approximation
 * (./erf64.ts, ~1e-16); the rule d/dx erf(x) = 2/√π·e^(−x²) is the exact one either way.
 */
export function erf(x: Tensor): Tensor {
  const rule = (g: Tensor, xi: Tensor) => mul(g, mul(exp(neg(mul(xi, xi))), 2 / Math.sqrt(Math.PI)));
  if (x.dtype === 'float32') return unary('Erf', x, rule);
  if (x.dtype !== 'float64') throw new Error(`erf: ${x.dtype} is not a float type`);
  const y = erf64(x);
  x.trace.tape.push({ inputs: [x], output: y, rule: (g, [xi]) => [rule(g, xi)] });
  return y;
}

/** Picks `a` where `cond` (bool) holds, else `b`; all three broadcast. The condition gets no gradient. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== 'bool') throw new Error('where: the condition must be bool');
  const [ta, tb] = pair(a, b, 'Where');
  const shape = broadcastShapes(cond.shape, ta.shape, tb.shape);
  return ta.trace.apply('Where', [ta, tb], {}, { dtype: ta.dtype, shape, names: [cond.name, ta.name, tb.name] }, (g, [x, z], _y, needs) => [
    needs[0] ? sumTo(where(cond, g, 0), x.shape) : undefined,
    needs[1] ? sumTo(where(cond, 0, g), z.shape) : undefined,
  ]);
}

/** a > b, element-wise (bool, not differentiable). */
export function greater(a: Operand, b: Operand): Tensor {
  const [ta, tb] = pair(a, b, 'Greater');
  return ta.trace.emit('Greater', [ta, tb], {}, 'bool', broadcastShapes(ta.shape, tb.shape));
}

/** max(a, b) element-wise, not differentiated (used for clipping factors). */
export function maximum(a: Operand, b: Operand): Tensor {
  const [ta, tb] = pair(a, b, 'Max');
  return ta.trace.emit('Max', [ta, tb], {}, ta.dtype, broadcastShapes(ta.shape, tb.shape));
}
