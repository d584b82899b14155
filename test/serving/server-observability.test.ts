// The predict server's observability on a real server (PGlite, real ONNX models in a real artifact store):
// GET /metrics parsed by a Prometheus text parser counts the requests made, refusals included, without minting
// labels for unknown endpoints; every answered request is in the prediction log after close() when the endpoint's
// sample rate is 1 and none when it is 0; POST /v1/endpoints/NAME/labels joins ground truth by request id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { getMetricsFromIterator, type PromData, type PromHistogramData, type PromMetrics } from 'prom2javascript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase, type Database } from '../../server/db/client';
import { endpoints } from '../../server/db/schema';
import { openPredictionStore, type PredictionRow } from '../../server/serving/prediction-log';
import { startPredictServer, type PredictServer, type PredictServerOptions } from '../../server/serving/server';
import type { Services } from '../../server/services/context';
import { deploy } from '../../server/services/endpoints';
import { CLASSES, registerLogistic, type RegisteredModel } from './server-fixtures';

const ROWS = [{ a: 1.5, b: 2, c: true }, { a: -3, b: 7, c: false }, { a: 10.25, b: -1, c: true }];

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

function parse(text: string): Promise<PromMetrics> {
  return getMetricsFromIterator(text.split('\n')[Symbol.iterator]());
}

function samples<T extends PromData | PromHistogramData>(families: PromMetrics, name: string): T[] {
  const f = families[name];
  if (!f) throw new Error(`no metric ${name} in ${Object.keys(families).join(', ')}`);
  return f.data as T[];
}

function sample<T extends PromData | PromHistogramData>(data: T[], labels: Record<string, string>): T {
  const s = data.find((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));
  if (!s) throw new Error(`no sample with ${JSON.stringify(labels)}: ${JSON.stringify(data)}`);
  return s;
}

describe('the predict server\'s metrics, prediction log and labels', () => {
  let home: string;
  let database: Database;
  let store: LocalArtifactStore;
  let model: RegisteredModel;
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const logged = `logged-${suffix}`;
  const quiet = `quiet-${suffix}`;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-serve-obs-'));
    database = await openDatabase('memory://', { migrate: true });
    store = new LocalArtifactStore(join(home, 'artifacts'));
    const svc = { db: database.db } as Services;
    model = await registerLogistic(database.db, store, `clf-${suffix}`, [11]);
    await deploy(svc, { endpoint: logged, model: `${model.name}@1`, strategy: 'replace', actor: 'ann' });
    await deploy(svc, { endpoint: quiet, model: `${model.name}@1`, strategy: 'replace', actor: 'ann' });
    // No API sets the sample rate yet; the servers below read it when they start.
    await database.db.update(endpoints).set({ logSampleRate: 0 }).where(eq(endpoints.name, quiet));
  });
  afterAll(async () => {
    await database?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  async function start(extra: Partial<PredictServerOptions> = {}): Promise<PredictServer & { call: typeof call }> {
    const server = await startPredictServer({
      db: database.db, artifacts: store, port: 0, threads: 1, follow: { pollMs: 100 }, ...extra,
    });
    const call = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> => {
      const res = await fetch(`${server.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (the metrics)
      }
      return { status: res.status, headers: res.headers, body };
    };
    const started = Date.now();
    for (;;) {
      const r = await call('/v2/health/ready');
      const names = r.status === 200 ? (r.body.endpoints as Array<{ name: string }>).map((e) => e.name) : [];
      if (names.includes(logged) && names.includes(quiet)) break;
      if (Date.now() - started > 20_000) {
        await server.close();
        throw new Error(`the predict server did not become ready: ${JSON.stringify(r.body)}`);
      }
      await new Promise((res) => setTimeout(res, 50));
    }
    return Object.assign(server, { call });
  }

  it('serves /metrics that a Prometheus parser reads, counting each request by endpoint, version, variant and status', async () => {
    const server = await start({ metrics: { processMetrics: false } });
    try {
      const variant = `${model.name}-v1`;
      for (let i = 0; i < 3; i++) expect((await server.call(`/v1/endpoints/${logged}/predict`, { body: { rows: ROWS } })).status).toBe(200);
      expect((await server.call(`/v1/endpoints/${logged}/invocations`, { body: { dataframe_records: ROWS } })).status).toBe(200);
      expect((await server.call(`/v2/models/${logged}/infer`, {
        body: { inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 3], data: [1, 2, 1] }] },
      })).status).toBe(200);
      expect((await server.call(`/v1/endpoints/${quiet}/predict`, { body: { rows: ROWS.slice(0, 1) } })).status).toBe(200);
      // A 400 (a feature the model does not take) on a known endpoint: counted with its version and variant.
      const bad = await server.call(`/v1/endpoints/${logged}/predict`, { body: { rows: [{ ...ROWS[0], z: 1 }] } });
      expect(bad.status).toBe(400);
      // A 404 for an endpoint nobody deployed: counted under endpoint '' so a URL cannot mint label values.
      const unknown = await server.call('/v1/endpoints/no-such-endpoint/predict', { body: { rows: ROWS } });
      expect(unknown.status).toBe(404);
      // A 404 for a version the endpoint does not serve: the endpoint is known, no version answered.
      expect((await server.call(`/v2/models/${logged}/versions/9/infer`, { body: { inputs: [] } })).status).toBe(404);
      // Metadata, health and the metrics themselves are not prediction requests.
      expect((await server.call(`/v2/models/${logged}`)).status).toBe(200);

      const scrape = await server.call('/metrics');
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(scrape.body).not.toContain('no-such-endpoint');
      const families = await parse(scrape.body as string);

      const requests = samples<PromData>(families, 'headrace_predict_requests_total');
      expect(sample(requests, { endpoint: logged, version: '1', variant, status: '2xx' }).value).toBe(5);
      expect(sample(requests, { endpoint: quiet, version: '1', variant, status: '2xx' }).value).toBe(1);
      expect(sample(requests, { endpoint: logged, version: '1', variant, status: '4xx' }).value).toBe(1);
      expect(sample(requests, { endpoint: logged, version: '', variant: '', status: '4xx' }).value).toBe(1);
      expect(sample(requests, { endpoint: '', version: '', variant: '', status: '4xx' }).value).toBe(1);
      expect(requests.reduce((a, s) => a + s.value, 0)).toBe(9);
      expect(requests).toHaveLength(5);

      const errors = samples<PromData>(families, 'headrace_predict_errors_total');
      expect(errors.map((e) => `${e.labels.endpoint}|${e.labels.version}|${e.labels.status}=${e.value}`).sort())
        .toEqual(['||4xx=1', `${logged}||4xx=1`, `${logged}|1|4xx=1`].sort());

      const latency = samples<PromHistogramData>(families, 'headrace_predict_latency_seconds');
      expect(sample(latency, { endpoint: logged, version: '1', variant }).count).toBe(5);
      expect(sample(latency, { endpoint: quiet, version: '1', variant }).count).toBe(1);
      expect(latency).toHaveLength(2);

      const depth = samples<PromData>(families, 'headrace_predict_queue_depth');
      expect(depth.map((d) => d.labels.queue).sort()).toEqual(['inference', 'prediction_log', 'shadow']);
      // Nothing is in flight between requests.
      expect(sample(depth, { queue: 'inference' }).value).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('counts the prediction log\'s dropped rows and shows its queue depth', async () => {
    // A log whose queue holds 4 rows and is only written on close: the second 3-row request does not fit.
    const server = await start({
      metrics: { processMetrics: false },
      predictionLog: { dir: join(home, 'tiny-log'), maxQueue: 4, flushRows: 1000, flushMs: 0 },
    });
    try {
      for (let i = 0; i < 2; i++) expect((await server.call(`/v1/endpoints/${logged}/predict`, { body: { rows: ROWS } })).status).toBe(200);
      const families = await parse((await server.call('/metrics')).body as string);
      expect(sample(samples<PromData>(families, 'headrace_prediction_log_dropped_total'), { endpoint: logged }).value).toBe(3);
      expect(sample(samples<PromData>(families, 'headrace_predict_queue_depth'), { queue: 'prediction_log' }).value).toBe(3);
    } finally {
      await server.close();
    }
    const rows = await openPredictionStore({ dir: join(home, 'tiny-log') }).readPredictions(logged);
    expect(rows).toHaveLength(3);
  });

  it('logs every answered request of an endpoint sampled at 1, with its features and answer, and none at 0', async () => {
    const server = await start();
    const answers = new Map<string, any>();
    try {
      const plain = await server.call(`/v1/endpoints/${logged}/predict`, { body: { rows: ROWS }, headers: { 'x-request-id': `plain-${suffix}` } });
      answers.set(`plain-${suffix}`, plain.body.predictions);
      const mlflow = await server.call(`/v1/endpoints/${logged}/invocations?output=records`, {
        body: { dataframe_records: ROWS.slice(1) }, headers: { 'x-request-id': `mlflow-${suffix}` },
      });
      expect(mlflow.status).toBe(200);
      // V2 with the id in the body and no header: the body's id is the request id.
      const v2 = await server.call(`/v2/models/${logged}/infer`, {
        body: { id: `v2-${suffix}`, inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 3], data: [10.25, -1, 1] }] },
      });
      expect(v2.status).toBe(200);
      // Without any id: the generated one, as the answer tells it.
      const generated = await server.call(`/v1/endpoints/${logged}/predict`, { body: { rows: ROWS.slice(0, 1) } });
      answers.set(generated.body.requestId, generated.body.predictions);
      // Refused requests are not predictions: nothing to log.
      expect((await server.call(`/v1/endpoints/${logged}/predict`, { body: { rows: [{ a: 1 }] }, headers: { 'x-request-id': `refused-${suffix}` } })).status).toBe(400);
      for (let i = 0; i < 5; i++) {
        expect((await server.call(`/v1/endpoints/${quiet}/predict`, { body: { rows: ROWS }, headers: { 'x-request-id': `quiet-${i}-${suffix}` } })).status).toBe(200);
      }
    } finally {
      // close() writes what the log still holds.
      await server.close();
    }

    const store2 = openPredictionStore({ artifacts: store });
    expect(store2.dir).toBe(join(home, 'predictions'));
    const rows = (await store2.readPredictions(logged)).filter((r) => r.requestId.endsWith(suffix) || answers.has(r.requestId));
    const byId = new Map<string, PredictionRow[]>();
    for (const r of rows) byId.set(r.requestId, [...(byId.get(r.requestId) ?? []), r]);
    expect([...byId.keys()].sort()).toEqual([...answers.keys(), `mlflow-${suffix}`, `v2-${suffix}`].sort());
    expect(byId.get(`plain-${suffix}`)!.map((r) => r.row)).toEqual([0, 1, 2]);
    expect(byId.get(`mlflow-${suffix}`)).toHaveLength(2);

    for (const [id, predictions] of answers) {
      byId.get(id)!.forEach((r, i) => {
        // The features as the model saw them (float32, booleans as 1 and 0).
        expect(r.features).toEqual({ a: ROWS[i].a, b: ROWS[i].b, c: ROWS[i].c ? 1 : 0 });
        expect(r.label).toBe(predictions[i].label);
        for (const c of CLASSES) expect(r.probabilities![c]).toBeCloseTo(predictions[i].probabilities[c], 6);
        expect(r).toMatchObject({ endpoint: logged, variant: `${model.name}-v1`, modelVersion: 1 });
        expect(r.modelVersionId).toMatch(/./);
        expect(r.latencyMs).toBeGreaterThan(0);
      });
    }
    expect(byId.get(`v2-${suffix}`)![0].features).toEqual({ a: 10.25, b: -1, c: 1 });
    expect(await store2.readPredictions(quiet)).toEqual([]);
  });

  it('attaches labels by request id, reports the unknown ones, and refuses malformed bodies and unknown endpoints', async () => {
    const server = await start();
    try {
      const ids = [`lab-1-${suffix}`, `lab-2-${suffix}`];
      const first = await server.call(`/v1/endpoints/${logged}/predict`, { body: { rows: ROWS.slice(0, 2) }, headers: { 'x-request-id': ids[0] } });
      expect(first.status).toBe(200);
      expect((await server.call(`/v1/endpoints/${logged}/predict`, { body: { rows: ROWS.slice(2) }, headers: { 'x-request-id': ids[1] } })).status).toBe(200);
      expect((await server.call(`/v1/endpoints/${quiet}/predict`, { body: { rows: ROWS.slice(2) }, headers: { 'x-request-id': `lab-q-${suffix}` } })).status).toBe(200);

      // Straight after the answers: the server writes its own queue before it looks the ids up.
      const attached = await server.call(`/v1/endpoints/${logged}/labels`, {
        body: { labels: [
          { requestId: ids[0], label: 'x' },
          { requestId: ids[0], row: 1, label: 'y' },
          { requestId: ids[1], label: 'z' },
          { requestId: `never-${suffix}`, label: 'x' },
          { requestId: ids[1], row: 5, label: 'x' },
        ] },
      });
      expect([attached.status, attached.body]).toEqual([200, { attached: 3, unknown: 2, unknownIds: [`never-${suffix}`, `${ids[1]}#5`] }]);
      // A request that sampling left out cannot be labelled.
      const left = await server.call(`/v1/endpoints/${quiet}/labels`, { body: { labels: [{ requestId: `lab-q-${suffix}`, label: 'x' }] } });
      expect(left.body).toEqual({ attached: 0, unknown: 1, unknownIds: [`lab-q-${suffix}`] });

      const refusals: Array<[unknown, RegExp]> = [
        [{ labels: 'x' }, /"labels" must be an array/],
        [{ labels: [{ requestId: ids[0] }] }, /labels\[0\]\.label must be a string \(a class\) or a finite number/],
        [{ labels: [{ requestId: '', label: 'x' }] }, /labels\[0\]\.requestId must be a non-empty string/],
        [{ labels: [{ requestId: ids[0], label: 'x', weight: 2 }] }, /Unknown field "weight" in labels\[0\]/],
        [{ labels: [], extra: true }, /Unknown field "extra"/],
        [[{ requestId: ids[0], label: 'x' }], /must be a JSON object/],
      ];
      for (const [body, message] of refusals) {
        const r = await server.call(`/v1/endpoints/${logged}/labels`, { body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body.error).toMatch(message);
      }
      const unknown = await server.call('/v1/endpoints/no-such-endpoint/labels', { body: { labels: [{ requestId: ids[0], label: 'x' }] } });
      expect([unknown.status, unknown.body.error]).toEqual([404, 'No endpoint named no-such-endpoint.']);
      expect((await server.call(`/v1/endpoints/${logged}/labels`)).status).toBe(405);
    } finally {
      await server.close();
    }

    const joined = await openPredictionStore({ artifacts: store }).joinLabels(logged);
    const mine = joined.rows.filter((r) => r.requestId.startsWith('lab-')).map((r) => [r.requestId, r.row, r.actual]);
    expect(mine).toEqual([[`lab-1-${suffix}`, 0, 'x'], [`lab-1-${suffix}`, 1, 'y'], [`lab-2-${suffix}`, 0, 'z']]);
  });
});
