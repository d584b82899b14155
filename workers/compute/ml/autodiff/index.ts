// Reverse-mode differentiation over the ONNX graph builder: write the forward computation with these ops on a
// Trace, call grad(loss, params), and the gradient nodes land in the same graph.
export { Trace, Tensor, type DType, type GradRule, type TapeEntry } from './expr';
export { grad } from './grad';
export {
  add, sub, mul, div, neg, pow, exp, log, sqrt, tanh, sigmoid, relu, erf, where, greater, maximum, type Operand,
} from './ops-elementwise';
export { matmul, softmax, logSoftmax, reduceMean, gelu, type GeluApproximation } from './ops-nn';
export { reduceSum, expandAs, sumTo, reshape, reshapeAs, unsqueeze, squeeze, transpose, gather, oneHot, cast } from './ops-shape';
export type { Shape } from './shape';
