// The migrations and the repository code, against PGlite and against a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from '../../server/db/client';
import { savePipelineVersion, listPipelines, getPipelineVersion } from '../../server/db/repo/pipelines';
import { createRun, getRun, setRunStatus, upsertStepRun } from '../../server/db/repo/runs';
import { registerModelVersion, listModelVersions } from '../../server/db/repo/registry';
import { recordDataset } from '../../server/db/repo/datasets';
import { addSignInFailure, signInLocks } from '../../server/db/repo/sign-in-limits';
import { SignInLimit } from '../../server/auth/sign-in-limit';
import { planOf } from '../helpers/plans';

const source = (desc: string) => `headrace: 1
name: repo-test
description: ${desc}
steps:
  ingest:
    uses: ingest.csv
    with: { path: data.csv }
`;

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
];

describe.each(backends)('repository on %s', (_name, url) => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('applies the migrations idempotently and creates every table', async () => {
    const again = await openDatabase(url(), { migrate: true });
    await again.close();
    const tables = rowsOf<{ table_name: string }>(
      await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`),
    ).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['pipelines', 'pipeline_versions', 'runs', 'step_runs', 'datasets', 'models', 'model_versions', 'audit_log']));
  });

  it('saves pipeline versions: created, unchanged for the same source, updated for a new one', async () => {
    const db = database.db;
    const a = await savePipelineVersion(db, { plan: planOf(source('one')), source: source('one'), author: 'test' });
    const b = await savePipelineVersion(db, { plan: planOf(source('one')), source: source('one'), author: 'test' });
    const c = await savePipelineVersion(db, { plan: planOf(source('two')), source: source('two'), author: 'test' });
    expect([a.status, b.status, c.status]).toEqual(['created', 'unchanged', 'updated']);
    expect([a.version.version, b.version.version, c.version.version]).toEqual([1, 1, 2]);
    const list = await listPipelines(db);
    expect(list.find((p) => p.name === 'repo-test')).toMatchObject({ latestVersion: 2, description: 'two' });
    expect((await getPipelineVersion(db, 'repo-test', 1))?.version.source).toBe(source('one'));
  });

  it('records runs and step results idempotently per (run, step, attempt)', async () => {
    const db = database.db;
    const saved = await savePipelineVersion(db, { plan: planOf(source('two')), source: source('two'), author: 'test' });
    const run = await createRun(db, { pipelineId: saved.pipelineId, pipelineVersionId: saved.version.id, workflowId: `wf-${Math.random()}`, params: {}, plan: saved.version.plan, createdBy: 'test' });
    await setRunStatus(db, run.id, 'running');
    const step = { runId: run.id, stepId: 'ingest', attempt: 1, kind: 'ingest.csv' };
    await upsertStepRun(db, { ...step, status: 'running' });
    await upsertStepRun(db, { ...step, status: 'succeeded', outputs: { table: { rows: 3 } }, durationMs: 12 });
    await upsertStepRun(db, { ...step, status: 'succeeded', outputs: { table: { rows: 3 } }, durationMs: 12 });
    await setRunStatus(db, run.id, 'succeeded');
    await setRunStatus(db, run.id, 'running'); // late duplicate: must not reopen the run
    const got = await getRun(db, run.id);
    expect(got?.status).toBe('succeeded');
    expect(got?.finishedAt).toBeInstanceOf(Date);
    expect(got?.steps).toHaveLength(1);
    expect(got?.steps[0]).toMatchObject({ status: 'succeeded', durationMs: 12, outputs: { table: { rows: 3 } } });
  });

  it('numbers model versions, dedupes by (run, step) and by artifact, records datasets once', async () => {
    const db = database.db;
    const base = { name: 'm', artifactUri: 'artifact://sha256/a', artifactHash: 'a', stage: 'staging', signature: {}, trainingDatasets: ['d1'], metrics: { accuracy: 0.9 }, tags: {}, lineage: {} };
    const v1 = await registerModelVersion(db, base);
    const v2 = await registerModelVersion(db, { ...base, artifactHash: 'b', artifactUri: 'artifact://sha256/b' });
    const again = await registerModelVersion(db, base);
    expect([v1.row.version, v2.row.version]).toEqual([1, 2]);
    expect(again).toMatchObject({ created: false, row: { id: v1.row.id } });
    const versions = await listModelVersions(db, 'm');
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]).toMatchObject({ name: 'm', stage: 'staging', metrics: { accuracy: 0.9 }, trainingDatasets: ['d1'] });
    await recordDataset(db, { hash: 'h1', uri: 'artifact://sha256/h1', schema: [], rows: 5 });
    await recordDataset(db, { hash: 'h1', uri: 'artifact://sha256/h1', schema: [], rows: 5 });
    const n = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from datasets where hash = 'h1'`));
    expect(n[0].n).toBe(1);
  });

  it('keeps concurrent writers consistent (version numbers unique under contention)', async () => {
    const db = database.db;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => registerModelVersion(db, { name: 'concurrent', artifactUri: `u${i}`, artifactHash: `h${i}`, stage: 'none', signature: {}, trainingDatasets: [], metrics: {}, tags: {}, lineage: {} })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const versions = (await listModelVersions(db, 'concurrent')).map((v) => v.version).sort();
    // Every version that committed has a distinct number (the unique index guards the race).
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.length).toBe(ok.length);
    expect(ok.length).toBeGreaterThan(0);
  });
  it('counts every sign-in failure sent at once, keeps only those inside the window, and locks at the limit', async () => {
    const now = Date.now();
    const counts = await Promise.all(Array.from({ length: 20 }, () => addSignInFailure(database.db, 'account', 'concurrent', now, 60_000)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // A minute later the twenty have left the window: the next failure is the only one.
    expect(await addSignInFailure(database.db, 'account', 'concurrent', now + 60_001, 60_000)).toBe(1);
    // Two limits (two API servers) on one database: the fifth failure, wherever it lands, locks for both.
    const a = new SignInLimit(database.db);
    const b = new SignInLimit(database.db);
    for (let i = 0; i < 4; i++) expect(await (i % 2 ? a : b).failed('shared-user', '192.0.2.1')).toBeUndefined();
    expect(await a.failed('shared-user', '192.0.2.2')).toMatchObject({ scope: 'account' });
    expect(await b.locked('shared-user', '192.0.2.3')).toMatchObject({ scope: 'account' });
    expect(await signInLocks(database.db, [{ scope: 'account', key: 'shared-user' }], new Date())).toHaveLength(1);
    await b.clear('shared-user');
    expect(await a.locked('shared-user', '192.0.2.3')).toBeUndefined();
  });
});
