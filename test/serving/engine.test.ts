// The inference engine with real ONNX models (exportLogistic) and real worker threads: answers equal a direct
// onnxruntime run, micro-batched concurrent calls each get their own rows, LRU eviction, crash replacement, close.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError, InferenceEngine, type ModelOutputs } from '../../server/serving/engine';
import { exportLogistic } from '../../workers/compute/ml/export';
import type { LogisticModel } from '../../workers/compute/ml/logistic';
import { GraphBuilder } from '../../workers/compute/ml/onnx/graph';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import { mulberry32 } from '../../workers/compute/random';

/** A logistic model with fixed pseudo-random weights (no training needed to make a real ONNX file). */
function model(F: number, C: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  const weights = Float32Array.from({ length: F * C }, () => rand() * 2 - 1);
  const m = {
    features: Array.from({ length: F }, (_, j) => `f${j}`),
    classes: Array.from({ length: C }, (_, c) => `c${c}`),
    weights, bias: Float32Array.from({ length: C }, () => rand() - 0.5),
    mean: Float32Array.from({ length: F }, () => rand()), std: Float32Array.from({ length: F }, () => 0.5 + rand()),
    lossCurve: [], startEpoch: 0, epochs: 0, device: 'cpu', trainMillis: 0,
  } satisfies LogisticModel;
  return exportLogistic(m, { target: 'y' }).bytes;
}

function rows(n: number, F: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n * F }, () => rand() * 6 - 3);
}

async function direct(bytes: Uint8Array, X: Float32Array, n: number, F: number) {
  const { session } = await openSession(bytes);
  const out = await session.run({ features: new ort.Tensor('float32', X, [n, F]) });
  await session.release();
  return { label: [...(out.label.data as BigInt64Array)], probabilities: [...(out.probabilities.data as Float32Array)] };
}

function plain(out: ModelOutputs) {
  return { label: [...(out.label.data as BigInt64Array)], probabilities: [...(out.probabilities.data as Float32Array)] };
}

/** features float32 [N,1] → Gather(const[3], int64(x)) : fails inside the run when x is not 0, 1 or 2. */
function gatherModel(): Uint8Array {
  const g = new GraphBuilder('gather');
  const x = g.input('features', 'float32', ['N', 1]);
  const table = g.initializer('table', [10, 20, 30], [3]);
  g.op('Gather', [table, g.op('Cast', [x], { to: 7 })], {}, 'out');
  g.output('out', 'float32', ['N', 1]);
  return g.encodeModel();
}

const engines: InferenceEngine[] = [];
function engine(opts: ConstructorParameters<typeof InferenceEngine>[0]) {
  const e = new InferenceEngine(opts);
  engines.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

describe('InferenceEngine', () => {
  const F = 4;
  const C = 3;
  const bytes = model(F, C, 1);

  it('loads (every worker, warmed) and predicts exactly what a direct onnxruntime run gives', async () => {
    const e = engine({ threads: 2 });
    const info = await e.load('v1', bytes);
    expect(info.input).toBe('features');
    expect(info.features).toBe(F);
    expect(info.outputs.map((o) => o.name).sort()).toEqual(['label', 'probabilities']);
    expect(e.has('v1')).toBe(true);
    expect(e.stats().workers.map((w) => w.versions)).toEqual([1, 1]);
    for (const n of [1, 50]) {
      const X = rows(n, F, n);
      const out = await e.predict('v1', X, n);
      expect(out.label.type).toBe('int64');
      expect(out.probabilities.dims).toEqual([n, C]);
      expect(plain(out)).toEqual(await direct(bytes, X, n, F));
    }
    // The same load again is the same model, not a second one.
    expect(await e.load('v1', bytes)).toEqual(info);
    expect(e.stats().versions).toHaveLength(1);
  });

  it('micro-batches 200 concurrent predicts and gives each caller its own rows', async () => {
    const e = engine({ threads: 2, batchWindowMs: 1 });
    await e.load('v1', bytes);
    const inputs = Array.from({ length: 200 }, (_, i) => {
      const n = 1 + (i % 3);
      return { X: rows(n, F, 1000 + i), n };
    });
    const outs = await Promise.all(inputs.map(({ X, n }) => e.predict('v1', X, n)));
    const all = await direct(bytes, concat(inputs.map((i) => i.X)), inputs.reduce((a, i) => a + i.n, 0), F);
    let row = 0;
    inputs.forEach(({ n }, i) => {
      expect(outs[i].label.dims).toEqual([n]);
      expect(plain(outs[i])).toEqual({
        label: all.label.slice(row, row + n), probabilities: all.probabilities.slice(row * C, (row + n) * C),
      });
      row += n;
    });
    const s = e.stats();
    expect(s.requests).toBe(200);
    // The first call found nothing in flight and went alone; the 199 that came while it ran went together.
    expect(s.runs).toBeLessThan(200);
    expect(s.queuedRows).toBe(0);
  });

  it('does not batch with a window of 0, and answers the same', async () => {
    const e = engine({ threads: 1, batchWindowMs: 0 });
    await e.load('v1', bytes);
    const X = rows(20, F, 7);
    const outs = await Promise.all(Array.from({ length: 20 }, (_, i) => e.predict('v1', X.slice(i * F, (i + 1) * F), 1)));
    const all = await direct(bytes, X, 20, F);
    expect(outs.map((o) => Number((o.label.data as BigInt64Array)[0]))).toEqual(all.label.map(Number));
    expect(e.stats().runs).toBe(20);
  });

  it('refuses unknown versions, wrong shapes and bad models with EngineErrors', async () => {
    const e = engine({ threads: 1 });
    await expect(e.predict('nope', new Float32Array(F), 1)).rejects.toMatchObject({ code: 'not_loaded' });
    await e.load('v1', bytes);
    await expect(e.predict('v1', new Float32Array(F + 1), 1)).rejects.toMatchObject({ code: 'bad_input' });
    await expect(e.predict('v1', new Float32Array(0), 0)).rejects.toBeInstanceOf(EngineError);
    await expect(e.load('junk', new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ code: 'load_failed' });
    expect(e.has('junk')).toBe(false);
    expect(e.stats().versions.map((v) => v.id)).toEqual(['v1']);
  });

  it('passes an error raised inside the worker run back to the caller, and keeps serving', async () => {
    const e = engine({ threads: 1 });
    await e.load('g', gatherModel());
    const ok = await e.predict('g', Float32Array.from([2, 0]), 2);
    expect([...(ok.out.data as Float32Array)]).toEqual([30, 10]);
    await expect(e.predict('g', Float32Array.from([9]), 1)).rejects.toMatchObject({ code: 'inference', message: expect.stringMatching(/indices|out of/i) });
    expect([...((await e.predict('g', Float32Array.from([1]), 1)).out.data as Float32Array)]).toEqual([20]);
  });

  it('evicts the least recently used idle version when the byte budget is full', async () => {
    const a = model(F, C, 11);
    const b = model(F, C, 12);
    const c = model(F, C, 13);
    const evicted: string[] = [];
    const e = engine({ threads: 1, maxBytes: a.byteLength + b.byteLength + 10, onEvict: (id) => evicted.push(id) });
    await e.load('a', a);
    await e.load('b', b);
    await e.predict('a', rows(1, F, 1), 1); // a is now the more recent
    await e.load('c', c);
    expect(evicted).toEqual(['b']);
    expect(e.has('a') && e.has('c') && !e.has('b')).toBe(true);
    expect(e.stats().bytes).toBe(a.byteLength + c.byteLength);
    await expect(e.predict('b', rows(1, F, 1), 1)).rejects.toMatchObject({ code: 'not_loaded' });
    expect(plain(await e.predict('c', rows(3, F, 2), 3))).toEqual(await direct(c, rows(3, F, 2), 3, F));
    await expect(e.load('huge', new Uint8Array(e.maxBytes + 1))).rejects.toMatchObject({ code: 'capacity' });
  });

  it('replaces a crashed worker, reloads its versions, and loses none of the requests in flight', async () => {
    const e = engine({ threads: 2 });
    await e.load('v1', bytes);
    const inputs = Array.from({ length: 200 }, (_, i) => rows(1, F, 5000 + i));
    const pending = inputs.map((X) => e.predict('v1', X, 1));
    e.injectWorkerCrash(0);
    const more = inputs.map((X) => e.predict('v1', X, 1));
    const outs = await Promise.all([...pending, ...more]);
    const all = await direct(bytes, concat(inputs), inputs.length, F);
    outs.forEach((o, i) => expect(Number((o.label.data as BigInt64Array)[0])).toBe(Number(all.label[i % 200])));
    await vi.waitFor(() => expect(e.stats().restarts).toBe(1));
    await vi.waitFor(() => expect(e.stats().workers).toEqual([
      { index: 0, ready: true, busy: 0, versions: 1 }, { index: 1, ready: true, busy: 0, versions: 1 },
    ]));
    expect(plain(await e.predict('v1', inputs[0], 1)).label).toEqual([all.label[0]]);
  });

  it('with a single worker, requests wait for its replacement instead of failing', async () => {
    const e = engine({ threads: 1 });
    await e.load('v1', bytes);
    e.injectWorkerCrash(0);
    const X = rows(10, F, 3);
    expect(plain(await e.predict('v1', X, 10))).toEqual(await direct(bytes, X, 10, F));
    expect(e.stats().restarts).toBe(1);
  });

  it('unload lets accepted requests finish, then refuses the version', async () => {
    const e = engine({ threads: 1 });
    await e.load('v1', bytes);
    const pending = Array.from({ length: 50 }, (_, i) => e.predict('v1', rows(1, F, i), 1));
    await e.unload('v1');
    expect((await Promise.all(pending)).every((o) => o.label.dims[0] === 1)).toBe(true);
    expect(e.has('v1')).toBe(false);
    expect(e.stats().bytes).toBe(0);
    await expect(e.predict('v1', rows(1, F, 1), 1)).rejects.toMatchObject({ code: 'not_loaded' });
  });

  it('close finishes accepted requests, stops the workers and refuses later calls', async () => {
    const e = new InferenceEngine({ threads: 2 });
    await e.load('v1', bytes);
    const pending = Array.from({ length: 30 }, (_, i) => e.predict('v1', rows(2, F, i), 2));
    await e.close();
    expect((await Promise.all(pending)).map((o) => o.probabilities.dims)).toEqual(Array(30).fill([2, C]));
    await expect(e.predict('v1', rows(1, F, 1), 1)).rejects.toMatchObject({ code: 'closed' });
    await expect(e.load('v2', bytes)).rejects.toMatchObject({ code: 'closed' });
    await e.close(); // twice is fine
  });
});

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
