// The rollout strategies in a real predict server (PGlite and PostgreSQL, real ONNX models in a real artifact
// store, deployments written as the control plane writes them): each strategy's traffic split within statistical
// bounds (chi-square at a false-failure probability below 1e-9), sticky keys by header and by body field, shadows
// that never answer and never delay the caller, the bounded shadow queue's drops in /metrics and in the serving
// windows, windows read back with summarizeServing, injected errors and latency visible in them, and token checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMetricsFromIterator, type PromData, type PromMetrics } from 'prom2javascript';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { createToken } from '../../server/auth/tokens';
import { createUser } from '../../server/auth/users';
import { openDatabase, type Database } from '../../server/db/client';
import { createDeployment, type Variant } from '../../server/db/repo/endpoints';
import { LATENCY_BOUNDS_MS, summarizeServing, type VariantSummary } from '../../server/db/repo/serving-windows';
import { keyPoint, pickAt } from '../../server/serving/routing/pick';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import type { Services } from '../../server/services/context';
import { resolveModelSpec, updateEndpoint } from '../../server/services/endpoints';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';
import { CLASSES, directAnswer, registerLogistic, type RegisteredModel } from './server-fixtures';

const backends: Array<[string, () => Promise<string>]> = [
  ['PGlite', async () => 'memory://'],
  ['PostgreSQL', () => freshPostgresDatabase(inject('postgresUrl'), 'strategies')],
];

const ROW = { a: 1.5, b: 2, c: true };
const ROWS = [ROW, { a: -3, b: 7, c: false }, { a: 10.25, b: -1, c: true }];
const X = [1.5, 2, 1, -3, 7, 0, 10.25, -1, 1];
/** A chi-square statistic above this has probability below 1e-9 for 1 or 2 degrees of freedom. */
const CHI_SQUARE_1E9 = 45;

let n = 0;
const endpointName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

function chiSquare(counts: Record<string, number>, weights: Record<string, number>): number {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const wsum = Object.values(weights).reduce((a, b) => a + b, 0);
  return Object.entries(weights).reduce((chi, [name, w]) => {
    const e = (total * w) / wsum;
    return chi + ((counts[name] ?? 0) - e) ** 2 / e;
  }, 0);
}

/** Reads until `done` holds (or the deadline passes) and returns the last read: the assertions that follow say what was wrong. */
async function settle<T>(read: () => Promise<T>, done: (t: T) => boolean, deadlineMs = 15_000): Promise<T> {
  const start = Date.now();
  let last = await read();
  while (!done(last) && Date.now() - start < deadlineMs) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

async function many<T>(count: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      out[i] = await fn(i);
    }
  }));
  return out;
}

describe.each(backends)('rollout strategies in the predict server on %s', (backend, url) => {
  let home: string;
  let database: Database;
  let store: LocalArtifactStore;
  let server: PredictServer;
  let model: RegisteredModel;
  const ids = new Map<number, string>();
  const since = new Date();

  const call = async (path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const res = await fetch(`${server.url}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const predict = (ep: string, body: unknown = { rows: [ROW] }, headers: Record<string, string> = {}) =>
    call(`/v1/endpoints/${ep}/predict`, { body, headers });
  const metrics = async (): Promise<PromMetrics> => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return getMetricsFromIterator(text.split('\n')[Symbol.iterator]());
  };
  const metricValue = (families: PromMetrics, name: string, labels: Record<string, string>): number => {
    const data = (families[name]?.data ?? []) as PromData[];
    const s = data.find((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));
    return s ? Number(s.value) : 0;
  };
  const summary = async (ep: string): Promise<Map<string, VariantSummary>> =>
    new Map((await summarizeServing(database.db, { endpoint: ep, since })).map((s) => [s.variant, s]));

  /** Deploys `variants` ([name, version, weight, role]) to a fresh endpoint and waits until the server answers with it. */
  const deployVariants = async (
    prefix: string, strategy: 'replace' | 'canary' | 'split' | 'shadow',
    variants: Array<[string, number, number, Variant['role']]>, config: Record<string, unknown> = {},
  ): Promise<string> => {
    const ep = endpointName(prefix);
    await createDeployment(database.db, {
      endpoint: ep, strategy, config, status: 'active', actor: 'test',
      variants: variants.map(([name, version, weight, role]) => ({ name, modelVersionId: ids.get(version)!, weight, role })),
    });
    await waitReady(ep);
    return ep;
  };
  async function waitReady(ep: string) {
    const start = Date.now();
    while (Date.now() - start < 20_000) {
      const r = await call('/v2/health/ready');
      if (r.body.endpoints.some((e: { name: string; ready: boolean }) => e.name === ep && e.ready)) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`endpoint ${ep} did not become ready: ${JSON.stringify((await call('/v2/health/ready')).body)}`);
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-strategies-'));
    database = await openDatabase(await url(), { migrate: true });
    store = new LocalArtifactStore(join(home, 'artifacts'));
    model = await registerLogistic(database.db, store, endpointName('clf'), [11, 22, 33]);
    for (const v of [1, 2, 3]) ids.set(v, (await resolveModelSpec({ db: database.db } as Services, `${model.name}@${v}`)).id);
    server = await startPredictServer({
      db: database.db, artifacts: store, port: 0, threads: 1, follow: { pollMs: 100 }, predictionLog: false,
      metrics: { processMetrics: false }, statsIntervalMs: 100, serverName: `strategies-${backend}`,
      faults: { 'slow-shadow': { delayMs: 2000 }, flaky: { errorRate: 0.5 }, laggy: { delayMs: 60 } },
    });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('split: three variants answer 20/30/50 of 3000 requests, say which answered, and the windows count them', async () => {
    const weights = { 'split-a': 20, 'split-b': 30, 'split-c': 50 };
    const ep = await deployVariants('split', 'split', [['split-a', 1, 20, 'primary'], ['split-b', 2, 30, 'primary'], ['split-c', 3, 50, 'primary']]);
    const versionOf: Record<string, number> = { 'split-a': 1, 'split-b': 2, 'split-c': 3 };
    // Bad input is the caller's, not the model's: refused, and counted in no window.
    for (let i = 0; i < 5; i++) expect((await predict(ep, { rows: [{ a: 1, b: 2 }] })).status).toBe(400);
    const counts: Record<string, number> = {};
    const answers = await many(3000, 16, () => predict(ep));
    for (const a of answers) {
      expect(a.status).toBe(200);
      const variant = a.headers.get('x-headrace-variant')!;
      expect(a.body.model).toEqual({ name: model.name, version: versionOf[variant], variant });
      expect(a.headers.get('x-model-version')).toBe(String(versionOf[variant]));
      counts[variant] = (counts[variant] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(Object.keys(weights));
    expect(chiSquare(counts, weights)).toBeLessThan(CHI_SQUARE_1E9);

    const seen = await settle(() => summary(ep), (m) => Object.keys(weights).every((v) => m.get(v)?.requests === counts[v]));
    for (const v of Object.keys(weights)) {
      expect(seen.get(v)).toMatchObject({ role: 'primary', requests: counts[v], errors: 0, errorRate: 0, servers: 1, shadow: null, modelVersionId: ids.get(versionOf[v]) });
      expect(seen.get(v)!.p50Ms).not.toBeNull();
      expect(seen.get(v)!.latencyCounts.reduce((a, b) => a + b, 0)).toBe(counts[v]);
    }
  });

  it('canary: the canary answers its 10 % of 2000 requests, the stable version the rest', async () => {
    const ep = await deployVariants('canary', 'canary', [['stable', 1, 90, 'primary'], ['canary', 2, 10, 'canary']]);
    const counts: Record<string, number> = {};
    for (const a of await many(2000, 16, () => predict(ep))) {
      expect(a.status).toBe(200);
      const variant = a.headers.get('x-headrace-variant')!;
      counts[variant] = (counts[variant] ?? 0) + 1;
    }
    expect(chiSquare(counts, { stable: 90, canary: 10 })).toBeLessThan(CHI_SQUARE_1E9);
    const seen = await settle(() => summary(ep), (m) => m.get('canary')?.requests === counts.canary);
    expect(seen.get('canary')).toMatchObject({ role: 'canary', requests: counts.canary, errors: 0 });
  });

  it('sticky by header: one key always reaches one variant, and keys spread by weight', async () => {
    const weights = { 'sticky-a': 20, 'sticky-b': 30, 'sticky-c': 50 };
    const ep = await deployVariants('sticky', 'split', [['sticky-a', 1, 20, 'primary'], ['sticky-b', 2, 30, 'primary'], ['sticky-c', 3, 50, 'primary']], { sticky: { header: 'X-User-Id' } });
    const one = await many(200, 8, () => predict(ep, { rows: [ROW] }, { 'x-user-id': 'user-7' }));
    expect(new Set(one.map((a) => a.headers.get('x-headrace-variant')))).toEqual(new Set([pickAt(
      Object.entries(weights).map(([name, weight]) => ({ name, weight })), keyPoint('user-7'),
    ).name]));
    // 600 keys, each asked twice: the same answer both times, and the keys split 20/30/50.
    const byKey = new Map<string, Set<string>>();
    await many(1200, 16, async (i) => {
      const key = `user-${i % 600}`;
      const a = await predict(ep, { rows: [ROW] }, { 'x-user-id': key });
      expect(a.status).toBe(200);
      const set = byKey.get(key) ?? new Set<string>();
      set.add(a.headers.get('x-headrace-variant')!);
      byKey.set(key, set);
    });
    const counts: Record<string, number> = {};
    for (const set of byKey.values()) {
      expect(set.size).toBe(1);
      const [v] = set;
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(Object.keys(weights));
    expect(chiSquare(counts, weights)).toBeLessThan(CHI_SQUARE_1E9);
    // Without a key: a random draw, still answered.
    expect((await predict(ep)).status).toBe(200);
  });

  it('sticky by body field: one key reaches one variant through every protocol', async () => {
    const variants: Array<[string, number, number, Variant['role']]> = [['field-a', 1, 50, 'primary'], ['field-b', 2, 50, 'primary']];
    const ep = await deployVariants('field', 'split', variants, { sticky: { field: 'user' } });
    for (const user of ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6']) {
      const expected = pickAt(variants.map(([name, , weight]) => ({ name, weight })), keyPoint(user)).name;
      const answers = await Promise.all([
        predict(ep, { rows: [ROW], user }),
        call(`/v1/endpoints/${ep}/invocations`, { body: { dataframe_records: [ROW], params: { user } } }),
        call(`/v1/endpoints/${ep}/invocations`, { body: { instances: [ROW], user } }),
        call(`/v2/models/${ep}/infer`, { body: { parameters: { user }, inputs: [{ name: 'input-0', datatype: 'FP32', shape: [1, 3], data: [1.5, 2, 1] }] } }),
      ]);
      for (const a of answers) expect([a.status, a.headers.get('x-headrace-variant')]).toEqual([200, expected]);
    }
  });

  it('shadow: the caller always gets the primary\'s answer, before the slow shadow has compared anything', async () => {
    const ep = await deployVariants('shadow', 'shadow', [['main', 1, 100, 'primary'], ['slow-shadow', 2, 100, 'shadow']]);
    const direct1 = await directAnswer(model.bytes.get(1)!, X, 3);
    const direct2 = await directAnswer(model.bytes.get(2)!, X, 3);
    const answers = await Promise.all(Array.from({ length: 4 }, () => predict(ep, { rows: ROWS })));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.headers.get('x-headrace-variant')).toBe('main');
      expect(a.body.model).toEqual({ name: model.name, version: 1, variant: 'main' });
      expect(a.body.predictions.map((p: { label: string }) => p.label)).toEqual(direct1.labels);
    }
    // Answered while their copies still wait on the shadow's 2000 ms delay: pending, nothing compared.
    expect(metricValue(await metrics(), 'headrace_predict_queue_depth', { queue: 'shadow' })).toBe(4);
    expect((await summary(ep)).get('slow-shadow')?.shadow?.compared ?? 0).toBe(0);
    // Then the copies are compared: agreement and error as the two versions' direct answers say.
    const s = (await settle(() => summary(ep), (m) => m.get('slow-shadow')?.shadow?.compared === 4, 20_000)).get('slow-shadow');
    const agreedCopy = direct1.labels.every((l, r) => direct2.labels[r] === l);
    let sq = 0;
    direct1.labels.forEach((l, r) => {
      const k = CLASSES.indexOf(l);
      sq += (direct2.probabilities[r][k] - direct1.probabilities[r][k]) ** 2;
    });
    expect(s).toMatchObject({ role: 'shadow', requests: 4, errors: 0, shadow: { compared: 4, dropped: 0, rows: 12, agreed: agreedCopy ? 4 : 0 } });
    expect(s!.shadow!.squaredErrorSum).toBeCloseTo(4 * sq, 5);
    expect(s!.shadow!.latencyDiffMeanMs!).toBeGreaterThan(1500);
    expect((await summary(ep)).get('main')).toMatchObject({ role: 'primary', requests: 4, shadow: null });
  });

  it('shadow: a sampled share of the requests is copied; a shadow of the same version agrees on every one', async () => {
    const ep = await deployVariants('twin', 'shadow', [['main', 1, 100, 'primary'], ['twin', 1, 30, 'shadow']]);
    await many(600, 8, async () => expect((await predict(ep)).headers.get('x-headrace-variant')).toBe('main'));
    // Every copy run (the queue empty), then one more window flushed after it.
    await settle(metrics, (m) => metricValue(m, 'headrace_predict_queue_depth', { queue: 'shadow' }) === 0);
    await new Promise((r) => setTimeout(r, 300));
    const s = (await summary(ep)).get('twin');
    // Binomial(600, 0.3): mean 180, sd 11.2; ±6.1 sd leaves a false failure below 1e-9.
    expect(s!.shadow!.compared).toBeGreaterThan(111);
    expect(s!.shadow!.compared).toBeLessThan(249);
    expect(s).toMatchObject({ errors: 0, shadow: { agreed: s!.shadow!.compared, dropped: 0, squaredErrorSum: 0, agreement: 1, rmse: 0 } });
  });

  it('shadow: a full queue drops copies, counted in /metrics and in the windows, never failing the caller', async () => {
    const ep = await deployVariants('dropq', 'shadow', [['main', 1, 100, 'primary'], ['slow-shadow', 2, 100, 'shadow']], { shadow: { queue: 3 } });
    for (let i = 0; i < 30; i++) {
      const a = await predict(ep);
      expect([a.status, a.headers.get('x-headrace-variant')]).toEqual([200, 'main']);
    }
    const s = (await settle(() => summary(ep), (m) => {
      const c = m.get('slow-shadow')?.shadow;
      return !!c && c.compared + c.dropped === 30;
    }, 40_000)).get('slow-shadow');
    expect(s!.shadow!.compared + s!.shadow!.dropped).toBe(30);
    expect(s!.shadow!.compared).toBeGreaterThanOrEqual(3);
    expect(s!.shadow!.dropped).toBeGreaterThan(0);
    expect(metricValue(await metrics(), 'headrace_shadow_dropped_total', { endpoint: ep, variant: 'slow-shadow' })).toBe(s!.shadow!.dropped);
  });

  it('injected errors: a flaky canary answers 500 for its share, counted as errors in the windows and /metrics', async () => {
    const ep = await deployVariants('flaky', 'canary', [['steady', 1, 50, 'primary'], ['flaky', 2, 50, 'canary']]);
    const answers = await many(400, 16, () => predict(ep));
    const by = { steady: { ok: 0, failed: 0 }, flaky: { ok: 0, failed: 0 } };
    for (const a of answers) {
      const v = (a.headers.get('x-headrace-variant') ?? 'flaky') as 'steady' | 'flaky';
      if (a.status === 500) {
        expect(a.body.error).toMatch(/^Injected fault: variant flaky/);
        by.flaky.failed += 1;
      } else {
        expect(a.status).toBe(200);
        by[v].ok += 1;
      }
    }
    expect(by.steady.failed).toBe(0);
    expect(by.flaky.failed).toBeGreaterThan(0);
    expect(by.flaky.ok).toBeGreaterThan(0);
    // Both variants' last requests may land in a later flush than the other's: wait for both.
    const seen = await settle(() => summary(ep), (m) => m.get('flaky')?.requests === by.flaky.ok + by.flaky.failed && m.get('steady')?.requests === by.steady.ok);
    expect(seen.get('flaky')).toMatchObject({ role: 'canary', requests: by.flaky.ok + by.flaky.failed, errors: by.flaky.failed });
    expect(seen.get('steady')).toMatchObject({ requests: by.steady.ok, errors: 0 });
    const m = await metrics();
    expect(metricValue(m, 'headrace_predict_errors_total', { endpoint: ep, variant: 'flaky', status: '5xx' })).toBe(by.flaky.failed);
  });

  it('injected latency: every request of a laggy variant lands above its delay in the windows', async () => {
    const ep = await deployVariants('laggy', 'replace', [['laggy', 3, 100, 'primary']]);
    const answers = await many(20, 10, () => predict(ep));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const s = (await settle(() => summary(ep), (m) => m.get('laggy')?.requests === 20)).get('laggy');
    expect(s!.requests).toBe(20);
    const under50 = LATENCY_BOUNDS_MS.findIndex((b) => b === 50);
    expect(s!.latencyCounts.slice(0, under50 + 1).reduce((a, b) => a + b, 0)).toBe(0);
    expect(s!.meanMs!).toBeGreaterThan(55);
  });

  it('an endpoint that requires a token: 401 without one or with a bad one, 403 without the predict scope', async () => {
    const ep = await deployVariants('locked', 'replace', [['locked', 1, 100, 'primary']]);
    await updateEndpoint({ db: database.db } as Services, { endpoint: ep, requireToken: true });
    const user = await createUser(database.db, { username: endpointName('caller'), role: 'viewer' });
    const predictToken = await createToken(database.db, { userId: user.id, name: 'p', scopes: ['predict'] });
    const apiToken = await createToken(database.db, { userId: user.id, name: 'a', scopes: ['api'] });
    // The setting reaches the server as a deployment change does.
    await settle(() => predict(ep), (a) => a.status === 401, 10_000);
    const none = await predict(ep);
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    expect(none.body.error).toMatch(/requires a token/);
    expect((await predict(ep, { rows: [ROW] }, { authorization: 'Bearer hr_not-a-real-token' })).status).toBe(401);
    const scopeless = await predict(ep, { rows: [ROW] }, { authorization: `Bearer ${apiToken.token}` });
    expect(scopeless.status).toBe(403);
    expect(scopeless.body.error).toMatch(/not predict/);
    const ok = await predict(ep, { rows: [ROW] }, { authorization: `Bearer ${predictToken.token}` });
    expect([ok.status, ok.headers.get('x-headrace-variant')]).toEqual([200, 'locked']);
    expect((await call(`/v2/models/${ep}`)).status).toBe(401);
    expect((await call(`/v2/models/${ep}`, { headers: { authorization: `Bearer ${predictToken.token}` } })).status).toBe(200);
    expect((await call(`/v1/endpoints/${ep}/labels`, { body: { labels: [] } })).status).toBe(401);
  });
});
