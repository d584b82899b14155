// Serving's control plane on PGlite and on PostgreSQL: the endpoints/deployments migration, deploy by version,
// stage and alias with its refusals, rollback step by step, and predict servers' follower seeing each change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startEmbeddedDatabase } from '../../cli/platform/database';
import { openDatabase, rowsOf, type Database } from '../../server/db/client';
import { followDeployments, type DeploymentFollower, type EndpointState } from '../../server/serving/deployments';
import type { Services } from '../../server/services/context';
import { deploy, getEndpointView, listEndpoints, parseModelSpec, rollback } from '../../server/services/endpoints';
import { ServiceError } from '../../server/services/errors';
import { freePort } from '../../server/temporal/dev-server';
import { fixtureModel, until } from './deployments-fixtures';

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
];

let n = 0;
const endpointName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;

/** The ServiceError a call throws (fails the test when it does not throw one). */
async function refusal(p: Promise<unknown>): Promise<ServiceError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err, 'expected a refusal').toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

describe('model references', () => {
  it('reads a version, a stage or an alias, and refuses anything without MODEL@', () => {
    expect(parseModelSpec('penguins@3')).toEqual({ model: 'penguins', ref: { version: 3 } });
    expect(parseModelSpec('penguins@v12')).toEqual({ model: 'penguins', ref: { version: 12 } });
    expect(parseModelSpec('penguins@production')).toEqual({ model: 'penguins', ref: { stage: 'production' } });
    expect(parseModelSpec('penguins@champion')).toEqual({ model: 'penguins', ref: { alias: 'champion' } });
    for (const bad of ['penguins', 'penguins@', '@3']) {
      expect(() => parseModelSpec(bad)).toThrow(/is not a model reference: give MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS/);
    }
  });
});

describe.each(backends)('deployments on %s', (_name, url) => {
  let database: Database;
  let svc: Services;
  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
    // The control plane's services read the database only.
    svc = { db: database.db } as Services;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('migrates: endpoints and deployments exist, and migrating again changes nothing', async () => {
    const again = await openDatabase(url(), { migrate: true });
    await again.close();
    const tables = rowsOf<{ table_name: string }>(
      await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_name in ('endpoints', 'deployments') order by 1`),
    ).map((r) => r.table_name);
    expect(tables).toEqual(['deployments', 'endpoints']);
  });

  it('deploys by version, stage and alias; creates the endpoint on its first deploy; supersedes the one before', async () => {
    const m = await fixtureModel(database.db, 'dep', ['staging', 'staging', 'production'], { champion: 2 });
    const ep = endpointName('ep');
    const first = await deploy(svc, { endpoint: ep, model: `${m.name}@1`, strategy: 'replace', actor: 'ann', reason: 'first' });
    expect(first).toMatchObject({ endpoint: ep, endpointCreated: true, number: 1, strategy: 'replace', status: 'active', actor: 'ann', reason: 'first', previousDeploymentId: null });
    expect(first.variants).toEqual([{ name: `${m.name}-v1`, role: 'primary', weight: 100, modelVersionId: expect.any(String), model: m.name, version: 1, stage: 'staging' }]);

    const byStage = await deploy(svc, { endpoint: ep, model: `${m.name}@production`, strategy: 'replace', actor: 'ann' });
    expect(byStage).toMatchObject({ endpointCreated: false, number: 2, previousDeploymentId: first.id });
    expect(byStage.variants[0]).toMatchObject({ version: 3, stage: 'production' });
    // A stage names its newest version: v2 is the newest in staging.
    expect((await deploy(svc, { endpoint: ep, model: `${m.name}@staging`, strategy: 'replace', actor: 'ann' })).variants[0].version).toBe(2);
    expect((await deploy(svc, { endpoint: ep, model: `${m.name}@champion`, strategy: 'replace', actor: 'bob' })).variants[0].version).toBe(2);

    const view = await getEndpointView(svc, ep);
    expect(view.history.map((d) => [d.number, d.status])).toEqual([[4, 'active'], [3, 'superseded'], [2, 'superseded'], [1, 'superseded']]);
    expect(view.current).toMatchObject({ number: 4, actor: 'bob' });
    expect(view).toMatchObject({ name: ep, createdBy: 'ann', revision: 4, requireToken: false, logSampleRate: 1 });
    const listed = (await listEndpoints(svc)).find((e) => e.name === ep);
    expect(listed?.current?.variants.map((v) => `${v.model}@${v.version}`)).toEqual([`${m.name}@2`]);
  });

  it('refuses, in one sentence, a version outside staging and production, and references that name nothing', async () => {
    const m = await fixtureModel(database.db, 'refuse', ['none', 'staging', 'staging'], { twin: 2 });
    await fixtureModel(database.db, 'refuse', ['staging']);
    const ep = endpointName('refused');
    const stage = await refusal(deploy(svc, { endpoint: ep, model: `${m.name}@1`, strategy: 'replace', actor: 'ann' }));
    expect(stage.code).toBe('CONFLICT');
    expect(stage.message).toBe(`${m.name}@1 is in stage none and only staging or production versions take traffic: promote it first (headrace promote ${m.name} 1 staging --reason TEXT)`);
    expect(stage.message.split('. ')).toHaveLength(1);
    // Nothing was made: the refused deploy did not create the endpoint.
    expect((await refusal(getEndpointView(svc, ep))).code).toBe('NOT_FOUND');

    expect((await refusal(deploy(svc, { endpoint: ep, model: `${m.name}@9`, strategy: 'replace', actor: 'a' }))).message).toBe(`model ${m.name} has no version 9`);
    expect((await refusal(deploy(svc, { endpoint: ep, model: 'no-such-model@1', strategy: 'replace', actor: 'a' }))).message).toBe('no model named no-such-model');
    expect((await refusal(deploy(svc, { endpoint: ep, model: `${m.name}@production`, strategy: 'replace', actor: 'a' }))).message).toBe(`model ${m.name} has no version in stage production`);
    const alias = await refusal(deploy(svc, { endpoint: ep, model: `${m.name}@nobody`, strategy: 'replace', actor: 'a' }));
    expect(alias).toMatchObject({ code: 'NOT_FOUND', message: `model ${m.name} has no version nobody: not a version number, not a stage, and no version carries the tag alias=nobody` });
    // Two versions carrying one alias: ambiguous, refused rather than guessed.
    await svc.db.execute(sql`update model_versions set tags = '{"alias":"twin"}'::jsonb where model_id = (select id from models where name = ${m.name}) and version = 3`);
    const twin = await refusal(deploy(svc, { endpoint: ep, model: `${m.name}@twin`, strategy: 'replace', actor: 'a' }));
    expect(twin).toMatchObject({ code: 'CONFLICT', message: `alias twin of model ${m.name} is on versions 2 and 3: keep the tag alias=twin on one version` });
    expect((await refusal(deploy(svc, { endpoint: 'Not A Name', model: `${m.name}@2`, strategy: 'replace', actor: 'a' }))).code).toBe('BAD_REQUEST');
  });

  it('rolls back to the previous deployment in one call, and further back on the next', async () => {
    const m = await fixtureModel(database.db, 'rb', ['staging', 'staging', 'staging']);
    const ep = endpointName('rb');
    const d1 = await deploy(svc, { endpoint: ep, model: `${m.name}@1`, strategy: 'replace', actor: 'ann' });
    expect(await refusal(rollback(svc, { endpoint: ep, actor: 'ann' }))).toMatchObject({
      code: 'CONFLICT', message: `endpoint ${ep} has nothing to roll back to: deployment #1 is the first it had`,
    });
    await deploy(svc, { endpoint: ep, model: `${m.name}@2`, strategy: 'replace', actor: 'ann' });
    await deploy(svc, { endpoint: ep, model: `${m.name}@3`, strategy: 'replace', actor: 'ann' });

    const back = await rollback(svc, { endpoint: ep, actor: 'bob', reason: 'v3 answers wrong' });
    expect(back).toMatchObject({ number: 4, undone: 3, restored: 2, status: 'active', actor: 'bob', reason: 'v3 answers wrong', previousDeploymentId: d1.id });
    expect(back.variants.map((v) => v.version)).toEqual([2]);
    const further = await rollback(svc, { endpoint: ep, actor: 'bob' });
    expect(further).toMatchObject({ number: 5, undone: 4, restored: 1, reason: 'rollback of #4 to #1', previousDeploymentId: null });
    expect(further.variants.map((v) => v.version)).toEqual([1]);
    expect((await refusal(rollback(svc, { endpoint: ep, actor: 'bob' }))).code).toBe('CONFLICT');

    const view = await getEndpointView(svc, ep);
    expect(view.history.map((d) => `${d.number}:${d.status}`)).toEqual(['5:active', '4:rolled_back', '3:rolled_back', '2:superseded', '1:superseded']);
    expect(view.history[0].rollbackOf).toBe(view.history[1].id);
    expect(await refusal(rollback(svc, { endpoint: endpointName('none'), actor: 'bob' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a follower learns of every deploy and rollback by notification, and knows the version it serves', async () => {
    const m = await fixtureModel(database.db, 'follow', ['staging', 'production']);
    const ep = endpointName('follow');
    const seen: EndpointState[] = [];
    const follower = await followDeployments(database.db, (s) => s.name === ep && seen.push(s));
    try {
      expect(follower.mode).toBe('notify');
      expect(follower.current(ep)).toBeUndefined();
      await deploy(svc, { endpoint: ep, model: `${m.name}@1`, strategy: 'replace', actor: 'ann' });
      await until(() => follower.current(ep)?.deployment?.number === 1, 'the follower sees deployment #1');
      expect(follower.current(ep)!.deployment!.variants[0]).toMatchObject({
        model: m.name, version: 1, stage: 'staging', weight: 100, role: 'primary', artifactUri: expect.stringMatching(/^artifact:\/\/sha256\//),
        features: [{ name: 'a', type: 'number' }, { name: 'b', type: 'number' }],
      });
      await deploy(svc, { endpoint: ep, model: `${m.name}@2`, strategy: 'replace', actor: 'ann' });
      await until(() => follower.current(ep)?.deployment?.variants[0].version === 2, 'the follower sees v2');
      await rollback(svc, { endpoint: ep, actor: 'ann' });
      await until(() => follower.current(ep)?.deployment?.variants[0].version === 1, 'the follower sees the rollback to v1');
      expect(seen.map((s) => s.deployment?.number)).toEqual([1, 2, 3]);
      expect(follower.all().some((s) => s.name === ep)).toBe(true);
    } finally {
      await follower.close();
    }
  });
});

describe('followers on PostgreSQL', () => {
  const dbs: Database[] = [];
  const followers: DeploymentFollower[] = [];
  afterAll(async () => {
    for (const f of followers) await f.close();
    for (const d of dbs) await d.close();
  });

  it('two followers, each on connections of its own as two predict servers are, see one deploy', async () => {
    const writer = await openDatabase(inject('postgresUrl'), { migrate: true });
    dbs.push(writer);
    const m = await fixtureModel(writer.db, 'two', ['staging', 'staging']);
    const ep = endpointName('two');
    await deploy({ db: writer.db } as Services, { endpoint: ep, model: `${m.name}@1`, strategy: 'replace', actor: 'ann' });
    for (let i = 0; i < 2; i++) {
      const d = await openDatabase(inject('postgresUrl'));
      dbs.push(d);
      // The slow safety poll is pushed out of reach: what the followers learn, they learn by notification.
      followers.push(await followDeployments(d.db, undefined, { safetyPollMs: 600_000 }));
    }
    expect(followers.map((f) => f.mode)).toEqual(['notify', 'notify']);
    expect(followers.map((f) => f.current(ep)?.deployment?.variants[0].version)).toEqual([1, 1]);
    await deploy({ db: writer.db } as Services, { endpoint: ep, model: `${m.name}@2`, strategy: 'replace', actor: 'ann' });
    await until(() => followers.every((f) => f.current(ep)?.deployment?.variants[0].version === 2), 'both followers serve v2', 5_000);
  });
});

describe('followers on the embedded database (PGlite over pglite-socket)', () => {
  let home: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  const dbs: Database[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.close();
    await stopEmbedded?.();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('find that notifications do not cross the shared backend, poll instead, and still see a deploy', async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-follow-'));
    const embedded = await startEmbeddedDatabase(home, await freePort());
    stopEmbedded = () => embedded.stop();
    const writer = await openDatabase(embedded.url, { migrate: true });
    const reader = await openDatabase(embedded.url);
    dbs.push(reader, writer);
    const m = await fixtureModel(writer.db, 'emb', ['staging']);
    const follower = await followDeployments(reader.db, undefined, { probeMs: 500 });
    try {
      expect(follower.mode).toBe('poll');
      await deploy({ db: writer.db } as Services, { endpoint: 'embedded', model: `${m.name}@1`, strategy: 'replace', actor: 'ann' });
      await until(() => follower.current('embedded')?.deployment?.number === 1, 'the polling follower sees the deploy', 5_000);
    } finally {
      await follower.close();
    }
  });
});
