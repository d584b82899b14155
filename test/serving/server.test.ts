// The predict server over HTTP on PGlite and on PostgreSQL, with real ONNX models in a real artifact store: deploy
// through the service, then each protocol answers what a direct onnxruntime run answers; every refusal has its
// status and one sentence; V2 metadata; a rollback switches the answers; no request fails during a hot swap.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase, type Database } from '../../server/db/client';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import type { Services } from '../../server/services/context';
import { deploy, rollback } from '../../server/services/endpoints';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';
import { until } from './deployments-fixtures';
import { CLASSES, directAnswer, registerLogistic, type RegisteredModel } from './server-fixtures';

// The predict server follows every endpoint of its database: on PostgreSQL it gets a database of its own.
const backends: Array<[string, () => Promise<string>]> = [
  ['PGlite', async () => 'memory://'],
  ['PostgreSQL', () => freshPostgresDatabase(inject('postgresUrl'), 'serve')],
];

const ROWS = [{ a: 1.5, b: 2, c: true }, { a: -3, b: 7, c: false }, { a: 10.25, b: -1, c: true }];
const X = [1.5, 2, 1, -3, 7, 0, 10.25, -1, 1];

let n = 0;
const endpointName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

describe.each(backends)('the predict server on %s', (_name, url) => {
  let home: string;
  let database: Database;
  let store: LocalArtifactStore;
  let svc: Services;
  let server: PredictServer;
  let model: RegisteredModel;
  let ep: string;

  const call = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const predictVersion = async (endpoint: string) => {
    const r = await call(`/v1/endpoints/${endpoint}/predict`, { body: { rows: ROWS.slice(0, 1) } });
    return r.status === 200 ? (r.body.model.version as number) : undefined;
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-serve-'));
    database = await openDatabase(await url(), { migrate: true });
    store = new LocalArtifactStore(join(home, 'artifacts'));
    svc = { db: database.db } as Services;
    model = await registerLogistic(database.db, store, endpointName('clf'), [11, 22, 33]);
    server = await startPredictServer({ db: database.db, artifacts: store, port: 0, threads: 1, follow: { pollMs: 100 } });
    ep = endpointName('main');
    await deploy(svc, { endpoint: ep, model: `${model.name}@1`, strategy: 'replace', actor: 'ann' });
    await waitReady(ep);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Until the server is ready and knows the endpoint (a notification arrives after the deploy returns). */
  async function waitReady(endpoint: string) {
    const start = Date.now();
    while (Date.now() - start < 20_000) {
      const r = await call('/v2/health/ready');
      if (r.status === 200 && r.body.endpoints.some((e: { name: string }) => e.name === endpoint)) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`the predict server did not become ready: ${JSON.stringify((await call('/v2/health/ready')).body)}`);
  }

  it('answers live, and ready once every current deployment is loaded', async () => {
    const live = await call('/v2/health/live');
    expect([live.status, live.body]).toEqual([200, { live: true }]);
    const ready = await call('/v2/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.endpoints).toContainEqual({ name: ep, ready: true });
    expect((await call(`/v2/models/${ep}/ready`)).body).toEqual({ name: ep, ready: true });
  });

  it('answers the plain protocol as a direct onnxruntime run does, with the version and the request id', async () => {
    const direct = await directAnswer(model.bytes.get(1)!, X, 3);
    const r = await call(`/v1/endpoints/${ep}/predict`, { body: { rows: ROWS }, headers: { 'x-request-id': 'req-plain-1' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      predictions: direct.labels.map((label, i) => ({ label, probabilities: Object.fromEntries(CLASSES.map((c, k) => [c, direct.probabilities[i][k]])) })),
      model: { name: model.name, version: 1, variant: `${model.name}-v1` },
      requestId: 'req-plain-1',
    });
    expect(r.headers.get('x-request-id')).toBe('req-plain-1');
    expect(r.headers.get('x-model-version')).toBe('1');
    // Without a request id, one is made up, returned in the header and in the body.
    const generated = await call(`/v1/endpoints/${ep}/predict`, { body: { rows: ROWS } });
    expect(generated.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('x-request-id')).toBe(generated.body.requestId);
  });

  it('answers MLflow scoring JSON in each input format, and V2 infer with feature tensors or one matrix', async () => {
    const direct = await directAnswer(model.bytes.get(1)!, X, 3);
    const columns = ['a', 'b', 'c'];
    for (const body of [
      { dataframe_split: { columns, data: ROWS.map((r) => [r.a, r.b, r.c]) } },
      { dataframe_records: ROWS },
      { instances: ROWS },
      { inputs: Object.fromEntries(columns.map((c) => [c, ROWS.map((r) => r[c as keyof typeof r])])) },
    ]) {
      const r = await call(`/v1/endpoints/${ep}/invocations`, { body });
      expect([r.status, r.body]).toEqual([200, { predictions: direct.labels }]);
    }
    const probs = await call(`/v1/endpoints/${ep}/invocations?output=probabilities`, { body: { dataframe_records: ROWS } });
    expect(probs.body).toEqual({ predictions: direct.probabilities });

    const expected = (id: string) => ({
      model_name: ep, model_version: '1', id, parameters: {},
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [3], data: direct.labels, parameters: { content_type: 'str' } },
        { name: 'probabilities', datatype: 'FP32', shape: [3, 3], data: direct.probabilities.flat() },
      ],
    });
    const perFeature = await call(`/v2/models/${ep}/infer`, {
      body: {
        id: 'v2-one',
        inputs: [
          { name: 'a', datatype: 'FP32', shape: [3], data: ROWS.map((r) => r.a) },
          { name: 'b', datatype: 'INT64', shape: [3, 1], data: ROWS.map((r) => [r.b]) },
          { name: 'c', datatype: 'BOOL', shape: [3], data: ROWS.map((r) => r.c) },
        ],
      },
    });
    expect([perFeature.status, perFeature.body]).toEqual([200, expected('v2-one')]);
    expect(perFeature.headers.get('x-request-id')).toBe('v2-one');
    const matrix = await call(`/v2/models/${ep}/versions/1/infer`, {
      body: { inputs: [{ name: 'input-0', datatype: 'FP32', shape: [3, 3], data: X }] },
      headers: { 'x-request-id': 'v2-two' },
    });
    expect([matrix.status, matrix.body]).toEqual([200, expected('v2-two')]);
    const notServed = await call(`/v2/models/${ep}/versions/7/infer`, { body: { inputs: [{ name: 'm', datatype: 'FP32', shape: [1, 3], data: [1, 2, 1] }] } });
    expect([notServed.status, notServed.body]).toEqual([404, { error: `Endpoint ${ep} does not serve version 7; it serves ${model.name}@1.` }]);
  });

  it('describes the model in V2 metadata: one input per feature, the two outputs', async () => {
    const r = await call(`/v2/models/${ep}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      name: ep,
      versions: ['1'],
      platform: 'onnxruntime',
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [-1] },
        { name: 'b', datatype: 'INT64', shape: [-1] },
        { name: 'c', datatype: 'BOOL', shape: [-1] },
      ],
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [-1], parameters: { content_type: 'str' } },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
      ],
      parameters: { content_type: 'pd' },
    });
    expect((await call(`/v2/models/${ep}/versions/1`)).body.versions).toEqual(['1']);
    expect((await call(`/v2/models/${ep}/versions/1/ready`)).status).toBe(200);
  });

  it('refuses with the status and one sentence: 400, 404, 405, 413, 415', async () => {
    const missing = await call(`/v1/endpoints/${ep}/predict`, { body: { rows: [{ a: 1, b: 2 }] }, headers: { 'x-request-id': 'bad-1' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'Row 0 is missing feature "c" (true or false).', requestId: 'bad-1' });
    expect(missing.headers.get('x-request-id')).toBe('bad-1');
    const wrongType = await call(`/v2/models/${ep}/infer`, { body: { inputs: [{ name: 'a', datatype: 'BYTES', shape: [1], data: ['x'] }] } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/^Input "a" has datatype BYTES/);
    const mlflow = await call(`/v1/endpoints/${ep}/invocations`, { body: { rows: ROWS } });
    expect(mlflow.status).toBe(400);
    expect(mlflow.body).toEqual({ error_code: 'BAD_REQUEST', message: expect.stringMatching(/^Unknown field "rows"/) });
    const notJson = await call(`/v1/endpoints/${ep}/predict`, { body: '{"rows": [' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/^The body is not valid JSON/);

    const unknown = await call('/v1/endpoints/no-such-endpoint/predict', { body: { rows: ROWS } });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'No endpoint named no-such-endpoint.']);
    expect((await call('/v2/models/no-such-endpoint')).body).toEqual({ error: 'No endpoint named no-such-endpoint.' });
    expect((await call('/v2/models/no-such-endpoint/infer', { body: { inputs: [] } })).status).toBe(404);
    expect((await call('/nowhere')).status).toBe(404);

    const method = await call(`/v1/endpoints/${ep}/predict`);
    expect([method.status, method.headers.get('allow'), method.body.error]).toEqual([405, 'POST', `GET is not allowed on /v1/endpoints/${ep}/predict; use POST.`]);
    expect((await call('/v2/health/live', { method: 'POST', body: {} })).status).toBe(405);

    const csv = await call(`/v1/endpoints/${ep}/invocations`, { body: 'a,b,c\n1,2,true', headers: { 'content-type': 'text/csv' } });
    expect([csv.status, csv.body.message]).toEqual([415, 'The body must be JSON (Content-Type: application/json), not text/csv.']);

    // 413 from the announced length alone: the answer comes while the 100 MB body is still unsent.
    const announced = await rawPost(server.url, `/v1/endpoints/${ep}/predict`, { 'content-length': String(100 * 1024 * 1024) }, ['{"rows": ']);
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.body).error).toBe(`The body is ${100 * 1024 * 1024} bytes, more than the limit of ${8 * 1024 * 1024} bytes.`);
    // 413 for a chunked body once it passes the limit, before its end.
    const chunk = 'x'.repeat(1024 * 1024);
    const chunked = await rawPost(server.url, `/v1/endpoints/${ep}/predict`, { 'transfer-encoding': 'chunked' }, Array.from({ length: 9 }, () => chunk));
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error).toBe(`The body is more than the limit of ${8 * 1024 * 1024} bytes.`);
    // The server still answers afterwards.
    expect((await call('/v2/health/live')).status).toBe(200);
  });

  it('a rollback switches the answers to the version before', async () => {
    const e = endpointName('rb');
    await deploy(svc, { endpoint: e, model: `${model.name}@1`, strategy: 'replace', actor: 'ann' });
    await deploy(svc, { endpoint: e, model: `${model.name}@2`, strategy: 'replace', actor: 'ann' });
    await waitVersion(e, 2);
    const direct2 = await directAnswer(model.bytes.get(2)!, X, 3);
    const v2 = await call(`/v1/endpoints/${e}/predict`, { body: { rows: ROWS } });
    expect(v2.body.predictions.map((p: { label: string }) => p.label)).toEqual(direct2.labels);
    await rollback(svc, { endpoint: e, actor: 'ann' });
    await waitVersion(e, 1);
    const direct1 = await directAnswer(model.bytes.get(1)!, X, 3);
    const v1 = await call(`/v1/endpoints/${e}/predict`, { body: { rows: ROWS } });
    expect(v1.body.model).toEqual({ name: model.name, version: 1, variant: `${model.name}-v1` });
    expect(v1.body.predictions[0].probabilities).toEqual(Object.fromEntries(CLASSES.map((c, k) => [c, direct1.probabilities[0][k]])));
  });

  it('answers 2 000 requests fired during a deploy and a rollback, every one with 200', async () => {
    const e = endpointName('swap');
    await deploy(svc, { endpoint: e, model: `${model.name}@1`, strategy: 'replace', actor: 'ann' });
    await waitVersion(e, 1);
    const statuses = new Map<number, number>();
    const versions: number[] = [];
    let sent = 0;
    let phase: 'before' | 'deploying' | 'deployed' | 'rolling-back' | 'rolled-back' = 'before';
    const control = (async () => {
      await until(() => versions.length >= 200, '200 answers before the deploy', 30_000);
      phase = 'deploying';
      await deploy(svc, { endpoint: e, model: `${model.name}@3`, strategy: 'replace', actor: 'ann' });
      await until(() => versions.at(-1) === 3, 'answers from v3', 30_000);
      phase = 'deployed';
      await until(() => versions.filter((v) => v === 3).length >= 200, '200 answers from v3', 30_000);
      phase = 'rolling-back';
      await rollback(svc, { endpoint: e, actor: 'ann' });
      await until(() => versions.at(-1) === 1, 'answers from v1 again', 30_000);
      phase = 'rolled-back';
    })();
    const client = async () => {
      // Keep firing until 2 000 requests went out and both swaps happened under traffic.
      while (sent < 2000 || phase !== 'rolled-back') {
        if (sent > 50_000) break;
        sent++;
        const r = await fetch(`${server.url}/v1/endpoints/${e}/predict`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: ROWS }),
        });
        const body = await r.json() as { model?: { version: number } };
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (body.model) versions.push(body.model.version);
      }
    };
    await Promise.all([control, ...Array.from({ length: 16 }, client)]);
    expect(phase).toBe('rolled-back');
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect([...statuses]).toEqual([[200, sent]]);
    expect(new Set(versions)).toEqual(new Set([1, 3]));
    expect(versions.at(-1)).toBe(1);
  });

  it('keeps answering with the version before when a new one cannot be loaded, and is not ready meanwhile', async () => {
    const e = endpointName('broken');
    await deploy(svc, { endpoint: e, model: `${model.name}@1`, strategy: 'replace', actor: 'ann' });
    await waitVersion(e, 1);
    // A version whose ONNX file is in another store: this server cannot load it.
    const elsewhere = new LocalArtifactStore(join(home, 'elsewhere'));
    const broken = await registerLogistic(database.db, elsewhere, model.name, [44]);
    const brokenVersion = [...broken.bytes.keys()][0];
    await deploy(svc, { endpoint: e, model: `${model.name}@${brokenVersion}`, strategy: 'replace', actor: 'ann' });
    let ready: Answer | undefined;
    // Not ready while it loads, and then with the error once the load failed.
    const failed = (r: Answer) => r.status === 503 && r.body.endpoints.some((x: { name: string; error?: string }) => x.name === e && x.error);
    await untilAsync(async () => failed(ready = await call('/v2/health/ready')), 'the server reports why the endpoint is not ready', 10_000);
    expect(ready!.body.endpoints).toContainEqual({ name: e, ready: false, error: expect.stringMatching(/not found/) });
    expect((await call(`/v2/models/${e}/ready`)).body).toEqual({ name: e, ready: false });
    expect(await predictVersion(e)).toBe(1);
    await rollback(svc, { endpoint: e, actor: 'ann' });
    await waitReady(e);
    expect(await predictVersion(e)).toBe(1);
  });

  async function waitVersion(endpoint: string, version: number) {
    const start = Date.now();
    while (Date.now() - start < 10_000) {
      if ((await predictVersion(endpoint)) === version) return;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error(`endpoint ${endpoint} did not answer with version ${version} within 10 s`);
  }
});

async function untilAsync(check: () => Promise<boolean>, what: string, ms: number): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A POST written by hand: the given headers and chunks, the answer read as soon as it comes. */
function rawPost(base: string, path: string, headers: Record<string, string>, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    // The server may close the connection before every chunk is written: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    let i = 0;
    const next = () => {
      if (i >= chunks.length || req.destroyed) return;
      if (req.write(chunks[i++])) setImmediate(next);
      else req.once('drain', next);
    };
    next();
  });
}
