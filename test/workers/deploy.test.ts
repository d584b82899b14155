// deploy.endpoint in real Temporal runs, on PGlite and on PostgreSQL: the penguins example ends by serving its
// version behind the `penguins` endpoint (endpoint.get shows the deployment, made as the run's requester, with
// its audit row); a version left in stage `none` fails the step with one sentence and deploys nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog } from '../../server/db/schema';
import { getRun } from '../../server/db/repo/runs';
import { startRun } from '../../server/services/runs';
import { deployEndpointStep } from '../../workers/activities/deploy';
import type { KindContext } from '../../workers/activities/kinds';
import { stepActivity } from '../../workers/activities/step';
import { startHarness, type Harness } from '../helpers/harness';

const exampleDir = resolve('examples/penguins');
const penguins = readFileSync(resolve(exampleDir, 'pipeline.yaml'), 'utf8');

describe.each([
  ['PGlite', () => undefined],
  ['PostgreSQL', () => inject('postgresUrl')],
])('deploy.endpoint on %s', (_label, url) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      api: true,
      databaseUrl: url(),
      // Fault injection: in the "deploy-flaky" pipeline the first attempt fails after its deployment committed.
      activities: (base, deps) => ({
        ...base,
        'deploy.endpoint': stepActivity('deploy.endpoint', async (ctx: KindContext<'deploy.endpoint'>) => {
          const result = await deployEndpointStep(ctx);
          if (ctx.input.pipeline === 'deploy-flaky' && ctx.attempt === 1) throw new Error('transient: connection reset by peer');
          return result;
        }, deps),
      }),
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  async function runToEnd(source: string) {
    const author = h.api.users.editor.username;
    const run = await startRun(h.svc, { source, baseDir: exampleDir, author });
    const outcome = await h.client.workflow.getHandle(run.workflowId).result().then(() => undefined, (e: unknown) => e);
    return { run, outcome, view: (await getRun(h.database.db, run.id))! };
  }

  it('the penguins example ends with its version serving the penguins endpoint, deployed as the requester', async () => {
    const { run, outcome, view } = await runToEnd(penguins);
    expect(outcome).toBeUndefined();
    expect(view.status).toBe('succeeded');
    const register = view.steps.find((s) => s.stepId === 'register')!;
    const deploy = view.steps.find((s) => s.stepId === 'deploy')!;
    expect(deploy.status).toBe('succeeded');
    const version = (register.outputs as { version: { id: string; version: number } }).version;
    const made = (deploy.outputs as { deployment: Record<string, unknown> }).deployment;
    expect(made).toMatchObject({ type: 'Deployment', endpoint: 'penguins', number: 1, strategy: 'replace', model: 'penguins', version: version.version, modelVersionId: version.id });

    const shown = await h.api.as('viewer').endpoint.get.query({ name: 'penguins' });
    expect(shown.current).toMatchObject({ id: made.id, number: 1, strategy: 'replace', status: 'active', actor: 'editor-user' });
    expect(shown.current!.variants).toEqual([
      { name: `penguins-v${version.version}`, role: 'primary', weight: 100, modelVersionId: version.id, model: 'penguins', version: version.version, stage: 'staging' },
    ]);
    expect(shown.current!.reason).toContain(`run ${run.id}`);
    expect(shown.createdBy).toBe('editor-user');

    const rows = await h.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'endpoint.deploy'), eq(auditLog.target, 'penguins')));
    expect(rows.map((r) => [r.actor, r.outcome, (r.details as { id?: string }).id])).toEqual([['editor-user', 'ok', made.id]]);
  });

  it('an attempt retried after its deployment committed makes no second deployment', async () => {
    const flaky = penguins.replace('name: penguins\n', 'name: deploy-flaky\n').replace('with: { endpoint: penguins }', 'with: { endpoint: deploy-flaky }');
    const { outcome, view } = await runToEnd(flaky);
    expect(outcome).toBeUndefined();
    expect(view.steps.filter((s) => s.stepId === 'deploy').map((s) => [s.attempt, s.status])).toEqual([[1, 'failed'], [2, 'succeeded']]);
    const shown = await h.api.as('viewer').endpoint.get.query({ name: 'deploy-flaky' });
    expect(shown.history.map((d) => `${d.number}:${d.status}`)).toEqual(['1:active']);
  });

  it('refuses a version in stage none: the step fails with one sentence and no endpoint is made', async () => {
    const unpromoted = penguins
      .replace('name: penguins\n', 'name: penguins-unpromoted\n')
      .replace('with: { name: penguins, stage: staging', 'with: { name: penguins-unpromoted, stage: none')
      .replace('with: { endpoint: penguins }', 'with: { endpoint: penguins-unpromoted }');
    expect(unpromoted).toContain('endpoint: penguins-unpromoted');
    const { outcome, view } = await runToEnd(unpromoted);
    expect(outcome).toBeDefined();
    expect(view.status).toBe('failed');
    const deploy = view.steps.find((s) => s.stepId === 'deploy')!;
    expect(deploy.status).toBe('failed');
    expect(deploy.attempt).toBe(1); // a refusal is not retried
    const sentence = /^penguins-unpromoted@1 is in stage none and only staging or production versions take traffic: promote it first \(headrace promote penguins-unpromoted 1 staging --reason TEXT\)$/;
    expect(deploy.error).toMatch(sentence);
    expect(view.error).toContain('is in stage none and only staging or production versions take traffic');
    await expect(h.api.as('viewer').endpoint.get.query({ name: 'penguins-unpromoted' })).rejects.toThrow(/no endpoint named penguins-unpromoted/);
    const rows = await h.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'endpoint.deploy'), eq(auditLog.target, 'penguins-unpromoted')));
    expect(rows.map((r) => [r.actor, r.outcome])).toEqual([['editor-user', 'error']]);
  });
});
