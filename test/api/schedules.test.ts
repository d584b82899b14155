// pipeline.schedule.* and the Schedule that saving a pipeline keeps in step, on a real Temporal dev server:
// created, updated, deleted with the file and with archive; paused and resumed by hand, which a later save
// keeps unless the file's `paused:` changes; the next five fire times from Temporal.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../dsl/plan';
import type { HeadraceClient } from '../../server/api/client';
import { auditLog } from '../../server/db/schema';
import { getPipelineVersion } from '../../server/db/repo/pipelines';
import { syncSchedule } from '../../server/services/schedules';
import { scheduleId } from '../../server/temporal/contract';
import { penguinsDir, waitForRun } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';
import { gated, waitingStep } from './gated';

const penguins = readFileSync(resolve(penguinsDir, 'pipeline.yaml'), 'utf8');
/** Ingest and validate of the penguins pipeline, renamed, with these `triggers:` lines (none when empty). */
const scheduled = (name: string, triggers: string[], description = 'scheduled') =>
  penguins
    .slice(0, penguins.indexOf('  clean:'))
    .replace(/^name: penguins$/m, `name: ${name}`)
    .replace(/^description: .*$/m, `description: ${description}${triggers.length ? `\ntriggers:\n${triggers.map((t) => `  - ${t}`).join('\n')}` : ''}`);

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

const save = (source: string) => editor.pipeline.save.mutate({ source, baseDir: penguinsDir });
const get = (name: string) => viewer.pipeline.schedule.get.query({ name });

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCClientError);
  return e as TRPCClientError<any>;
}

describe('saving a pipeline with a schedule trigger', () => {
  it('creates its Schedule, which shows the next five fire times of the cron', async () => {
    await save(scheduled('weekly', ['schedule: { cron: "0 3 * * 1" }']));
    const s = await get('weekly');
    expect(s.declared).toEqual({ crons: ['0 3 * * 1'], overlap: 'skip', paused: false });
    expect(s.state).toMatchObject({ paused: false, version: 1, fires: 0 });
    const next = s.state!.nextFireTimes;
    expect(next).toHaveLength(5);
    for (const t of next) expect([t.getUTCDay(), t.getUTCHours(), t.getUTCMinutes()]).toEqual([1, 3, 0]);
    expect(next.map((t) => t.getTime())).toEqual([...next.map((t) => t.getTime())].sort((a, b) => a - b));
    expect(next[0].getTime()).toBeGreaterThan(Date.now());
  });

  it('reads the cron in the declared time zone and runs with the declared overlap policy', async () => {
    await save(scheduled('paris', ['schedule: { cron: "30 9 * * *", timezone: Europe/Paris, overlap: buffer }']));
    const s = await get('paris');
    expect(s.declared).toEqual({ crons: ['30 9 * * *'], timezone: 'Europe/Paris', overlap: 'buffer', paused: false });
    for (const t of s.state!.nextFireTimes) {
      const paris = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
      expect(paris).toBe('09:30');
    }
    const d = await h.client.schedule.getHandle(scheduleId('paris')).describe();
    expect(d.policies.overlap).toBe('BUFFER_ONE');
    expect(d.action).toMatchObject({ workflowType: 'pipelineRun', taskQueue: 'headrace-cpu', workflowId: 'headrace-scheduled-paris' });
    expect(d.action.args?.[1]).toMatchObject({ trigger: 'schedule', createdBy: 'schedule' });
  });

  it('creates it paused when the file says so', async () => {
    await save(scheduled('born-paused', ['schedule: { cron: "0 * * * *", paused: true }']));
    expect((await get('born-paused')).state).toMatchObject({ paused: true, note: 'paused as declared in version 1' });
  });

  it('has no Schedule without a schedule trigger, and pausing it says how to add one', async () => {
    await save(scheduled('manual-only', []));
    expect(await get('manual-only')).toEqual({ pipeline: 'manual-only', declared: null, state: null });
    const e = await refusal(editor.pipeline.schedule.pause.mutate({ name: 'manual-only' }));
    expect(e.data?.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/has no schedule .*schedule: \{ cron/);
    const unknown = await refusal(viewer.pipeline.schedule.get.query({ name: 'no-such-pipeline' }));
    expect(unknown.data?.code).toBe('NOT_FOUND');
  });
});

describe('pause and resume', () => {
  it('pause by hand survives a save; a change of the file\'s `paused:` wins; resume survives too', async () => {
    const name = 'hourly';
    await save(scheduled(name, ['schedule: { cron: "0 * * * *" }'], 'v1'));
    const paused = await editor.pipeline.schedule.pause.mutate({ name, reason: 'data source down' });
    expect(paused.state).toMatchObject({ paused: true, note: 'paused by editor-user: data source down' });

    // A new version with the same `paused:` (absent = false): still paused, and its fires run the new version.
    await save(scheduled(name, ['schedule: { cron: "0 * * * *" }'], 'v2'));
    expect((await get(name)).state).toMatchObject({ paused: true, version: 2, note: 'paused by editor-user: data source down' });

    // The file now says paused: that is a change of the file, so it applies (it was paused already).
    await save(scheduled(name, ['schedule: { cron: "0 * * * *", paused: true }'], 'v3'));
    expect((await get(name)).state).toMatchObject({ paused: true, version: 3, note: 'paused as declared in version 3' });

    const resumed = await editor.pipeline.schedule.resume.mutate({ name, reason: 'source is back' });
    expect(resumed.state).toMatchObject({ paused: false, note: 'resumed by editor-user: source is back' });

    // The file still says paused: true, unchanged, so the hand's resume stands.
    await save(scheduled(name, ['schedule: { cron: "0 * * * *", paused: true }'], 'v4'));
    expect((await get(name)).state).toMatchObject({ paused: false, version: 4 });

    // paused: true → false in the file: applied.
    await editor.pipeline.schedule.pause.mutate({ name });
    await save(scheduled(name, ['schedule: { cron: "0 * * * *", paused: false }'], 'v5'));
    expect((await get(name)).state).toMatchObject({ paused: false, version: 5, note: 'running as declared in version 5' });
  });

  it('pausing twice is a no-op, and each call is in the audit log with its actor', async () => {
    const name = 'audited';
    await save(scheduled(name, ['schedule: { cron: "15 4 * * *" }']));
    await editor.pipeline.schedule.pause.mutate({ name, reason: 'first' });
    const again = await editor.pipeline.schedule.pause.mutate({ name, reason: 'second' });
    expect(again.state).toMatchObject({ paused: true, note: 'paused by editor-user: first' });
    await h.api.as('admin').pipeline.schedule.resume.mutate({ name });
    const refused = await refusal(viewer.pipeline.schedule.resume.mutate({ name }));
    expect(refused.data?.code).toBe('FORBIDDEN');
    const rows = await h.database.db
      .select({ actor: auditLog.actor, action: auditLog.action, outcome: auditLog.outcome })
      .from(auditLog)
      .where(and(eq(auditLog.target, name)))
      .orderBy(auditLog.id);
    expect(rows.filter((r) => r.action.startsWith('pipeline.schedule.'))).toEqual([
      { actor: 'editor-user', action: 'pipeline.schedule.pause', outcome: 'ok' },
      { actor: 'editor-user', action: 'pipeline.schedule.pause', outcome: 'ok' },
      { actor: 'admin-user', action: 'pipeline.schedule.resume', outcome: 'ok' },
      { actor: 'viewer-user', action: 'pipeline.schedule.resume', outcome: 'denied' },
    ]);
  });
});

describe('the Schedule follows the pipeline', () => {
  it('is updated when the cron changes and deleted when the trigger goes', async () => {
    const name = 'changing';
    await save(scheduled(name, ['schedule: { cron: "0 3 * * *" }']));
    await save(scheduled(name, ['schedule: { cron: "0 5 * * *" }', 'schedule: { cron: "0 17 * * *" }']));
    const s = await get(name);
    expect(s.declared?.crons).toEqual(['0 5 * * *', '0 17 * * *']);
    expect(new Set(s.state!.nextFireTimes.map((t) => t.getUTCHours()))).toEqual(new Set([5, 17]));
    await save(scheduled(name, []));
    expect((await get(name)).state).toBeNull();
  });

  it('refuses schedule triggers that one Schedule cannot carry together, at their line', async () => {
    const e = await refusal(save(scheduled('two-zones', ['schedule: { cron: "0 3 * * *" }', 'schedule: { cron: "0 4 * * *", timezone: Asia/Tokyo }'])));
    expect(e.data?.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/pipeline\.yaml:6:\d+: error: schedule timezone: every schedule trigger of a pipeline shares one timezone/);
    expect(await get('two-zones').catch((err: TRPCClientError<any>) => err.data?.code)).toBe('NOT_FOUND');
  });

  it('is deleted by archive and comes back when the pipeline is saved again', async () => {
    const name = 'archived';
    const source = scheduled(name, ['schedule: { cron: "0 6 * * *" }']);
    await save(source);
    await editor.pipeline.archive.mutate({ name });
    expect((await get(name)).state).toBeNull();
    expect((await save(source)).status).toBe('unchanged');
    expect((await get(name)).state).toMatchObject({ paused: false, version: 1 });
  });
});

/** Polls `read` until `ok` holds for its value; returns that value. */
async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a Schedule firing (every second: the test-only interval in place of the cron)', () => {
  it('starts runs with trigger `schedule`, skips fires while its run goes on, and fires nothing while paused', async () => {
    const name = 'fires';
    // The run holds at its approve step until someone decides: a slow run, however fast the machine.
    const source = gated(name).replace(/^steps:$/m, 'triggers:\n  - schedule: { cron: "0 3 * * *" }\nsteps:');
    await save(source);
    const stored = (await getPipelineVersion(h.database.db, name))!.version;
    await syncSchedule(h.svc, { plan: stored.plan as Plan, previous: stored.plan as Plan, pipelineVersionId: stored.id, version: stored.version }, { every: '1s' });

    // Overlap skip: fires keep coming while the first run waits, and each is skipped.
    await until('fires skipped for overlap', () => get(name), (s) => (s.state?.skippedOverlap ?? 0) >= 2);
    const runs = () => viewer.run.list.query({ pipeline: name }).then((p) => p.items);
    const [first, ...others] = await runs();
    expect(others).toEqual([]);
    expect(first).toMatchObject({ trigger: 'schedule', createdBy: 'schedule', pipelineVersion: 1, status: 'running' });
    expect(first.workflowId.startsWith('headrace-scheduled-fires')).toBe(true);
    expect((await viewer.run.list.query({ trigger: 'schedule' })).items.map((r) => r.id)).toEqual([first.id]);
    await waitingStep(viewer, first.id, 'review');
    expect((await get(name)).state).toMatchObject({ running: 1, fires: 1 });

    // Paused: the run may finish, and still nothing fires.
    const paused = await editor.pipeline.schedule.pause.mutate({ name, reason: 'hold' });
    await editor.run.approve.mutate({ id: first.id, step: 'review', reason: 'go' });
    expect((await waitForRun(viewer, first.id)).status).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 3_500)); // several nominal fire times pass while paused
    const later = await get(name);
    expect(later.state).toMatchObject({ paused: true, fires: paused.state!.fires, running: 0 });
    expect(await runs()).toHaveLength(1);

    // Resumed: the next fire starts the next run.
    await editor.pipeline.schedule.resume.mutate({ name });
    const [second] = await until('a run after resume', runs, (r) => r.length === 2);
    expect(second).toMatchObject({ trigger: 'schedule', createdBy: 'schedule' });
    await editor.pipeline.archive.mutate({ name });
    expect((await get(name)).state).toBeNull();
    await editor.run.cancel.mutate({ id: second.id });
    expect((await waitForRun(viewer, second.id)).status).toBe('cancelled');
  });
});
