// Optimizers as graph ops (one update against a float64 JS reference, then training with each), gradient
// clipping, and the learning-rate schedules' exact values.
import { describe, expect, it } from 'vitest';
import { Trace, type Tensor } from '../../workers/compute/ml/autodiff';
import { trainMlp } from '../../workers/compute/ml/mlp';
import { predictMlp } from '../../workers/compute/ml/mlp-eval';
import { GraphBuilder } from '../../workers/compute/ml/onnx/graph';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import {
  clipByGlobalNorm, l2Penalty, optimizerStep, resolveOptimizer, stateSlots, type OptimizerOptions,
} from '../../workers/compute/ml/optim';
import { learningRateAt, validateSchedule, type ScheduleOptions } from '../../workers/compute/ml/schedule';
import { accuracy, circles } from './synthetic';

const W0 = [0.5, -1.2, 2, 0.1, -0.3, 0.8];
const B0 = [0.25, -0.5];
const GRADS = [
  { W: [0.3, -0.1, 0.7, -2, 0.05, 1.1], b: [-0.4, 0.9] },
  { W: [-0.2, 0.4, 0.1, 0.6, -0.9, 0.3], b: [0.2, -0.1] },
  { W: [1.5, -0.6, 0.2, 0.2, 0.3, -0.7], b: [0.5, 0.5] },
];
const LR = [0.1, 0.05, 0.2];

/** Three updates of a weight matrix [2,3] and a bias [2] through the graph, in float64. */
async function runGraph(opts: OptimizerOptions): Promise<{ W: number[]; b: number[] }> {
  const o = resolveOptimizer(opts);
  const t = new Trace(new GraphBuilder('optim_step'));
  const shapes = { W: [2, 3], b: [2] };
  const ins = (['W', 'b'] as const).map((n) => ({
    param: t.input(n, 'float64', shapes[n]),
    grad: t.input(`g${n}`, 'float64', shapes[n]),
    state: stateSlots(o).map((s) => t.input(`${n}_${s}`, 'float64', shapes[n])),
    decay: n === 'W',
  }));
  const next = optimizerStep(o, ins, t.input('lr', 'float64', []), t.input('step', 'float64', []));
  const outs: [Tensor, string][] = next.flatMap((n, i) => [
    [n.param, `${ins[i].param.name}_next`] as [Tensor, string],
    ...n.state.map((s, j): [Tensor, string] => [s, `${ins[i].state[j].name}_next`]),
  ]);
  outs.forEach(([x, name]) => t.output(x, name));
  const { session } = await openSession(t.graph.encodeModel());
  const f64 = (v: number[], dims: number[]) => new ort.Tensor('float64', Float64Array.from(v), dims);
  const values: Record<string, number[]> = { W: W0, b: B0 };
  for (const n of ['W', 'b']) for (const s of stateSlots(o)) values[`${n}_${s}`] = new Array<number>(n === 'W' ? 6 : 2).fill(0);
  for (let k = 0; k < GRADS.length; k++) {
    const feeds: Record<string, ort.Tensor> = { lr: f64([LR[k]], []), step: f64([k + 1], []) };
    for (const [name, v] of Object.entries(values)) feeds[name] = f64(v, name.startsWith('W') ? [2, 3] : [2]);
    feeds.gW = f64(GRADS[k].W, [2, 3]);
    feeds.gb = f64(GRADS[k].b, [2]);
    const out = await session.run(feeds);
    for (const name of Object.keys(values)) values[name] = Array.from(out[`${name}_next`].data as Float64Array);
  }
  await session.release();
  return { W: values.W, b: values.b };
}

/** The same three updates in plain JS (PyTorch's formulas). */
function reference(opts: OptimizerOptions): { W: number[]; b: number[] } {
  const o = resolveOptimizer(opts);
  const result = { W: [...W0], b: [...B0] };
  for (const name of ['W', 'b'] as const) {
    const p = result[name];
    const m = new Array<number>(p.length).fill(0);
    const v = new Array<number>(p.length).fill(0);
    GRADS.forEach((G, k) => {
      const lr = LR[k];
      const t = k + 1;
      p.forEach((_, i) => {
        const g = G[name][i];
        if (o.name === 'sgd') {
          v[i] = o.momentum * v[i] + g;
          p[i] -= lr * (o.nesterov ? g + o.momentum * v[i] : v[i]);
          return;
        }
        m[i] = o.beta1 * m[i] + (1 - o.beta1) * g;
        v[i] = o.beta2 * v[i] + (1 - o.beta2) * g * g;
        const step = (m[i] / (1 - o.beta1 ** t)) / (Math.sqrt(v[i] / (1 - o.beta2 ** t)) + o.epsilon);
        const decay = o.name === 'adamw' && name === 'W' ? lr * o.weightDecay * p[i] : 0;
        p[i] = p[i] - lr * step - decay;
      });
    });
  }
  return result;
}

const OPTIMIZERS: OptimizerOptions[] = [
  { name: 'sgd', momentum: 0 },
  { name: 'sgd', momentum: 0.9 },
  { name: 'sgd', momentum: 0.8, nesterov: true },
  { name: 'adam' },
  { name: 'adam', beta1: 0.5, beta2: 0.9, epsilon: 1e-3 },
  { name: 'adamw', weightDecay: 0.1 },
];

describe('optimizers', () => {
  for (const opts of OPTIMIZERS) {
    it(`${JSON.stringify(opts)}: three updates equal the reference`, async () => {
      const got = await runGraph(opts);
      const want = reference(opts);
      for (const k of ['W', 'b'] as const) got[k].forEach((v, i) => expect(Math.abs(v - want[k][i])).toBeLessThan(1e-14));
    });
  }

  it('each trains an MLP that separates the circles', async () => {
    const data = circles(300);
    const runs: [OptimizerOptions['name'], number, { momentum?: number; nesterov?: boolean; weightDecay?: number }][] = [
      ['sgd', 0.05, { momentum: 0.9 }],
      ['sgd', 0.05, { momentum: 0.9, nesterov: true }],
      ['adam', 0.01, {}],
      ['adamw', 0.01, { weightDecay: 0.01 }],
    ];
    for (const [optimizer, learningRate, extra] of runs) {
      const model = await trainMlp({
        ...data, task: 'classification', hidden: [16, 16], optimizer, learningRate, batchSize: 16, epochs: 30, seed: 4, ...extra,
      });
      const p = await predictMlp(model, data.X, data.rows);
      if (p.task !== 'classification') throw new Error('expected a classifier');
      expect(accuracy(p.labels, data.y), `${optimizer} ${JSON.stringify(extra)}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('refuses settings that cannot work', () => {
    expect(() => resolveOptimizer({ name: 'adam', weightDecay: 0.1 })).toThrow(/use l2/);
    expect(() => resolveOptimizer({ name: 'sgd', momentum: 1 })).toThrow(/momentum must be in \[0, 1\)/);
    expect(() => resolveOptimizer({ name: 'adam', nesterov: true })).toThrow(/nesterov needs/);
    expect(resolveOptimizer({ name: 'adamw' }).weightDecay).toBe(0.01);
  });
});

describe('gradient clipping and the L2 penalty', () => {
  async function evaluate(build: (t: Trace, a: Tensor, b: Tensor) => Tensor[], a: number[], b: number[]) {
    const t = new Trace(new GraphBuilder('clip'));
    const ta = t.input('a', 'float64', [a.length]);
    const tb = t.input('b', 'float64', [b.length]);
    build(t, ta, tb).forEach((x, i) => t.output(x, `out${i}`));
    const { session } = await openSession(t.graph.encodeModel());
    const out = await session.run({
      a: new ort.Tensor('float64', Float64Array.from(a), [a.length]), b: new ort.Tensor('float64', Float64Array.from(b), [b.length]),
    });
    await session.release();
    return Object.keys(out).sort().map((k) => Array.from(out[k].data as Float64Array));
  }

  it('scales all gradients together down to the norm, and leaves small ones exactly as they are', async () => {
    // ‖(3, 0, 4, 12)‖ = 13.
    const [ca, cb] = await evaluate((_t, a, b) => clipByGlobalNorm([a, b], 6.5), [3, 0], [4, 12]);
    expect(ca).toEqual([1.5, 0]);
    expect(cb).toEqual([2, 6]);
    const [sa, sb] = await evaluate((_t, a, b) => clipByGlobalNorm([a, b], 20), [3, 0], [4, 12]);
    expect(sa).toEqual([3, 0]);
    expect(sb).toEqual([4, 12]);
  });

  it('penalizes (l2/2)·Σ‖W‖²', async () => {
    const [[v]] = await evaluate((_t, a, b) => [l2Penalty([a, b], 0.5)], [1, 2], [3]);
    expect(v).toBe(0.25 * 14);
  });
});

describe('learning-rate schedules', () => {
  const at = (s: ScheduleOptions, step: number) => learningRateAt(0.5, s, { step, stepsPerEpoch: 4, epochs: 10 });

  it('warms up linearly over warmupEpochs, then holds the constant rate', () => {
    const s: ScheduleOptions = { name: 'constant', warmupEpochs: 1 };
    expect([0, 1, 2, 3, 4, 39].map((k) => at(s, k))).toEqual([0.125, 0.25, 0.375, 0.5, 0.5, 0.5]);
    expect(at({ name: 'constant' }, 0)).toBe(0.5);
    // Half an epoch of 4 steps is 2 warm-up steps.
    expect([0, 1, 2].map((k) => at({ name: 'constant', warmupEpochs: 0.5 }, k))).toEqual([0.25, 0.5, 0.5]);
  });

  it('decays by gamma every stepEpochs epochs, counted from the start', () => {
    const s: ScheduleOptions = { name: 'step', gamma: 0.5, stepEpochs: 3 };
    // Epoch e covers steps 4e … 4e+3.
    expect([0, 11, 12, 23, 24, 39].map((k) => at(s, k))).toEqual([0.5, 0.5, 0.25, 0.25, 0.125, 0.0625]);
    expect([0, 3, 4].map((k) => at({ ...s, warmupEpochs: 1 }, k))).toEqual([0.125, 0.5, 0.5]);
    expect(at({ name: 'step' }, 40)).toBe(0.5 * 0.1); // defaults: ×0.1 every 10 epochs
  });

  it('follows a half cosine from the rate to minLearningRate after the warm-up', () => {
    const s: ScheduleOptions = { name: 'cosine', warmupEpochs: 1, minLearningRate: 0.1 };
    // 40 steps, 4 of warm-up: the cosine runs over steps 4 … 39, p = (step − 4)/36.
    expect(at(s, 3)).toBe(0.5);
    expect(at(s, 4)).toBe(0.5);
    expect(at(s, 22)).toBe(0.1 + (0.4 * (1 + Math.cos(Math.PI / 2))) / 2);
    expect(at(s, 22)).toBeCloseTo(0.3, 15);
    expect(at(s, 39)).toBe(0.1 + (0.4 * (1 + Math.cos((Math.PI * 35) / 36))) / 2);
    const values = Array.from({ length: 36 }, (_, k) => at(s, 4 + k));
    values.slice(1).forEach((v, k) => expect(v).toBeLessThan(values[k]));
    expect(at({ name: 'cosine' }, 40)).toBe(0); // past the end it stays at the minimum
  });

  it('refuses settings that cannot work', () => {
    expect(() => validateSchedule({ name: 'step', stepEpochs: 0 })).toThrow(/stepEpochs/);
    expect(() => validateSchedule({ name: 'step', gamma: 1.5 })).toThrow(/gamma/);
    expect(() => validateSchedule({ name: 'cosine', warmupEpochs: -1 })).toThrow(/warmupEpochs/);
    expect(() => validateSchedule({ name: 'linear' as 'constant' })).toThrow(/unknown schedule/);
  });
});
