// The train-step graph for multinomial logistic regression: forward, derived backward and a momentum-SGD update, all
// as ordinary ONNX ops (there is no usable training op in onnxruntime-node). One run() = one mini-batch step.
import * as ad from './autodiff';
import { GraphBuilder } from './onnx/graph';

/** Inputs and outputs of the train-step graph, by name. */
export const STEP = {
  inputs: ['X', 'Y', 'W', 'b', 'vW', 'vb', 'lr', 'l2', 'momentum'] as const,
  outputs: ['W_next', 'b_next', 'vW_next', 'vb_next', 'loss'] as const,
};

/**
 * Math (B rows, softmax cross-entropy with an L2 penalty on W only):
 *   Z = X·W + b,   loss = -(1/B) Σ_rows Σ_c Y·logsoftmax(Z)  +  (l2/2)·‖W‖²
 * The gradients gW, gb are derived from the loss by reverse-mode differentiation (./autodiff), as for every model.
 * Update (heavy-ball momentum):  v ← μ·v + g,   θ ← θ − lr·v
 * The loss is the one *before* the update, i.e. the batch loss at the weights the step started from.
 */
export function buildTrainStep(features: number, classes: number): Uint8Array {
  const t = new ad.Trace(new GraphBuilder('logistic_train_step'));
  const X = t.input('X', 'float32', ['B', features]);
  const Y = t.input('Y', 'float32', ['B', classes]);
  const W = t.input('W', 'float32', [features, classes]);
  const b = t.input('b', 'float32', [classes]);
  const vW = t.input('vW', 'float32', [features, classes]);
  const vb = t.input('vb', 'float32', [classes]);
  const lr = t.input('lr', 'float32', []);
  const l2 = t.input('l2', 'float32', []);
  const mu = t.input('momentum', 'float32', []);
  const loss = logisticLoss(X, Y, W, b, ad.mul(l2, 0.5));
  const [gW, gb] = ad.grad(loss, [W, b]);
  const vWn = ad.add(ad.mul(mu, vW), gW);
  const vbn = ad.add(ad.mul(mu, vb), gb);
  t.output(ad.sub(W, ad.mul(lr, vWn)), 'W_next');
  t.output(ad.sub(b, ad.mul(lr, vbn)), 'b_next');
  t.output(vWn, 'vW_next');
  t.output(vbn, 'vb_next');
  t.output(loss, 'loss');
  return t.graph.encodeModel({ docString: 'Headrace logistic regression train step (momentum SGD)' });
}

/** Mean softmax cross-entropy of X·W + b against one-hot Y, plus halfL2·‖W‖². */
function logisticLoss(X: ad.Tensor, Y: ad.Tensor, W: ad.Tensor, b: ad.Tensor, halfL2: ad.Tensor | number): ad.Tensor {
  const logP = ad.logSoftmax(ad.add(ad.matmul(X, W), b), 1);
  const ce = ad.neg(ad.reduceMean(ad.reduceSum(ad.mul(Y, logP), [1])));
  return ad.add(ce, ad.mul(ad.reduceSum(ad.mul(W, W)), halfL2));
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
  const loss = logisticLoss(X, Y, W, b, l2 / 2);
  const [gW, gb] = ad.grad(loss, [W, b]);
  t.output(loss, 'loss');
  t.output(gW, 'gW');
  t.output(gb, 'gb');
  return t.graph.encodeModel({ docString: 'Headrace logistic regression objective and gradient (full batch)' });
}
