// Reverse-mode differentiation: walks a Trace's tape backwards from a scalar loss and emits the gradient nodes
// into the same graph, so one session run computes the loss and its gradients together.
import type { Tensor } from './expr';
import { add } from './ops-elementwise';
import { expandAs } from './ops-shape';

/**
 * The gradient of the scalar `loss` with respect to each of `params`, as tensors of the params' shapes.
 * Only ops on a path from a param to the loss are differentiated, and each rule is asked only for the inputs that
 * lie on such a path (the data side of X·W gets no node). A param the loss does not depend on gets zeros.
 */
export function grad(loss: Tensor, params: readonly Tensor[]): Tensor[] {
  if (loss.rank !== 0) throw new Error(`grad: the loss must be a scalar, got shape [${loss.shape}]`);
  if (!loss.isFloat) throw new Error(`grad: the loss must be float, got ${loss.dtype}`);
  for (const p of params) {
    if (p.trace !== loss.trace) throw new Error(`grad: ${p.name} belongs to another graph`);
    if (p.dtype !== loss.dtype) throw new Error(`grad: ${p.name} is ${p.dtype}, the loss ${loss.dtype}`);
  }
  const tape = loss.trace.tape;
  // Rules append to the tape; the walk covers only what existed before it.
  const end = tape.length;
  const live = new Set<Tensor>(params);
  for (let i = 0; i < end; i++) if (tape[i].inputs.some((t) => live.has(t))) live.add(tape[i].output);

  const grads = new Map<Tensor, Tensor>();
  if (live.has(loss)) grads.set(loss, loss.trace.scalar(1, loss.dtype));
  for (let i = end - 1; i >= 0; i--) {
    const { inputs, output, rule } = tape[i];
    const g = grads.get(output);
    if (!g) continue;
    const needs = inputs.map((t) => live.has(t));
    const back = rule(g, inputs, output, needs);
    inputs.forEach((t, k) => {
      const gt = back[k];
      if (!needs[k] || !gt) return;
      const prev = grads.get(t);
      grads.set(t, prev ? add(prev, gt) : gt);
    });
  }
  return params.map((p) => grads.get(p) ?? expandAs(p.trace.scalar(0, p.dtype), p));
}
