// pipeline.rename and pipeline.duplicate over the HTTP API, on PGlite and a real Temporal dev server: a rename
// keeps the pipeline's versions and runs under the new name (the `name:` line changed in a new version) and moves
// its Schedule as it stood; a duplicate is version 1 of a new pipeline with no runs and a paused Schedule; taken
// names, bad names and archived pipelines are refused with one sentence; each call leaves an audit row.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { getPipelineVersion } from '../../server/db/repo/pipelines';
import { createRun } from '../../server/db/repo/runs';
import { auditLog } from '../../server/db/schema';
import { withPipelineName } from '../../server/services/pipeline-names';
import { scheduleId } from '../../server/temporal/contract';
import { penguinsDir } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';

const penguins = readFileSync(resolve(penguinsDir, 'pipeline.yaml'), 'utf8');
/** Ingest and validate of the penguins pipeline, named `name`, with these `triggers:` lines (none when empty). */
const source = (name: string, triggers: string[] = []) =>
  penguins
    .slice(0, penguins.indexOf('  clean:'))
    .replace(/^name: penguins$/m, `name: ${name}`)
    .replace(/^description: .*$/m, `description: small${triggers.length ? `\ntriggers:\n${triggers.map((t) => `  - ${t}`).join('\n')}` : ''}`);

let h: Harness;
let editor: HeadraceClient;
let viewer: HeadraceClient;

beforeAll(async () => {
  h = await startHarness({ api: true });
  editor = h.api.as('editor');
  viewer = h.api.as('viewer');
});

afterAll(async () => {
  await h?.stop();
});

const save = (src: string) => editor.pipeline.save.mutate({ source: src, baseDir: penguinsDir });

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCClientError);
  return e as TRPCClientError<any>;
}

/** A run row of the pipeline's latest version, as the workflow would record it (no workflow needed here). */
async function recordRun(name: string): Promise<string> {
  const found = (await getPipelineVersion(h.svc.db, name))!;
  const run = await createRun(h.svc.db, {
    pipelineId: found.pipeline.id, pipelineVersionId: found.version.id, workflowId: `wf-${name}-${Date.now()}`,
    params: {}, plan: found.version.plan, createdBy: 'test',
  });
  return run.id;
}

describe('withPipelineName', () => {
  it('changes only the value of the top-level name, quoted or not, comments kept', () => {
    const src = '# churn\nname: "old-one"  # the name\ndescription: name: stays\nsteps: {}\n';
    expect(withPipelineName(src, 'new-one')).toBe('# churn\nname: new-one  # the name\ndescription: name: stays\nsteps: {}\n');
  });
});

describe('pipeline.rename', () => {
  it('saves the source with the new name as the next version; versions and runs stay reachable under the new name', async () => {
    await save(source('before'));
    await save(source('before').replace('description: small', 'description: small, v2'));
    const runId = await recordRun('before');

    const r = await editor.pipeline.rename.mutate({ name: 'before', newName: 'after' });
    expect(r).toMatchObject({ name: 'after', version: 3, origin: null });

    const latest = await viewer.pipeline.get.query({ name: 'after' });
    expect(latest.version.version).toBe(3);
    expect(latest.version.source).toMatch(/^name: after$/m);
    expect(latest.version.plan.pipeline).toBe('after');
    expect(latest.version.author).toBe('editor-user');
    // The older versions are kept as they were saved, old name and all.
    expect((await viewer.pipeline.versions.query({ name: 'after' })).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await viewer.pipeline.get.query({ name: 'after', version: 1 })).version.source).toMatch(/^name: before$/m);

    const runs = await viewer.run.list.query({ pipeline: 'after' });
    expect(runs.items.map((x) => x.id)).toEqual([runId]);
    expect(runs.items[0].pipelineName).toBe('after');
    expect((await viewer.run.get.query({ id: runId })).pipelineName).toBe('after');

    const list = (await viewer.pipeline.list.query()).map((p) => p.name);
    expect(list).toContain('after');
    expect(list).not.toContain('before');
    expect((await refusal(viewer.pipeline.get.query({ name: 'before' }))).data?.code).toBe('NOT_FOUND');

    // The old name is free again, for a new pipeline.
    expect(await editor.pipeline.save.mutate({ source: source('before'), baseDir: penguinsDir, create: true })).toMatchObject({ status: 'created', version: 1 });
  });

  it('moves the Schedule to the new name, still paused by hand with its note', async () => {
    await save(source('nightly', ['schedule: { cron: "0 3 * * *" }']));
    await editor.pipeline.schedule.pause.mutate({ name: 'nightly', reason: 'source down' });
    await editor.pipeline.rename.mutate({ name: 'nightly', newName: 'nightly-churn' });

    const s = await viewer.pipeline.schedule.get.query({ name: 'nightly-churn' });
    expect(s.state).toMatchObject({ paused: true, note: 'paused by editor-user: source down', version: 2 });
    const d = await h.client.schedule.getHandle(scheduleId('nightly-churn')).describe();
    expect(d.action).toMatchObject({ workflowId: 'headrace-scheduled-nightly-churn' });
    await expect(h.client.schedule.getHandle(scheduleId('nightly')).describe()).rejects.toThrow(/not found/i);
  });

  it('keeps a running Schedule running', async () => {
    await save(source('hourly', ['schedule: { cron: "0 * * * *" }']));
    await editor.pipeline.rename.mutate({ name: 'hourly', newName: 'hourly-2' });
    expect((await viewer.pipeline.schedule.get.query({ name: 'hourly-2' })).state).toMatchObject({ paused: false, version: 2 });
  });

  it('refuses a taken name (archived too), a bad name, the same name, an archived or unknown pipeline: one sentence each', async () => {
    await save(source('taken-a'));
    await save(source('taken-b'));
    await save(source('gone'));
    await editor.pipeline.archive.mutate({ name: 'gone' });

    const taken = await refusal(editor.pipeline.rename.mutate({ name: 'taken-a', newName: 'taken-b' }));
    expect(taken.data?.code).toBe('CONFLICT');
    expect(taken.message).toBe('A pipeline named "taken-b" already exists (v1): choose another name.');
    const archivedName = await refusal(editor.pipeline.rename.mutate({ name: 'taken-a', newName: 'gone' }));
    expect(archivedName.message).toBe('A pipeline named "gone" already exists (archived) (v1): choose another name.');

    const bad = await refusal(editor.pipeline.rename.mutate({ name: 'taken-a', newName: 'Taken A' }));
    expect(bad.data?.code).toBe('BAD_REQUEST');
    expect(bad.message).toBe('newName must be a lowercase letter followed by lowercase letters, digits, "-" or "_", got "Taken A".');

    expect((await refusal(editor.pipeline.rename.mutate({ name: 'taken-a', newName: 'taken-a' }))).message).toBe('The pipeline is already named "taken-a".');
    const archived = await refusal(editor.pipeline.rename.mutate({ name: 'gone', newName: 'back' }));
    expect(archived.data?.code).toBe('CONFLICT');
    expect(archived.message).toMatch(/^Pipeline "gone" is archived: save it again/);
    const unknown = await refusal(editor.pipeline.rename.mutate({ name: 'no-such', newName: 'other' }));
    expect(unknown.data?.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe('There is no pipeline "no-such".');

    // Nothing of the refused calls changed anything.
    expect((await viewer.pipeline.versions.query({ name: 'taken-a' })).map((v) => v.version)).toEqual([1]);
    const forbidden = await refusal(viewer.pipeline.rename.mutate({ name: 'taken-a', newName: 'by-viewer' }));
    expect(forbidden.data?.code).toBe('FORBIDDEN');
  });

  it('leaves an audit row with the old name as target and the new name in the details', async () => {
    await save(source('audited'));
    const r = await editor.pipeline.rename.mutate({ name: 'audited', newName: 'audited-2' });
    const [row] = await h.svc.db.select().from(auditLog).where(and(eq(auditLog.action, 'pipeline.rename'), eq(auditLog.target, 'audited')));
    expect(row).toMatchObject({ actor: 'editor-user', outcome: 'ok', details: { newName: 'audited-2', id: r.versionId } });
  });
});

describe('pipeline.duplicate', () => {
  it('saves the latest source under the new name as version 1 of a new pipeline, with no runs', async () => {
    await save(source('original'));
    await save(source('original').replace('description: small', 'description: small, v2'));
    await recordRun('original');

    const r = await editor.pipeline.duplicate.mutate({ name: 'original', newName: 'copy' });
    expect(r).toMatchObject({ name: 'copy', version: 1 });
    const copy = await viewer.pipeline.get.query({ name: 'copy' });
    expect(copy.version.source).toBe(source('copy').replace('description: small', 'description: small, v2'));
    expect(copy.version.plan.pipeline).toBe('copy');
    expect(copy.pipeline.id).not.toBe((await viewer.pipeline.get.query({ name: 'original' })).pipeline.id);
    expect((await viewer.run.list.query({ pipeline: 'copy' })).items).toEqual([]);
    // The original is untouched.
    expect((await viewer.pipeline.versions.query({ name: 'original' })).map((v) => v.version)).toEqual([2, 1]);
    expect((await viewer.run.list.query({ pipeline: 'original' })).items).toHaveLength(1);
  });

  it("creates the copy's Schedule paused, so it does not fire beside the original until resumed", async () => {
    await save(source('daily', ['schedule: { cron: "0 6 * * *" }']));
    await editor.pipeline.duplicate.mutate({ name: 'daily', newName: 'daily-copy' });
    expect((await viewer.pipeline.schedule.get.query({ name: 'daily' })).state).toMatchObject({ paused: false });
    expect((await viewer.pipeline.schedule.get.query({ name: 'daily-copy' })).state).toMatchObject({
      paused: true, note: 'paused: duplicated from "daily"; resume it to let this copy fire',
    });
  });

  it('refuses a taken name, a bad name and an unknown pipeline', async () => {
    await save(source('dup-a'));
    const taken = await refusal(editor.pipeline.duplicate.mutate({ name: 'dup-a', newName: 'dup-a' }));
    expect(taken.data?.code).toBe('CONFLICT');
    expect(taken.message).toBe('A pipeline named "dup-a" already exists (v1): choose another name.');
    expect((await refusal(editor.pipeline.duplicate.mutate({ name: 'dup-a', newName: '9lives' }))).data?.code).toBe('BAD_REQUEST');
    expect((await refusal(editor.pipeline.duplicate.mutate({ name: 'nope', newName: 'nope-2' }))).data?.code).toBe('NOT_FOUND');
    expect((await refusal(viewer.pipeline.duplicate.mutate({ name: 'dup-a', newName: 'dup-v' }))).data?.code).toBe('FORBIDDEN');
  });
});
