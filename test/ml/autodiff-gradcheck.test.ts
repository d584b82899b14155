// Every differentiable op's derived gradient, in float64 through onnxruntime, against central finite differences of
// the same graph's forward; and a forward-only logistic loss's derived gradient against the logistic train step's.
import { describe, expect, it } from 'vitest';
import * as ad from '../../workers/compute/ml/autodiff';
import type { Tensor } from '../../workers/compute/ml/autodiff';
import { ELEM, GraphBuilder, type Dim } from '../../workers/compute/ml/onnx/graph';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import { buildTrainStep } from '../../workers/compute/ml/trainStep';
import { mulberry32 } from '../../workers/compute/random';

/** How an input's values are drawn: any sign, positive (log, sqrt, pow), or at least 0.1 away from 0 (relu). */
type Values = 'any' | 'positive' | 'nonzero' | number[];

interface Case {
  name: string;
  /** Declared shape (may name dims) and the run-time one. */
  inputs: { shape: Dim[]; dims?: number[]; values?: Values }[];
  build: (xs: Tensor[]) => Tensor;
}

const rand = mulberry32(20240917);
function draw(n: number, values: Values): Float64Array {
  if (Array.isArray(values)) return Float64Array.from(values);
  return Float64Array.from({ length: n }, () => {
    const u = rand() * 2 - 1;
    if (values === 'positive') return 0.2 + 1.5 * rand();
    if (values === 'nonzero') return Math.sign(u || 1) * (0.1 + Math.abs(u));
    return 1.5 * u;
  });
}

/**
 * loss = Σ y ⊙ w with w = sin(1.3·k + 0.2) over the flat index k of y, made in the graph for whatever shape y has
 * at run time: every output element gets its own upstream gradient.
 */
function weightedSum(y: Tensor): Tensor {
  const t = y.trace;
  const g = t.graph;
  const n = g.op('ReduceProd', [g.op('Shape', [y.name])], { keepdims: 0 });
  const k = g.op('Cast', [g.op('Range', [t.constant([0], [], 'int64').name, n, t.constant([1], [], 'int64').name])], { to: ELEM.float64 });
  const w = g.op('Sin', [g.op('Add', [g.op('Mul', [k, t.scalar(1.3, 'float64').name]), t.scalar(0.2, 'float64').name])]);
  const wt = t.emit('Reshape', [w, g.op('Shape', [y.name])], {}, 'float64', y.shape);
  return ad.reduceSum(ad.mul(y, wt));
}

const H = 1e-5;
const REL = 1e-6;

async function check(c: Case): Promise<void> {
  const t = new ad.Trace(new GraphBuilder(`gradcheck_${c.name}`));
  const xs = c.inputs.map((inp, i) => t.input(`x${i}`, 'float64', inp.shape));
  const loss = weightedSum(c.build(xs));
  const grads = ad.grad(loss, xs);
  t.output(loss, 'loss');
  grads.forEach((g, i) => t.output(g, `g${i}`));
  const { session } = await openSession(t.graph.encodeModel());
  const dims = c.inputs.map((inp) => inp.dims ?? (inp.shape as number[]));
  const data = c.inputs.map((inp, i) => draw(dims[i].reduce((a, d) => a * d, 1), inp.values ?? 'any'));
  const feeds = () => Object.fromEntries(data.map((d, i) => [`x${i}`, new ort.Tensor('float64', d, dims[i])]));
  try {
    const out = await session.run(feeds());
    const lossAt = async () => ((await session.run(feeds(), ['loss'])).loss.data as Float64Array)[0];
    for (let i = 0; i < data.length; i++) {
      const analytic = out[`g${i}`].data as Float64Array;
      expect(Array.from(out[`g${i}`].dims)).toEqual(dims[i]);
      for (let k = 0; k < data[i].length; k++) {
        const x0 = data[i][k];
        data[i][k] = x0 + H;
        const up = await lossAt();
        data[i][k] = x0 - H;
        const down = await lossAt();
        data[i][k] = x0;
        const numeric = (up - down) / (2 * H);
        const tol = REL * Math.max(Math.abs(numeric), 1e-2);
        if (!(Math.abs(analytic[k] - numeric) <= tol)) {
          throw new Error(`${c.name}: ∂loss/∂x${i}[${k}] derived ${analytic[k]}, finite difference ${numeric}`);
        }
      }
    }
  } finally {
    await session.release();
  }
}

const CASES: Case[] = [
  { name: 'add', inputs: [{ shape: [3, 4] }, { shape: [3, 4] }], build: ([a, b]) => ad.add(a, b) },
  { name: 'add broadcast row', inputs: [{ shape: [3, 4] }, { shape: [4] }], build: ([a, b]) => ad.add(a, b) },
  { name: 'add broadcast outer', inputs: [{ shape: [3, 1] }, { shape: [1, 4] }], build: ([a, b]) => ad.add(a, b) },
  { name: 'add scalar', inputs: [{ shape: [2, 3] }, { shape: [] }], build: ([a, b]) => ad.add(a, b) },
  { name: 'add named batch', inputs: [{ shape: ['B', 3], dims: [5, 3] }, { shape: [1, 3] }], build: ([a, b]) => ad.add(a, b) },
  { name: 'sub broadcast rank 3', inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1] }], build: ([a, b]) => ad.sub(a, b) },
  { name: 'sub from constant', inputs: [{ shape: [4] }], build: ([a]) => ad.sub(2, a) },
  { name: 'mul broadcast', inputs: [{ shape: [3, 4] }, { shape: [3, 1] }], build: ([a, b]) => ad.mul(a, b) },
  { name: 'mul by itself', inputs: [{ shape: [3, 2] }], build: ([a]) => ad.mul(a, a) },
  { name: 'div broadcast', inputs: [{ shape: [3, 4] }, { shape: [4], values: 'positive' }], build: ([a, b]) => ad.div(a, b) },
  { name: 'div constant by', inputs: [{ shape: [2, 2], values: 'nonzero' }], build: ([a]) => ad.div(1, a) },
  { name: 'neg', inputs: [{ shape: [2, 3] }], build: ([a]) => ad.neg(a) },
  { name: 'exp', inputs: [{ shape: [2, 3] }], build: ([a]) => ad.exp(a) },
  { name: 'log', inputs: [{ shape: [2, 3], values: 'positive' }], build: ([a]) => ad.log(a) },
  { name: 'sqrt', inputs: [{ shape: [2, 3], values: 'positive' }], build: ([a]) => ad.sqrt(a) },
  { name: 'pow 2', inputs: [{ shape: [2, 3] }], build: ([a]) => ad.pow(a, 2) },
  { name: 'pow 3', inputs: [{ shape: [2, 3] }], build: ([a]) => ad.pow(a, 3) },
  { name: 'pow -1.5', inputs: [{ shape: [2, 3], values: 'positive' }], build: ([a]) => ad.pow(a, -1.5) },
  { name: 'relu', inputs: [{ shape: [3, 4], values: 'nonzero' }], build: ([a]) => ad.relu(a) },
  { name: 'tanh', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.tanh(a) },
  { name: 'sigmoid', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.sigmoid(a) },
  // Each of Cody's three ranges (|x| ≤ 0.46875, ≤ 4, > 4), both signs.
  { name: 'erf', inputs: [{ shape: [8], values: [0.05, -0.3, 0.6, -1.7, 3.2, -3.9, 4.3, -5.1] }], build: ([a]) => ad.erf(a) },
  { name: 'gelu tanh', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.gelu(a, 'tanh') },
  { name: 'gelu erf', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.gelu(a, 'erf') },
  { name: 'softmax last axis', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.softmax(a, -1) },
  { name: 'softmax axis 0', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.softmax(a, 0) },
  { name: 'logSoftmax', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.logSoftmax(a, 1) },
  { name: 'reduceSum axis', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.reduceSum(a, [1]) },
  { name: 'reduceSum keepdims', inputs: [{ shape: [2, 3, 4] }], build: ([a]) => ad.reduceSum(a, [0, 2], true) },
  { name: 'reduceSum all', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.reduceSum(a) },
  { name: 'reduceMean axis', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.reduceMean(a, [0]) },
  { name: 'reduceMean all', inputs: [{ shape: [2, 3, 2] }], build: ([a]) => ad.reduceMean(a) },
  { name: 'reduceMean named batch', inputs: [{ shape: ['B', 3], dims: [5, 3] }], build: ([a]) => ad.reduceMean(a, [0], true) },
  { name: 'matmul', inputs: [{ shape: [3, 4] }, { shape: [4, 2] }], build: ([a, b]) => ad.matmul(a, b) },
  { name: 'matmul named batch', inputs: [{ shape: ['B', 4], dims: [5, 4] }, { shape: [4, 3] }], build: ([a, b]) => ad.matmul(a, b) },
  { name: 'matmul batched by matrix', inputs: [{ shape: [2, 3, 4] }, { shape: [4, 2] }], build: ([a, b]) => ad.matmul(a, b) },
  { name: 'matmul batched', inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 2] }], build: ([a, b]) => ad.matmul(a, b) },
  { name: 'transpose', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.transpose(a) },
  { name: 'transpose perm', inputs: [{ shape: [2, 3, 4] }], build: ([a]) => ad.transpose(a, [2, 0, 1]) },
  { name: 'reshape', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.reshape(a, [2, -1]) },
  { name: 'unsqueeze squeeze', inputs: [{ shape: [3, 4] }], build: ([a]) => ad.squeeze(ad.exp(ad.unsqueeze(a, [1])), [1]) },
  { name: 'expand', inputs: [{ shape: [3, 1] }, { shape: [3, 4] }], build: ([a, b]) => ad.mul(ad.expandAs(a, b), b) },
  {
    name: 'where broadcast',
    inputs: [{ shape: [3, 4] }, { shape: [4] }],
    build: ([a, b]) => ad.where(ad.greater(a.trace.constant([1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0], [3, 4], 'float64'), 0.5), a, b),
  },
  {
    name: 'dropout mask multiply',
    inputs: [{ shape: [3, 4] }],
    build: ([a]) => ad.mul(a, a.trace.constant([2, 0, 2, 2, 0, 0, 2, 2, 2, 0, 2, 0], [3, 4], 'float64')),
  },
  {
    name: 'gather rows with repeats',
    inputs: [{ shape: [5, 3] }],
    build: ([a]) => ad.gather(a, a.trace.constant([0, 2, 2, 4, 2], [5], 'int64')),
  },
  {
    name: 'cross-entropy composite',
    inputs: [{ shape: [4, 3] }],
    build: ([z]) => {
      const y = ad.oneHot(z.trace.constant([2, 0, 1, 2], [4], 'int64'), 3, 'float64');
      return ad.neg(ad.reduceMean(ad.reduceSum(ad.mul(y, ad.logSoftmax(z, 1)), [1])));
    },
  },
];

describe('autodiff gradients (float64 vs central finite differences)', () => {
  for (const c of CASES) it(c.name, () => check(c));

  it('cast passes the gradient through, rounded to the narrower type on the way', async () => {
    const t = new ad.Trace(new GraphBuilder('gradcheck_cast'));
    const x = t.input('x', 'float64', [4]);
    const w = t.input('w', 'float64', [4]);
    const loss = ad.reduceSum(ad.mul(ad.cast(ad.cast(x, 'float32'), 'float64'), w));
    const [g] = ad.grad(loss, [x]);
    t.output(g, 'g');
    const { session } = await openSession(t.graph.encodeModel());
    const wv = Float64Array.of(0.1, -1 / 3, 2.5, 1e-9);
    const out = await session.run({ x: new ort.Tensor('float64', new Float64Array(4), [4]), w: new ort.Tensor('float64', wv, [4]) });
    await session.release();
    expect(Array.from(out.g.data as Float64Array)).toEqual(Array.from(wv, (v) => Math.fround(v)));
  });

  it('gives zeros for a parameter the loss does not depend on, and refuses a non-scalar loss', async () => {
    const t = new ad.Trace(new GraphBuilder('gradcheck_unused'));
    const x = t.input('x', 'float64', [2]);
    const u = t.input('u', 'float64', [3]);
    const [gx, gu] = ad.grad(ad.reduceSum(ad.mul(x, 3)), [x, u]);
    t.output(gx, 'gx');
    t.output(gu, 'gu');
    const { session } = await openSession(t.graph.encodeModel());
    const out = await session.run({
      x: new ort.Tensor('float64', Float64Array.of(1, 2), [2]), u: new ort.Tensor('float64', Float64Array.of(1, 2, 3), [3]),
    });
    await session.release();
    expect(Array.from(out.gx.data as Float64Array)).toEqual([3, 3]);
    expect(Array.from(out.gu.data as Float64Array)).toEqual([0, 0, 0]);
    expect(() => ad.grad(x, [x])).toThrow(/must be a scalar/);
  });

  it('refuses broadcasts it cannot sum back safely', () => {
    const t = new ad.Trace(new GraphBuilder('bad'));
    const a = t.input('a', 'float64', ['B', 3]);
    const b = t.input('b', 'float64', ['N', 3]);
    expect(() => ad.add(a, b)).toThrow(/cannot broadcast/);
    expect(() => ad.add(a, t.input('c', 'float32', [3]))).toThrow(/float64 and float32/);
  });
});

describe('derived logistic gradient', () => {
  it("equals the gradient the train step of trainStep.ts applies", async () => {
    const [B, F, C] = [6, 4, 3];
    const r = mulberry32(5);
    const f32 = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1 + r() * 0.5);
    const X = f32(B * F);
    const W = f32(F * C);
    const b = f32(C);
    const labels = [0, 2, 1, 1, 0, 2];
    const Y = new Float32Array(B * C);
    labels.forEach((c, i) => (Y[i * C + c] = 1));
    const l2 = 0.03;

    // The same loss as trainStep.ts, written forward only: mean cross-entropy + (l2/2)·‖W‖².
    const t = new ad.Trace(new GraphBuilder('derived_logistic'));
    const x = t.input('X', 'float32', ['B', F]);
    const y = t.input('Y', 'float32', ['B', C]);
    const w = t.input('W', 'float32', [F, C]);
    const bias = t.input('b', 'float32', [C]);
    const logP = ad.logSoftmax(ad.add(ad.matmul(x, w), bias), 1);
    const ce = ad.neg(ad.reduceMean(ad.reduceSum(ad.mul(y, logP), [1])));
    const loss = ad.add(ce, ad.mul(ad.reduceSum(ad.mul(w, w)), l2 / 2));
    const [gW, gb] = ad.grad(loss, [w, bias]);
    t.output(gW, 'gW');
    t.output(gb, 'gb');
    const derived = await openSession(t.graph.encodeModel());
    const feeds = { X: new ort.Tensor('float32', X, [B, F]), Y: new ort.Tensor('float32', Y, [B, C]) };
    const got = await derived.session.run({ ...feeds, W: new ort.Tensor('float32', W, [F, C]), b: new ort.Tensor('float32', b, [C]) });
    await derived.session.release();

    // With zero velocity and momentum 0 the train step's next velocity is its gradient.
    const hand = await openSession(buildTrainStep(F, C));
    const s = (v: number) => new ort.Tensor('float32', Float32Array.of(v), []);
    const want = await hand.session.run({
      ...feeds, W: new ort.Tensor('float32', W, [F, C]), b: new ort.Tensor('float32', b, [C]),
      vW: new ort.Tensor('float32', new Float32Array(F * C), [F, C]), vb: new ort.Tensor('float32', new Float32Array(C), [C]),
      lr: s(0.1), l2: s(l2), momentum: s(0),
    });
    await hand.session.release();
    const close = (a: Float32Array, e: Float32Array) => a.forEach((v, i) => expect(Math.abs(v - e[i])).toBeLessThan(1e-6));
    close(got.gW.data as Float32Array, want.vW_next.data as Float32Array);
    close(got.gb.data as Float32Array, want.vb_next.data as Float32Array);
  });
});
