// The multilayer perceptron itself: its parameter layout, seeded initialization, and the forward expression that
// the train step, the trainer's evaluation and the exported model all build from, so they compute the same thing.
import { add, gelu, matmul, mul, relu, tanh, type Tensor } from './autodiff';
import { dropoutMask } from './dropout';
import { mulberry32 } from '../random';

export type Activation = 'relu' | 'gelu' | 'tanh';

export interface MlpArchitecture {
  inputs: number;
  /** Widths of the hidden layers, input side first. */
  hidden: number[];
  /** Classes (logits) or 1 (regression). */
  outputs: number;
  activation: Activation;
}

export interface ParamSpec {
  /** W0, b0, W1, b1, …: layer k maps width k to width k+1. */
  name: string;
  shape: [number, number] | [number];
  /** Weights get L2 / weight decay; biases do not. */
  isWeight: boolean;
}

export function mlpParams(arch: MlpArchitecture): ParamSpec[] {
  const widths = [arch.inputs, ...arch.hidden, arch.outputs];
  return widths.slice(1).flatMap((out, k): ParamSpec[] => [
    { name: `W${k}`, shape: [widths[k], out], isWeight: true },
    { name: `b${k}`, shape: [out], isWeight: false },
  ]);
}

/**
 * Weights ~ N(0, σ²) from the seeded generator, biases 0. σ = √(2/fan_in) (He) before relu and gelu,
 * √(2/(fan_in + fan_out)) (Glorot) before tanh and for the output layer, which no activation follows.
 */
export function initParams(arch: MlpArchitecture, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  // Box–Muller; 1 − u keeps the log's argument in (0, 1].
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const layers = arch.hidden.length + 1;
  return mlpParams(arch).map(({ shape, isWeight }, i) => {
    const n = shape.reduce((a, d) => a * d, 1);
    if (!isWeight) return new Float32Array(n);
    const [fanIn, fanOut] = shape as [number, number];
    const output = i / 2 === layers - 1;
    const sigma = !output && arch.activation !== 'tanh' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
    return Float32Array.from({ length: n }, () => sigma * normal());
  });
}

/** Dropout as applied in training: a fresh mask per step (`key`) after every hidden activation. */
export interface DropoutSpec {
  rate: number;
  key: Tensor;
}

/** x [N, inputs] → [N, outputs]: (x·W + b → activation → dropout) per hidden layer, then x·W + b. */
export function mlpForward(x: Tensor, params: Tensor[], arch: MlpArchitecture, dropout?: DropoutSpec): Tensor {
  let h = x;
  for (let k = 0; k <= arch.hidden.length; k++) {
    h = add(matmul(h, params[2 * k]), params[2 * k + 1]);
    if (k === arch.hidden.length) break;
    h = arch.activation === 'relu' ? relu(h) : arch.activation === 'tanh' ? tanh(h) : gelu(h, 'erf');
    if (dropout && dropout.rate > 0) h = mul(h, dropoutMask(h, dropout.rate, dropout.key, k));
  }
  return h;
}
