// The REST door (/api/v1) over plain JSON, against the real HTTP server with auth required, Temporal and a worker:
// the OpenAPI document is valid OpenAPI 3.1 and is what `headrace openapi` prints; the penguins pipeline is started,
// read, listed, followed and its model version moved to staging with curl-shaped requests (bearer token, JSON body,
// query strings, ISO dates, no envelope); the same roles and audit rows as the tRPC door; and every bad request
// answers one error shape, `{ error: { code, message, httpStatus, field?, issues? } }`, naming the field.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAudit } from '../../server/auth/audit-log';
import { penguinsDir } from '../helpers/case-env';
import { headrace } from '../helpers/cli';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

beforeAll(async () => {
  h = await startHarness({ api: true });
  const source = readFileSync(resolve(penguinsDir, 'pipeline.yaml'), 'utf8');
  await h.api.as('editor').pipeline.save.mutate({ source, baseDir: penguinsDir, create: true });
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One request as curl would send it: a bearer token (the role's, unless `token` says otherwise) and a JSON body. */
async function rest<T = any>(method: string, path: string, opts: { role?: 'viewer' | 'editor' | 'admin'; token?: string | null; body?: unknown; raw?: string; type?: string } = {}): Promise<Answer<T>> {
  const token = opts.token === undefined ? h.api.users[opts.role ?? 'viewer'].token : opts.token;
  const res = await fetch(`${h.api.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': opts.type ?? 'application/json' } : {}),
    },
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, served at /api/openapi.json and printed by headrace openapi, with the bearer scheme and one error shape', async () => {
    const served = await rest('GET', '/api/openapi.json', { token: null });
    expect(served.status).toBe(200);
    const doc = served.body;
    expect(doc.openapi).toBe('3.1.0');
    // The standard validator: schema of the document, then every $ref resolved (it mutates what it is given).
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
    expect(doc.servers).toEqual([{ url: '/api/v1' }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, method] of [
      ['/runs', 'get'], ['/runs/{id}', 'get'], ['/runs', 'post'], ['/runs/{id}/cancel', 'post'],
      ['/models/{name}/versions', 'get'], ['/models/{name}/versions/{version}/stage', 'post'],
    ]) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      expect(op.responses['200'].content['application/json'].schema).toBeDefined();
      const errors = Object.entries(op.responses).filter(([status]) => !status.startsWith('2'));
      expect(errors.length).toBeGreaterThan(0);
      for (const [, response] of errors) expect((response as any).content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    // Query parameters of run listing, typed as the procedure's zod input types them.
    const params = doc.paths['/runs'].get.parameters.map((p: { name: string; in: string; schema: { type?: string } }) => [p.name, p.in, p.schema.type]);
    expect(params).toEqual(expect.arrayContaining([['pipeline', 'query', 'string'], ['limit', 'query', 'integer']]));
    // The same document offline.
    const printed = await headrace(['openapi'], {});
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(doc);
  });
});

describe('runs and models over REST', () => {
  let runId = '';

  it('starts the penguins pipeline with an idempotency key, reads it back, lists and follows it, all in plain JSON', async () => {
    const started = await rest('POST', '/api/v1/runs', { role: 'editor', body: { pipeline: 'penguins', params: {}, idempotencyKey: 'rest-build-1' } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ pipelineName: 'penguins', trigger: 'manual', idempotencyKey: 'rest-build-1', createdBy: 'editor-user' });
    expect(started.body.createdAt).toMatch(ISO);
    expect(started.body).not.toHaveProperty('json'); // no superjson envelope
    runId = started.body.id;
    // The same key: the same run.
    const again = await rest('POST', '/api/v1/runs', { role: 'editor', body: { pipeline: 'penguins', idempotencyKey: 'rest-build-1' } });
    expect(again.body.id).toBe(runId);

    const done = await vi.waitUntil(async () => {
      const r = await rest('GET', `/api/v1/runs/${runId}`);
      return ['succeeded', 'failed', 'cancelled'].includes(r.body.status) ? r.body : undefined;
    }, { timeout: 120_000, interval: 500 });
    expect(done.status, done.error).toBe('succeeded');
    expect(done.finishedAt).toMatch(ISO);
    expect(done.steps.map((s: { stepId: string }) => s.stepId)).toEqual(expect.arrayContaining(['ingest', 'train', 'register']));
    // A prefix of the id, as the CLI shows it.
    expect((await rest('GET', `/api/v1/runs/${runId.slice(0, 8)}`)).body.id).toBe(runId);

    const listed = await rest('GET', '/api/v1/runs?pipeline=penguins&status=succeeded&limit=5');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(runId);
    expect(listed.body.items.every((r: { status: string }) => r.status === 'succeeded')).toBe(true);
    const since = await rest('GET', `/api/v1/runs?from=${encodeURIComponent(done.createdAt)}&limit=1`);
    expect(since.body.items).toHaveLength(1);

    const logs = await rest('GET', `/api/v1/runs/${runId}/logs?step=train&limit=3`);
    expect(logs.status).toBe(200);
    expect(logs.body.lines.length).toBeGreaterThan(0);
    expect(logs.body.lines.length).toBeLessThanOrEqual(3);
    expect(logs.body.lines[0].at).toMatch(ISO);
    expect(logs.body.runStatus).toBe('succeeded');
  });

  it('lists the model versions and moves one back to stage none as an editor, audited; a viewer is refused with the same shape', async () => {
    const versions = await rest('GET', '/api/v1/models/penguins/versions');
    expect(versions.status).toBe(200);
    const v = versions.body.find((x: { runId: string }) => x.runId === runId);
    // The example registers its version in staging.
    expect(v).toMatchObject({ name: 'penguins', stage: 'staging' });
    expect(v.createdAt).toMatch(ISO);

    const refused = await rest('POST', `/api/v1/models/penguins/versions/${v.version}/stage`, { role: 'viewer', body: { stage: 'none', reason: 'looks wrong' } });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: { code: 'FORBIDDEN', httpStatus: 403, message: expect.stringMatching(/editor/) } });

    const moved = await rest('POST', `/api/v1/models/penguins/versions/${v.version}/stage`, { role: 'editor', body: { stage: 'none', reason: 'taken back by the REST test' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ version: v.version, stage: 'none' });
    const { items } = await listAudit(h.svc.db, { limit: 20, action: 'model.transition' });
    expect(items.map((i) => [i.actor, i.outcome])).toEqual(expect.arrayContaining([['editor-user', 'ok'], ['viewer-user', 'denied']]));
  });

  it('cancels a run it started', async () => {
    const started = await rest('POST', '/api/v1/runs', { role: 'editor', body: { pipeline: 'penguins' } });
    const cancelled = await rest('POST', `/api/v1/runs/${started.body.id}/cancel`, { role: 'editor' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toEqual({ id: started.body.id, cancelRequested: true });
    const ended = await vi.waitUntil(async () => {
      const r = await rest('GET', `/api/v1/runs/${started.body.id}`);
      return ['succeeded', 'failed', 'cancelled'].includes(r.body.status) ? r.body.status : undefined;
    }, { timeout: 60_000, interval: 300 });
    expect(['cancelled', 'succeeded']).toContain(ended);
  });
});

describe('bad requests, one error shape', () => {
  it('names the field of an invalid query, path or body value', async () => {
    const limit = await rest('GET', '/api/v1/runs?limit=lots');
    expect(limit.status).toBe(400);
    expect(limit.body).toEqual({
      error: { code: 'BAD_REQUEST', httpStatus: 400, field: 'limit', message: 'limit must be a number, got "lots".', issues: [{ field: 'limit', message: 'limit must be a number, got "lots".' }] },
    });
    // Every issue of the input, each with its field, not only the first.
    const two = await rest('GET', '/api/v1/runs/not-a-run/logs?after=-1');
    expect(two.body.error.issues.map((i: { field: string }) => i.field).sort()).toEqual(['after', 'id']);
    const id = await rest('GET', '/api/v1/runs/not-a-run');
    expect(id.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'id' });
    const version = await rest('POST', '/api/v1/models/penguins/versions/first/stage', { role: 'editor', body: { stage: 'staging', reason: 'x' } });
    expect(version.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'version' });
    const stage = await rest('POST', '/api/v1/models/penguins/versions/1/stage', { role: 'editor', body: { stage: 'live', reason: 'x' } });
    expect(stage.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'stage' });
    const params = await rest('POST', '/api/v1/runs', { role: 'editor', body: { pipeline: 'penguins', params: 'fast' } });
    expect(params.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'params' });
    for (const a of [limit, id, version, stage, params]) expect(Object.keys(a.body)).toEqual(['error']);
  });

  it('answers unknown runs, unknown paths, wrong methods, bad JSON and missing credentials in the same shape', async () => {
    const missing = await rest('GET', '/api/v1/runs/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
    const nowhere = await rest('GET', '/api/v1/no-such-thing');
    expect(nowhere).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: expect.stringContaining('/api/openapi.json') } } });
    const method = await rest('DELETE', '/api/v1/runs');
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST, GET');
    const json = await rest('POST', '/api/v1/runs', { role: 'editor', raw: '{"pipeline": ' });
    expect(json.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^the body is not JSON/) });
    const form = await rest('POST', '/api/v1/runs', { role: 'editor', raw: 'pipeline=penguins', type: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const anonymous = await rest('GET', '/api/v1/runs', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    const wrong = await rest('GET', '/api/v1/runs', { token: 'hr_not-a-token' });
    expect(wrong.status).toBe(401);
  });
});
