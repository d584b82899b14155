// The SQL behind the API procedures, on PGlite and on a real PostgreSQL (they differ: PGlite is
// PostgreSQL 18 in WASM): run pages by cursor, idempotency keys, reusable steps, step logs, dataset
// lineage (jsonb containment), stage changes in a transaction, and the retry chain of the production gate.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { getDataset, listDatasets, recordDataset, recordDatasetUse } from '../../server/db/repo/datasets';
import { savePipelineVersion } from '../../server/db/repo/pipelines';
import { getModelVersion, mergeTags, registerModelVersion, stageHistory } from '../../server/db/repo/registry';
import { createRun, createRunOnce, finishedSteps, listRuns, setRunStatus, upsertStepRun } from '../../server/db/repo/runs';
import { appendStepLogs, readStepLogs } from '../../server/db/repo/step-logs';
import type { Services } from '../../server/services/context';
import { transitionVersion } from '../../server/services/registry';
import { planOf } from '../helpers/plans';

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
];

describe.each(backends)('API queries on %s', (_name, url) => {
  let database: Database;
  let pipelineId: string;
  let pipelineVersionId: string;
  // Unique per backend and file run: the PostgreSQL database is shared with other test files.
  const tag = randomUUID().slice(0, 8);
  const pipeline = `api-repo-${tag}`;

  const newRun = (extra: Partial<Parameters<typeof createRun>[1]> = {}) =>
    createRun(database.db, { pipelineId, pipelineVersionId, workflowId: `wf-${randomUUID()}`, params: {}, plan: {}, createdBy: 't', ...extra });

  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
    const saved = await savePipelineVersion(database.db, {
      plan: planOf(`headrace: 1\nname: ${pipeline}\nsteps:\n  ingest:\n    uses: ingest.csv\n    with: { path: data.csv }\n`),
      source: 'x', author: 't',
    });
    pipelineId = saved.pipelineId;
    pipelineVersionId = saved.version.id;
  });

  afterAll(async () => {
    await database?.close();
  });

  it('pages runs newest first by cursor, exactly, with filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await newRun({ trigger: i % 2 ? 'schedule' : 'manual' })).id);
      // PGlite's clock ticks in milliseconds: runs created within one tick tie on created_at and fall back
      // to id order, which is stable but not insertion order. Keep each run in its own tick.
      await new Promise((r) => setTimeout(r, 3));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(database.db, { pipeline, limit: 3, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const scheduled = await listRuns(database.db, { pipeline, trigger: 'schedule' });
    expect(scheduled.items.map((r) => r.id)).toEqual([ids[5], ids[3], ids[1]]);
  });

  it('gives one run per idempotency key', async () => {
    const key = `key-${tag}`;
    const once = () => createRunOnce(database.db, {
      pipelineId, pipelineVersionId, workflowId: `wf-${randomUUID()}`, params: {}, plan: {}, createdBy: 't', idempotencyKey: key,
    });
    const a = await once();
    const b = await once();
    expect([a.created, b.created]).toEqual([true, false]);
    expect(b.row.id).toBe(a.row.id);
  });

  it('finds the latest finished attempt of each step with outputs', async () => {
    const run = await newRun();
    const k = { runId: run.id, kind: 'ingest.csv' };
    await upsertStepRun(database.db, { ...k, stepId: 'a', attempt: 1, status: 'failed', error: 'x' });
    await upsertStepRun(database.db, { ...k, stepId: 'a', attempt: 2, status: 'succeeded', outputs: { t: 2 } });
    await upsertStepRun(database.db, { ...k, stepId: 'b', attempt: 1, status: 'failed', outputs: { t: 1 } });
    await upsertStepRun(database.db, { ...k, stepId: 'c', attempt: 0, status: 'cached', outputs: { t: 3 } });
    const rows = await finishedSteps(database.db, run.id);
    expect(rows.map((r) => [r.stepId, r.attempt, r.outputs])).toEqual([['a', 2, { t: 2 }], ['c', 0, { t: 3 }]]);
  });

  it('reads step logs after a cursor, per step', async () => {
    const run = await newRun();
    const line = (stepId: string, message: string) => ({ runId: run.id, stepId, attempt: 1, at: new Date(), level: 'info' as const, message });
    await appendStepLogs(database.db, [line('a', 'one'), line('b', 'two'), line('a', 'three')]);
    const all = await readStepLogs(database.db, { runId: run.id, limit: 10 });
    expect(all.map((l) => l.message)).toEqual(['one', 'two', 'three']);
    expect((await readStepLogs(database.db, { runId: run.id, after: all[0].id, limit: 10 })).map((l) => l.message)).toEqual(['two', 'three']);
    expect((await readStepLogs(database.db, { runId: run.id, stepId: 'a', limit: 10 })).map((l) => l.message)).toEqual(['one', 'three']);
  });

  it('records dataset uses once and finds the models trained on a dataset', async () => {
    const run = await newRun();
    const hash = `${tag}${'d'.repeat(56)}`;
    await recordDataset(database.db, { hash, uri: `artifact://sha256/${hash}.arrow`, schema: [{ name: 'x', type: 'number' }], rows: 3, runId: run.id, stepId: 'ingest' });
    await recordDatasetUse(database.db, { hash, runId: run.id, stepId: 'ingest', direction: 'wrote' });
    await recordDatasetUse(database.db, { hash, runId: run.id, stepId: 'ingest', direction: 'wrote' });
    await recordDatasetUse(database.db, { hash, runId: run.id, stepId: 'train', direction: 'read' });
    await recordDatasetUse(database.db, { hash: 'f'.repeat(64), runId: run.id, stepId: 'train', direction: 'read' }); // unknown: nothing
    const mv = await registerModelVersion(database.db, {
      name: `m-${tag}`, artifactUri: 'artifact://sha256/m', artifactHash: `${tag}m`, stage: 'none', signature: {},
      trainingDatasets: [hash], metrics: {}, tags: {}, lineage: {}, runId: run.id, stepId: 'register',
    });
    const page = await listDatasets(database.db, { limit: 500 });
    const id = page.items.find((d) => d.hash === hash)!.id;
    const d = (await getDataset(database.db, id))!;
    expect(d.uses.map((u) => [u.stepId, u.direction, u.pipeline])).toEqual([['ingest', 'wrote', pipeline], ['train', 'read', pipeline]]);
    expect(d.models.map((m) => m.id)).toEqual([mv.row.id]);
  });

  it('promotes through the gate (retry chain included), archives the previous production version, merges tags', async () => {
    const svc = { db: database.db } as Services;
    const failed = await newRun();
    await setRunStatus(database.db, failed.id, 'failed', 'boom');
    const retry = await newRun({ retryOf: failed.id });
    const name = `gated-${tag}`;
    const reg = (hash: string, runId: string, stepId: string) => registerModelVersion(database.db, {
      name, artifactUri: 'artifact://sha256/m', artifactHash: hash, stage: 'staging', signature: {}, trainingDatasets: [],
      metrics: { accuracy: 0.95 }, tags: {}, lineage: { gate: { step: 'evaluate', conditions: [], passed: true, unmet: [] } }, runId, stepId,
    });
    const a = await reg(`${tag}a`, failed.id, 'register');
    const move = (version: number) => transitionVersion(svc, { name, version, stage: 'production', reason: 'r', actor: 'admin', isAdmin: true });
    // The registering run failed and its retry has not succeeded yet.
    await expect(move(a.row.version)).rejects.toThrow(/did not succeed/);
    await setRunStatus(database.db, retry.id, 'succeeded');
    expect((await move(a.row.version)).stage).toBe('production');
    const ok = await newRun();
    await setRunStatus(database.db, ok.id, 'succeeded');
    const b = await reg(`${tag}b`, ok.id, 'register');
    await move(b.row.version);
    expect((await getModelVersion(database.db, name, a.row.version))!.stage).toBe('archived');
    expect((await stageHistory(database.db, a.row.id)).map((c) => c.toStage)).toEqual(['production', 'archived']);
    expect(await mergeTags(database.db, b.row.id, { x: '1', y: '2' })).toEqual({ x: '1', y: '2' });
    expect(await mergeTags(database.db, b.row.id, { x: null })).toEqual({ y: '2' });
  });
});
