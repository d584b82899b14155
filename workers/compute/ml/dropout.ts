// Dropout masks made inside the train-step graph from a counter-based generator of (key, salt, element index), so a
// step is a pure function of its inputs: the same seed and step give the same mask, and a run resumed from a
// checkpoint draws exactly the masks the uninterrupted one did. (ONNX's RandomUniform/Bernoulli keep their state in
// the session, which a resumed run would not have; drawing the masks in JS would cost more than the step's ops.)
import type { Tensor } from './autodiff';
import { ELEM } from './onnx/graph';

const MASK64 = (1n << 64n) - 1n;

/** An odd 64-bit constant per layer (splitmix64 of the salt), the key of Widynski's Squares generator. */
function layerKey(salt: number): bigint {
  let z = (BigInt(salt + 1) * 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return (z ^ (z >> 31n)) | 1n;
}

/**
 * A float mask of `like`'s shape and dtype: 0 with probability `rate`, else 1/(1 − rate) (inverted dropout, so the
 * expected activation is unchanged and inference needs no rescaling). `key` is an int64 scalar input below 2^32 that
 * changes every step; `salt` tells the layers of one step apart.
 * Each element draws 32 bits from the counter-based Squares generator (B. Widynski, 2020: squarings, adds and
 * 32-bit rotations, no xor, which opset 17 lacks for integers) at counter key·2^32 + element index, keyed per layer.
 */
export function dropoutMask(like: Tensor, rate: number, key: Tensor, salt: number): Tensor {
  const t = like.trace;
  const u64 = (v: bigint) => t.constant(BigUint64Array.of(v & MASK64), [], 'uint64');
  const op = (name: string, ins: (Tensor | string)[], attrs = {}) => t.emit(name, ins, attrs, 'uint64', ['n']);
  const shift = (v: Tensor, direction: string) => op('BitShift', [v, u64(32n)], { direction });
  const rotate = (v: Tensor) => op('Add', [shift(v, 'RIGHT'), shift(v, 'LEFT')]);
  const squarePlus = (v: Tensor, w: Tensor) => op('Add', [op('Mul', [v, v]), w]);

  const shape = t.emit('Shape', [like], {}, 'int64', [like.rank]);
  const n = t.emit('ReduceProd', [shape], { keepdims: 0 }, 'int64', []);
  const index = t.emit('Range', [t.constant([0], [], 'int64'), n, t.constant([1], [], 'int64')], {}, 'int64', ['n']);
  const base = op('BitShift', [op('Cast', [key], { to: ELEM.uint64 }), u64(32n)], { direction: 'LEFT' });
  const counter = op('Add', [op('Cast', [index], { to: ELEM.uint64 }), base]);
  const k = layerKey(salt);
  const y = op('Mul', [counter, u64(k)]);
  const z = op('Add', [y, u64(k)]);
  let x = rotate(squarePlus(y, y));
  x = rotate(squarePlus(x, z));
  x = rotate(squarePlus(x, y));
  const bits = op('BitShift', [squarePlus(x, z), u64(32n)], { direction: 'RIGHT' });
  const keep = t.emit('GreaterOrEqual', [bits, u64(BigInt(Math.round(rate * 2 ** 32)))], {}, 'bool', ['n']);
  const flat = t.emit('Where', [keep, t.scalar(1 / (1 - rate), like.dtype), t.scalar(0, like.dtype)], {}, like.dtype, ['n']);
  return t.emit('Reshape', [flat, shape], {}, like.dtype, like.shape);
}
