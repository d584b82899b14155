// Bad input gets a clear error with its location and loses nothing: a CSV with wrong types and
// malformed rows stops the run at validation with a report naming the columns and row counts, and
// nothing reaches the registry; bad YAML and bad requests are refused with positions and field names.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/api/root';
import { getJson } from '../../server/artifacts/store';
import { rowsOf } from '../../server/db/client';
import { listPipelines } from '../../server/db/repo/pipelines';
import { getRun } from '../../server/db/repo/runs';
import { startRun } from '../../server/services/runs';
import { startHarness, type Harness } from '../helpers/harness';

const dir = resolve('test/fixtures/bad-csv');
const source = readFileSync(resolve(dir, 'pipeline.yaml'), 'utf8');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ api: true });
});

afterAll(async () => {
  await h?.stop();
});

describe('bad data', () => {
  it('fails the run at validation, naming the columns and row counts, and registers nothing', async () => {
    const run = await startRun(h.svc, { source, baseDir: dir, author: 'test' });
    await expect(h.client.workflow.getHandle(run.workflowId).result()).rejects.toThrow();
    const view = (await getRun(h.database.db, run.id))!;
    expect(view.status).toBe('failed');
    expect(view.error).toMatch(/^step "validate" failed: validation failed/);
    expect(view.error).toMatch(/bill_length_mm/);
    expect(view.error).toMatch(/3 (rows|values)/); // three values that are not numbers
    expect(view.error).toMatch(/2 malformed rows in penguins-broken\.csv \(rows 23, 42\)/); // missing fields

    const validate = view.steps.find((s) => s.stepId === 'validate')!;
    expect(validate).toMatchObject({ status: 'failed', attempt: 1 }); // bad data is not retried
    // The full report was stored and is reachable from the step record.
    const report = (validate.summary as { report: { report: { uri: string } } }).report.report;
    const doc = await getJson<{ ok: boolean; rules: Array<{ rule: string; column?: string; ok: boolean; failingRows: number }> }>(h.store, report.uri);
    expect(doc.ok).toBe(false);
    expect(doc.rules.find((r) => r.rule === 'type' && r.column === 'bill_length_mm' && !r.ok)?.failingRows).toBe(3);
    expect(doc.rules.find((r) => r.rule === 'malformedRows' && !r.ok)?.failingRows).toBe(2);

    for (const id of ['split', 'train', 'evaluate', 'register']) {
      expect(view.steps.find((s) => s.stepId === id)?.status, id).toBe('skipped');
    }
    const models = rowsOf<{ n: number }>(await h.database.db.execute(sql`select count(*)::int as n from model_versions`));
    expect(models[0].n).toBe(0);
  });
});

describe('bad pipelines and bad requests', () => {
  it('refuses a pipeline with errors, with every diagnostic at its line:column, and saves nothing', async () => {
    const client = h.api.as('editor');
    const broken = source.replace('uses: prepare.split', 'uses: prepare.splitt').replace('in: { table: validate.table }\n    with: { test', 'in: { table: validate.tabel }\n    with: { test');
    const before = await listPipelines(h.database.db);
    const err = await client.pipeline.save.mutate({ source: broken, origin: 'pipeline.yaml' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    const e = err as TRPCClientError<AppRouter>;
    expect(e.data?.code).toBe('BAD_REQUEST');
    expect(e.message).toContain("pipeline.yaml:26:11: error: unknown step kind 'prepare.splitt' (did you mean 'prepare.split'?)");
    expect(e.message).toContain("pipeline.yaml:27:18: error: step 'validate' (validate.table) has no output 'tabel'");
    expect(await listPipelines(h.database.db)).toEqual(before);
  });

  it('refuses YAML that does not parse, saying where', async () => {
    const client = h.api.as('editor');
    const err = (await client.pipeline.save.mutate({ source: 'headrace: 1\nname: x\nsteps:\n  a: [unclosed\n', origin: 'x.yaml' }).catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(/x\.yaml:\d+:\d+: error: /);
  });

  it('answers a malformed request with BAD_REQUEST naming the field', async () => {
    const res = await fetch(`${h.api.url}/api/trpc/run.get?input=${encodeURIComponent(JSON.stringify({ json: { id: 'not-a-uuid' } }))}`, {
      headers: { authorization: `Bearer ${h.api.users.viewer.token}` },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { data: { code: string; zod: { fieldErrors: Record<string, string[]> } } } } };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(body.error.json.data.zod.fieldErrors)).toEqual(['id']);
  });

  it('answers an unknown run with NOT_FOUND', async () => {
    const client = h.api.as('editor');
    const err = (await client.run.get.query({ id: '00000000-0000-4000-8000-000000000000' }).catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(err.data?.code).toBe('NOT_FOUND');
  });
});
