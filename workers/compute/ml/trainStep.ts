// The train-step graph for multinomial logistic regression: forward, backward and a momentum-SGD update, all as
// ordinary ONNX ops (there is no usable training op in onnxruntime-node). One run() = one mini-batch step.
import * as ad from './autodiff';
import { GraphBuilder } from './onnx/graph';

/** Inputs and outputs of the train-step graph, by name. */
export const STEP = {
  inputs: ['X', 'Y', 'W', 'b', 'vW', 'vb', 'lr', 'l2', 'momentum'] as const,
  outputs: ['W_next', 'b_next', 'vW_next', 'vb_next', 'loss'] as const,
};

/**
 * Math (B rows, softmax cross-entropy with an L2 penalty on W only):
 *   Z = X·W + b,  P = softmax(Z)
 *   loss = -(1/B) Σ_rows Σ_c Y·log P  +  (l2/2)·‖W‖²          (log P via LogSoftmax, stable for large logits)
 * Backward: ∂loss/∂Z = (P − Y)/B   (softmax + cross-entropy collapse to this),
 *   gW = Xᵀ·(P − Y)/B + l2·W,   gb = Σ_rows (P − Y)/B
 * Update (heavy-ball momentum):  v ← μ·v + g,   θ ← θ − lr·v
 * The loss is the one *before* the update, i.e. the batch loss at the weights the step started from.
 */
export function buildTrainStep(features: number, classes: number): Uint8Array {
  const g = new GraphBuilder('logistic_train_step');
  const X = g.input('X', 'float32', ['B', features]);
  const Y = g.input('Y', 'float32', ['B', classes]);
  const W = g.input('W', 'float32', [features, classes]);
  const b = g.input('b', 'float32', [classes]);
  const vW = g.input('vW', 'float32', [features, classes]);
  const vb = g.input('vb', 'float32', [classes]);
  const lr = g.input('lr', 'float32', []);
  const l2 = g.input('l2', 'float32', []);
  const mu = g.input('momentum', 'float32', []);
  const axis0 = g.initializer('axis0', [0], [1], 'int64');
  const axis1 = g.initializer('axis1', [1], [1], 'int64');
  const half = g.initializer('half', [0.5], []);

  // Forward.
  const Z = g.op('Add', [g.op('MatMul', [X, W]), b]);
  const P = g.op('Softmax', [Z], { axis: 1 });
  const logP = g.op('LogSoftmax', [Z], { axis: 1 });

  // Batch size as a float scalar [1] (the graph accepts any B, e.g. a short last batch).
  const Bf = g.op('Cast', [g.op('Shape', [X], { start: 0, end: 1 })], { to: 1 /* FLOAT */ });

  // Loss = mean cross-entropy + (l2/2)·ΣW².
  const rowLogLik = g.op('ReduceSum', [g.op('Mul', [Y, logP]), axis1], { keepdims: 0 });
  const ce = g.op('Neg', [g.op('ReduceMean', [rowLogLik], { keepdims: 0 })]);
  const sqW = g.op('ReduceSum', [g.op('Mul', [W, W])], { keepdims: 0 });
  const penalty = g.op('Mul', [g.op('Mul', [half, l2]), sqW]);
  g.op('Add', [ce, penalty], {}, 'loss');

  // Backward.
  const dZ = g.op('Div', [g.op('Sub', [P, Y]), Bf]);
  const gW = g.op('Add', [g.op('MatMul', [g.op('Transpose', [X], { perm: [1, 0] }), dZ]), g.op('Mul', [l2, W])]);
  const gb = g.op('ReduceSum', [dZ, axis0], { keepdims: 0 });

  // Momentum update.
  const vWn = g.op('Add', [g.op('Mul', [mu, vW]), gW], {}, 'vW_next');
  const vbn = g.op('Add', [g.op('Mul', [mu, vb]), gb], {}, 'vb_next');
  g.op('Sub', [W, g.op('Mul', [lr, vWn])], {}, 'W_next');
  g.op('Sub', [b, g.op('Mul', [lr, vbn])], {}, 'b_next');

  g.output('W_next', 'float32', [features, classes]);
  g.output('b_next', 'float32', [classes]);
  g.output('vW_next', 'float32', [features, classes]);
  g.output('vb_next', 'float32', [classes]);
  g.output('loss', 'float32', []);
  return g.encodeModel({ docString: 'Headrace logistic regression train step (momentum SGD)' });
}

/** Inputs and outputs of the full-batch objective graph (train.logistic's L-BFGS solver), by name. */
export const OBJECTIVE = { inputs: ['X', 'Y', 'W', 'b'] as const, outputs: ['loss', 'gW', 'gb'] as const };

/**
 * The same loss as the train step, mean cross-entropy + (l2/2)·‖W‖² with l2 fixed in the graph, and its gradient
 * with respect to W and b derived by reverse-mode differentiation (no update: the L-BFGS solver moves the weights).
 */
export function buildLogisticObjective(features: number, classes: number, l2: number): Uint8Array {
  const t = new ad.Trace(new GraphBuilder('logistic_objective'));
  const X = t.input('X', 'float32', ['B', features]);
  const Y = t.input('Y', 'float32', ['B', classes]);
  const W = t.input('W', 'float32', [features, classes]);
  const b = t.input('b', 'float32', [classes]);
  const logP = ad.logSoftmax(ad.add(ad.matmul(X, W), b), 1);
  const ce = ad.neg(ad.reduceMean(ad.reduceSum(ad.mul(Y, logP), [1])));
  const loss = ad.add(ce, ad.mul(ad.reduceSum(ad.mul(W, W)), l2 / 2));
  const [gW, gb] = ad.grad(loss, [W, b]);
  t.output(loss, 'loss');
  t.output(gW, 'gW');
  t.output(gb, 'gb');
  return t.graph.encodeModel({ docString: 'Headrace logistic regression objective and gradient (full batch)' });
}
