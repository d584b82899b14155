// The data plane's pure pieces of the rollout strategies: weighted and sticky picks, the sticky key read from a
// header or from each protocol's body, the deployment config as the data plane reads it, fault parsing, the
// shadow's comparison with the answer, the bounded shadow queue, and a serving-window flush that fails.
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../server/db/client';
import { faultsFromEnv, parseFaults } from '../../server/serving/faults';
import { keyPoint, pickAt, totalWeight } from '../../server/serving/routing/pick';
import { DEFAULT_SHADOW_QUEUE, fieldKey, routingConfig, stickyKey, withoutStickyField } from '../../server/serving/routing/sticky';
import { compareAnswers, createShadowQueue, type ShadowTarget } from '../../server/serving/shadow';
import { createServingWindows, statsIntervalFromEnv, type WindowKey } from '../../server/serving/windows';

const V = [{ name: 'a', weight: 20 }, { name: 'b', weight: 30 }, { name: 'c', weight: 50 }];

describe('weighted and sticky picks', () => {
  it('lays the weights end to end on [0, 1)', () => {
    expect(totalWeight(V)).toBe(100);
    expect([0, 0.1999, 0.2, 0.4999, 0.5, 0.9999999].map((p) => pickAt(V, p).name)).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
    // Weights that do not sum to 100 are shares of their sum; a zero weight never takes a request.
    const w = [{ name: 'x', weight: 0 }, { name: 'y', weight: 1 }, { name: 'z', weight: 3 }];
    expect([0, 0.2499, 0.25, 0.99].map((p) => pickAt(w, p).name)).toEqual(['y', 'y', 'z', 'z']);
    expect(pickAt([{ name: 'only', weight: 0 }], 0.7).name).toBe('only');
  });

  it('hashes keys to stable points spread over [0, 1)', () => {
    expect(keyPoint('user-42')).toBe(keyPoint('user-42'));
    const points = Array.from({ length: 10_000 }, (_, i) => keyPoint(`user-${i}`));
    expect(points.every((p) => p >= 0 && p < 1)).toBe(true);
    // Ten equal bins: a chi-square over 9 degrees of freedom far below its 1e-9 tail (about 62).
    const bins = new Array<number>(10).fill(0);
    for (const p of points) bins[Math.floor(p * 10)] += 1;
    const chi = bins.reduce((a, o) => a + (o - 1000) ** 2 / 1000, 0);
    expect(chi).toBeLessThan(62);
  });
});

describe('the sticky key', () => {
  it('reads the deployment config, ignoring malformed keys', () => {
    expect(routingConfig({})).toEqual({ shadowQueue: DEFAULT_SHADOW_QUEUE });
    expect(routingConfig({ sticky: { header: 'X-User-Id' }, shadow: { queue: 5 } })).toEqual({ sticky: { header: 'x-user-id' }, shadowQueue: 5 });
    expect(routingConfig({ sticky: { field: 'user', header: 7 }, shadow: { queue: -1 } })).toEqual({ sticky: { field: 'user' }, shadowQueue: DEFAULT_SHADOW_QUEUE });
    expect(routingConfig(null)).toEqual({ shadowQueue: DEFAULT_SHADOW_QUEUE });
  });

  it('takes the header first, then the body field', () => {
    const sticky = { header: 'x-user-id', field: 'user' };
    expect(stickyKey(sticky, { 'x-user-id': 'h1' }, { user: 'b1' })).toBe('h1');
    expect(stickyKey(sticky, {}, { user: 'b1' })).toBe('b1');
    expect(stickyKey(sticky, {}, { rows: [] })).toBeUndefined();
    expect(stickyKey(undefined, { 'x-user-id': 'h1' }, {})).toBeUndefined();
  });

  it('finds the field where each protocol lets a caller put it', () => {
    expect(fieldKey({ rows: [{ a: 1 }], user: 'top' }, 'user')).toBe('top');
    expect(fieldKey({ inputs: [], parameters: { user: 'v2' } }, 'user')).toBe('v2');
    expect(fieldKey({ instances: [], params: { user: 7 } }, 'user')).toBe('7');
    expect(fieldKey({ rows: [{ user: 'r0' }, { user: 'r1' }] }, 'user')).toBe('r0');
    expect(fieldKey({ dataframe_records: [{ user: true }] }, 'user')).toBe('true');
    expect(fieldKey({ instances: [{ user: 'i0' }] }, 'user')).toBe('i0');
    expect(fieldKey({ dataframe_split: { columns: ['a', 'user'], data: [[1, 'ds']] } }, 'user')).toBe('ds');
    expect(fieldKey({ inputs: { user: ['col0', 'col1'] } }, 'user')).toBe('col0');
    expect(fieldKey({ inputs: [{ user: 'rec0' }] }, 'user')).toBe('rec0');
    expect(fieldKey({ inputs: [{ name: 'user', datatype: 'INT64', shape: [2, 1], data: [[11], [12]] }] }, 'user')).toBe('11');
    // Not a key: objects, NaN, empty strings, a body that is no object.
    for (const body of [{ user: {} }, { user: Number.NaN }, { user: '' }, [1], 'text', null]) expect(fieldKey(body, 'user')).toBeUndefined();
  });

  it('takes a top-level sticky field out of the body the protocols read, and leaves the rest as it is', () => {
    const body = { rows: [{ a: 1 }], user: 'u' };
    expect(withoutStickyField(body, { field: 'user' })).toEqual({ rows: [{ a: 1 }] });
    expect(body).toEqual({ rows: [{ a: 1 }], user: 'u' });
    const inRow = { rows: [{ user: 'u' }] };
    expect(withoutStickyField(inRow, { field: 'user' })).toBe(inRow);
    expect(withoutStickyField(body, { header: 'x-user-id' })).toBe(body);
  });
});

describe('fault injection settings', () => {
  it('parses variants with errorRate and delayMs, and names what is wrong', () => {
    expect(parseFaults({ canary: { errorRate: 0.5, delayMs: 50 }, other: {} })).toEqual({ canary: { errorRate: 0.5, delayMs: 50 }, other: {} });
    expect(() => parseFaults({ canary: { errorRate: 2 } })).toThrow('faults.canary.errorRate must be a number from 0 to 1, not 2');
    expect(() => parseFaults({ canary: { delayMs: -1 } })).toThrow('faults.canary.delayMs must be a number of milliseconds ≥ 0, not -1');
    expect(() => parseFaults({ canary: { rate: 1 } })).toThrow('faults.canary has an unknown key "rate"; it takes errorRate and delayMs');
    expect(() => parseFaults([])).toThrow('faults must be an object');
    expect(faultsFromEnv({})).toBeUndefined();
    expect(faultsFromEnv({ HEADRACE_SERVE_FAULTS: '{"v": {"delayMs": 5}}' })).toEqual({ v: { delayMs: 5 } });
    expect(() => faultsFromEnv({ HEADRACE_SERVE_FAULTS: '{v' })).toThrow(/HEADRACE_SERVE_FAULTS must be JSON/);
    expect(() => faultsFromEnv({ HEADRACE_SERVE_FAULTS: '{"v": {"errorRate": "x"}}' })).toThrow('HEADRACE_SERVE_FAULTS.v.errorRate must be a number from 0 to 1, not "x"');
  });

  it('reads the stats interval from the environment', () => {
    expect(statsIntervalFromEnv({})).toBe(5000);
    expect(statsIntervalFromEnv({ HEADRACE_SERVE_STATS_INTERVAL_MS: '250' })).toBe(250);
    expect(() => statsIntervalFromEnv({ HEADRACE_SERVE_STATS_INTERVAL_MS: 'soon' })).toThrow(/whole number of milliseconds/);
  });
});

const p = (label: string, probabilities: Record<string, number>) => ({ label, probabilities });

describe('the shadow', () => {
  it('compares its answer with the caller\'s: same class on every row, squared error of the caller\'s class', () => {
    const primary = [p('x', { x: 0.75, y: 0.25 }), p('y', { x: 0.25, y: 0.75 })];
    expect(compareAnswers(primary, primary)).toEqual({ agreed: true, squaredErrorSum: 0, rows: 2 });
    const shadow = [p('x', { x: 0.5, y: 0.5 }), p('x', { x: 0.75, y: 0.25 })];
    expect(compareAnswers(primary, shadow)).toEqual({ agreed: false, squaredErrorSum: 0.25 ** 2 + 0.5 ** 2, rows: 2 });
  });

  const key: WindowKey = { endpoint: 'e', deploymentId: null, variant: 's', role: 'shadow', modelVersionId: null };
  const target: ShadowTarget = { name: 's', weight: 100, key };

  it('queues at most `limit` copies per endpoint, drops and counts the rest, runs the waiting copies as one wave after the window, and never before the caller returns', async () => {
    const inserted: unknown[] = [];
    const db = { insert: () => ({ values: async (rows: unknown[]) => { inserted.push(...rows); } }) } as unknown as Db;
    const windows = createServingWindows({ db, intervalMs: 60_000, server: 'unit' });
    const releases: Array<() => void> = [];
    let started = 0;
    const dropped: string[] = [];
    const queue = createShadowQueue<number>({
      windows,
      onDrop: (endpoint, variant) => dropped.push(`${endpoint}/${variant}`),
      concurrency: 1,
      windowMs: 20,
      run: async () => {
        started += 1;
        await new Promise<void>((resolve) => releases.push(resolve));
        return { predictions: [p('x', { x: 1 })], inferMs: 3 };
      },
    });
    const offer = { endpoint: 'e', limit: 3, primary: [p('x', { x: 1 })], primaryMs: 1, payload: 0 };
    for (let i = 0; i < 5; i++) queue.offer(offer, [target]);
    expect([started, queue.depth(), dropped]).toEqual([0, 3, ['e/s', 'e/s']]);
    // A weight of 0 copies nothing.
    queue.offer(offer, [{ ...target, weight: 0 }]);
    expect(queue.depth()).toBe(3);
    // Nothing runs within the window; then the three run as one wave.
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toBe(0);
    await vi.waitFor(() => expect(started).toBe(3));
    // A copy offered while the one wave allowed runs waits for it: the queue is still full (3 running), so it is dropped.
    queue.offer(offer, [target]);
    expect(dropped).toHaveLength(3);
    releases.splice(0).forEach((release) => release());
    await vi.waitFor(() => expect(queue.depth()).toBe(0));
    // With room again, the next copy runs in a wave of its own.
    queue.offer(offer, [target]);
    await vi.waitFor(() => expect(started).toBe(4));
    releases.splice(0).forEach((release) => release());
    await vi.waitFor(() => expect(queue.depth()).toBe(0));
    await queue.close();
    await windows.close();
    expect(inserted).toEqual([expect.objectContaining({
      endpoint: 'e', variant: 's', role: 'shadow', server: 'unit', requests: 4, errors: 0, latencySumMs: 12,
      shadow: { compared: 4, agreed: 4, dropped: 3, squaredErrorSum: 0, rows: 4, latencyDiffSumMs: 8 },
    })]);
  });

  it('holds a wave back while the previous ones run, then runs everything that waited as the next wave', async () => {
    const windows = createServingWindows({ db: { insert: () => ({ values: async () => undefined }) } as unknown as Db, intervalMs: 60_000, server: 'unit' });
    const waves: number[] = [];
    let inWave = 0;
    const releases: Array<() => void> = [];
    const queue = createShadowQueue<number>({
      windows, onDrop: () => undefined, concurrency: 1, windowMs: 0,
      run: async () => {
        if (inWave === 0) queueMicrotask(() => { waves.push(inWave); inWave = 0; });
        inWave += 1;
        await new Promise<void>((resolve) => releases.push(resolve));
        return { predictions: [p('x', { x: 1 })], inferMs: 1 };
      },
    });
    const offer = { endpoint: 'e', limit: 100, primary: [p('x', { x: 1 })], primaryMs: 1, payload: 0 };
    queue.offer(offer, [target]);
    await vi.waitFor(() => expect(waves).toEqual([1]));
    for (let i = 0; i < 7; i++) queue.offer(offer, [target]);
    await new Promise((r) => setTimeout(r, 10));
    expect(waves).toEqual([1]);
    releases.splice(0).forEach((release) => release());
    await vi.waitFor(() => expect(waves).toEqual([1, 7]));
    releases.splice(0).forEach((release) => release());
    await vi.waitFor(() => expect(queue.depth()).toBe(0));
    await queue.close();
    await windows.close();
  });

  it('counts a failing copy as the shadow\'s error', async () => {
    const inserted: Array<{ errors: number; shadow: { compared: number } }> = [];
    const db = { insert: () => ({ values: async (rows: typeof inserted) => { inserted.push(...rows); } }) } as unknown as Db;
    const windows = createServingWindows({ db, intervalMs: 60_000, server: 'unit' });
    const queue = createShadowQueue<number>({ windows, onDrop: () => undefined, run: async () => { throw new Error('boom'); } });
    queue.offer({ endpoint: 'e', limit: 10, primary: [], primaryMs: 0, payload: 0 }, [target]);
    while (queue.depth() > 0) await new Promise((r) => setImmediate(r));
    await windows.close();
    expect(inserted).toMatchObject([{ requests: 1, errors: 1, shadow: { compared: 0 } }]);
  });
});

describe('serving windows', () => {
  it('reports a flush that fails, loses only that window, and goes on', async () => {
    const lines: string[] = [];
    let fail = true;
    const written: Array<{ requests: number }> = [];
    const db = {
      insert: () => ({ values: async (rows: typeof written) => { if (fail) throw new Error('database away'); written.push(...rows); } }),
    } as unknown as Db;
    const windows = createServingWindows({ db, intervalMs: 60_000, server: 'unit', warn: (l) => lines.push(l) });
    const key: WindowKey = { endpoint: 'e', deploymentId: null, variant: 'v', role: 'primary', modelVersionId: null };
    windows.observe(key, 2, false);
    await windows.flush();
    expect(lines).toEqual([expect.stringMatching(/writing 1 serving window row\(s\) failed .*answers are unaffected.*database away/)]);
    fail = false;
    windows.observe(key, 2, false);
    windows.observe(key, 700, true);
    await windows.close();
    expect(written).toMatchObject([{ requests: 2, errors: 1, latencySumMs: 702 }]);
  });
});
