// Static shape rules for the traced ops: numpy broadcasting, reductions, permutations, over fixed and named dims.
import type { Dim } from '../onnx/graph';

export type Shape = readonly Dim[];

const show = (s: Shape) => `[${s.join(', ')}]`;

/**
 * numpy broadcasting, decided when the graph is built (the gradient must know which axes to sum back).
 * Two dims agree when they are equal or one of them is the number 1. A named dim against a different name or a
 * number other than 1 is refused: at run time it could be 1, and the gradient would then be summed wrongly.
 */
export function broadcastShapes(...shapes: Shape[]): Dim[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1 || d === dim) continue;
      if (dim !== 1) throw new Error(`cannot broadcast shapes ${shapes.map(show).join(' and ')} (axis ${i}: ${dim} vs ${d})`);
      dim = d;
    }
    out.push(dim);
  }
  return out;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Axes made non-negative, checked, sorted and de-duplicated. */
export function normalizeAxes(axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => {
    const k = a < 0 ? a + rank : a;
    if (!Number.isInteger(k) || k < 0 || k >= rank) throw new Error(`axis ${a} out of range for rank ${rank}`);
    return k;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): Dim[] {
  const set = new Set(axes);
  return keepdims ? shape.map((d, i) => (set.has(i) ? 1 : d)) : shape.filter((_, i) => !set.has(i));
}

/** Shape after inserting size-1 axes at `axes` (positions in the output, as ONNX Unsqueeze counts them). */
export function unsqueezedShape(shape: Shape, axes: readonly number[]): Dim[] {
  const rank = shape.length + axes.length;
  const at = new Set(normalizeAxes(axes, rank));
  const out: Dim[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : shape[k++]);
  return out;
}

export function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** The element count, when every dim is a number. */
export function staticSize(shape: Shape): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

/**
 * ONNX Reshape's output shape (0 copies the input dim, −1 is inferred). An inferred dim that depends on a named
 * one gets a fresh name (`fresh`), so later broadcasts against it are refused rather than guessed.
 */
export function reshapedShape(shape: Shape, target: readonly number[], fresh: string): Dim[] {
  const out: Dim[] = target.map((d, i) => (d === 0 ? shape[i] : d));
  const inferred = target.indexOf(-1);
  if (inferred >= 0) {
    const total = staticSize(shape);
    const known = staticSize(out.filter((_, i) => i !== inferred));
    out[inferred] = total !== undefined && known !== undefined ? total / known : fresh;
  }
  return out;
}
