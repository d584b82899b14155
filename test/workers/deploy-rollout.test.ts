// deploy.rollout in real Temporal runs, on PostgreSQL, with real ONNX models: the penguins pipeline
// ends with a canary step whose rollout (deploymentRollout, the child of the step's workflow, under the id every
// rollout has) advances on good serving windows, so the run succeeds with the deployment active; a canary judged
// bad is rolled back by its rollout and the run fails with the rollout's sentence; `rollback` aborts a pipeline's
// canary as any other, and cancelling the run rolls it back; a shadow step whose creating activity is retried
// after its commit makes one deployment; a split naming a missing version is refused. The settings' rules too.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compile } from '../../dsl/compile';
import { listDeploymentEvents } from '../../server/db/repo/deployment-events';
import { getEndpoint, rolloutInFlight, type DeploymentRow } from '../../server/db/repo/endpoints';
import { getRun } from '../../server/db/repo/runs';
import { emptyLatencyCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { deploy, getEndpointView, rollback } from '../../server/services/endpoints';
import { startRun } from '../../server/services/runs';
import { childWorkflowId, rolloutProgressQuery, rolloutWorkflowId, runWorkflowId, type RolloutProgress } from '../../server/temporal/contract';
import type { RolloutStepInput } from '../../workers/activities/deploy';
import { startHarness, type Harness } from '../helpers/harness';
import { registerLogistic } from '../serving/server-fixtures';
import { penguinsDir, penguinsVariant } from './penguins-variant';


let n = 0;
/** Attempts of the creating activity, by pipeline. */
const attempts: string[] = [];
const unique = (prefix: string) => `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36)}-${n++}`;

/** The penguins pipeline as `name`, registering its model as `name` and ending with a deploy.rollout step. */
const pipeline = (name: string, rollout: string) =>
  penguinsVariant(name, { deploy: `  deploy:\n    uses: deploy.rollout\n    in: { version: register.version }\n    with: ${rollout}\n` });

describe('deploy.rollout settings', () => {
  const errors = (rollout: string) => compile(pipeline('settings', rollout)).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

  it('applies the canary defaults and takes each strategy\'s settings', () => {
    const { plan } = compile(pipeline('settings', '{ endpoint: e, strategy: canary, canary: { interval: 30s } }'));
    expect(plan!.steps.find((s) => s.id === 'deploy')).toMatchObject({
      uses: 'deploy.rollout', mode: 'child', timeoutSeconds: 86_400,
      config: { endpoint: 'e', strategy: 'canary', canary: { steps: [5, 25, 50, 100], interval: '30s', maxErrorRate: 0.01, maxLatencyP99: 100, minRequests: 100, maxHolds: 3 } },
    });
    expect(errors('{ endpoint: e, strategy: split, split: { variants: [{ model: "a@1", weight: 30 }] }, sticky: { field: user } }')).toEqual([]);
    expect(errors('{ endpoint: e, strategy: shadow, shadow: { sample: 5 } }')).toEqual([]);
  });

  it('refuses settings out of bounds or of another strategy, each with one sentence', () => {
    expect(errors('{ endpoint: e, strategy: split }')).toEqual([
      "deploy.rollout config: 'split' strategy split needs the other versions and their weights, e.g. { variants: [{ model: NAME@VERSION, weight: 30 }] }",
    ]);
    expect(errors('{ endpoint: e, strategy: canary, canary: { steps: [50, 10] } }')).toEqual(["deploy.rollout config: 'canary.steps' must increase, e.g. [5, 25, 50, 100]"]);
    expect(errors('{ endpoint: e, strategy: shadow, canary: { steps: [5] } }')).toEqual(["deploy.rollout config: 'canary' applies to strategy canary only, and the strategy is shadow"]);
    expect(errors('{ endpoint: e, strategy: canary, canary: { interval: soon, maxErrorRate: 2 } }')).toEqual([
      "deploy.rollout config: 'canary.interval' must be a duration like \"30s\", \"10m\" or \"1h\", got \"soon\"",
      "deploy.rollout config: 'canary.maxErrorRate' must be <= 1, got 2",
    ]);
    expect(errors('{ endpoint: e, strategy: split, split: { variants: [{ model: "a@1", weight: 60 }, { model: "b@x", weight: 50 }] }, sticky: { header: a, field: b } }')).toEqual([
      "deploy.rollout config: 'split.variants' weights add up to 100 or more: together they stay below 100, the version takes the rest",
      "deploy.rollout config: 'split.variants[1].model' must be a model and a version number, like \"penguins@3\", got \"b@x\"",
      "deploy.rollout config: 'sticky' takes a header or a field, not both",
    ]);
  });
});

// PostgreSQL only: the rollouts themselves run on both databases in test/serving/rollout.test.ts.
describe.each([
  ['PostgreSQL', () => inject('postgresUrl')],
])('deploy.rollout on %s', (_label, url) => {
  let h: Harness;
  let stable: string;

  beforeAll(async () => {
    h = await startHarness({
      databaseUrl: url(),
      // Fault injection: in a pipeline named "rollout-flaky…" the first attempt fails after its deployment committed.
      activities: (base) => ({
        ...base,
        async deployRolloutCreate(input: RolloutStepInput) {
          attempts.push(`${input.pipeline}:${Context.current().info.attempt}`);
          const made = await base.deployRolloutCreate(input);
          if (input.pipeline.startsWith('rollout-flaky') && Context.current().info.attempt === 1) throw new Error('transient: connection reset by peer');
          return made;
        },
      }),
    });
    stable = unique('stable');
    await registerLogistic(h.database.db, h.store, stable, [1]);
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  /** An endpoint serving `stable`@1, as canary and shadow need something serving to compare with. */
  async function servingStable(prefix: string) {
    const ep = unique(prefix);
    await deploy(h.svc, { endpoint: ep, model: `${stable}@1`, strategy: 'replace', actor: 'ann' });
    return ep;
  }

  function start(source: string) {
    return startRun(h.svc, { source, baseDir: penguinsDir, author: 'ann' });
  }

  async function finished(run: { id: string; workflowId: string }) {
    const outcome = await h.client.workflow.getHandle(run.workflowId).result().then(() => undefined, (e: unknown) => e);
    return { outcome, view: (await getRun(h.database.db, run.id))! };
  }

  /** The deployment the step is rolling out, once its activity appended it and its rollout started. */
  async function rollingOut(endpoint: string): Promise<DeploymentRow> {
    for (;;) {
      const e = await getEndpoint(h.database.db, endpoint);
      const d = e ? await rolloutInFlight(h.database.db, e.id) : undefined;
      const started = d ? await h.client.workflow.getHandle(d.workflowId!).describe().then(() => true, (err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }) : false;
      if (d && started) return d;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Records a window of the stable version's and the canary's traffic each time the rollout watches a new one. */
  async function watchCanary(endpoint: string, d: DeploymentRow, canary: string, errors: number) {
    const wf = h.client.workflow.getHandle(d.workflowId!);
    let seen = 0;
    for (;;) {
      const p: RolloutProgress = await wf.query(rolloutProgressQuery);
      if (p.phase === 'done') return p;
      if (p.phase === 'watching' && p.round > seen) {
        seen = p.round;
        const end = new Date();
        await recordServingWindows(h.database.db, ([[`${stable}-v1`, 'primary', 0], [canary, 'canary', errors]] as const).map(([variant, role, errs]) => {
          const counts = emptyLatencyCounts();
          counts[latencyBucket(4)] = 40;
          return {
            endpoint, deploymentId: d.id, variant, role, modelVersionId: null, server: 'test:1',
            windowStart: new Date(end.getTime() - 500), windowEnd: end, requests: 40, errors: errs, latencyCounts: counts, latencySumMs: 160,
          };
        }));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const canary = (ep: string) => `{ endpoint: ${ep}, strategy: canary, canary: { steps: [20, 100], interval: 2s, maxErrorRate: 0.05, maxLatencyP99: 50, minRequests: 20 } }`;

  it('a canary step succeeds once its rollout advances through every step, the deployment made as the requester', async () => {
    const ep = await servingStable('pipe-canary');
    const name = unique('rollout-ok');
    const run = await start(pipeline(name, canary(ep)));
    const d = await rollingOut(ep);
    // The rollout runs under the id every rollout has, as the child of the step's workflow.
    expect(d.workflowId).toBe(rolloutWorkflowId(d.id));
    const described = await h.client.workflow.getHandle(d.workflowId!).describe();
    expect(described.parentExecution?.workflowId).toBe(childWorkflowId(runWorkflowId(run.id), 'deploy'));
    expect(await watchCanary(ep, d, `${name}-v1`, 0)).toMatchObject({ result: { status: 'active' } });

    const { outcome, view } = await finished(run);
    expect(outcome).toBeUndefined();
    expect(view.status).toBe('succeeded');
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    expect(step).toMatchObject({ status: 'succeeded', kind: 'deploy.rollout' });
    expect((step.outputs as { deployment: unknown }).deployment).toEqual({
      type: 'Deployment', id: d.id, endpoint: ep, number: 2, strategy: 'canary', model: name, version: 1, modelVersionId: d.variants[1].modelVersionId,
    });
    expect(step.summary).toMatchObject({ endpoint: ep, deployment: 2, strategy: 'canary', actor: 'ann', result: `deployment #2 of ${ep} is active: every step passed` });

    const shown = await getEndpointView(h.svc, ep);
    expect(shown.history.map((x) => `${x.number}:${x.strategy}:${x.status}`)).toEqual(['2:canary:active', '1:replace:superseded']);
    expect(shown.current).toMatchObject({ id: d.id, actor: 'ann', config: { source: { run: run.id, step: 'deploy' }, canary: { steps: [20, 100], intervalMs: 2000, maxLatencyP99Ms: 50 } } });
    expect(shown.current!.variants.map((v) => [v.name, v.role, v.weight])).toEqual([[`${name}-v1`, 'primary', 100]]);
    expect(shown.current!.reason).toBe(`rolled out by step "deploy" of run ${run.id} (pipeline ${name})`);
  }, 180_000);

  it('a canary its rollout rolls back fails the step with the rollout\'s sentence, not retried', async () => {
    const ep = await servingStable('pipe-bad');
    const name = unique('rollout-bad');
    const run = await start(pipeline(name, canary(ep)));
    const d = await rollingOut(ep);
    expect(await watchCanary(ep, d, `${name}-v1`, 20)).toMatchObject({ result: { status: 'rolled_back' } });

    const { outcome, view } = await finished(run);
    expect(outcome).toBeDefined();
    expect(view.status).toBe('failed');
    const sentence = `the rollout rolled back deployment #2 of ${ep} at 20%: the canary's error rate 50% is above maxErrorRate 5% and the stable version's 0%`;
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    expect(step).toMatchObject({ status: 'failed', attempt: 1, error: sentence });
    expect(view.error).toContain(sentence);
    const shown = await getEndpointView(h.svc, ep);
    expect(shown.history.map((x) => `${x.number}:${x.status}`)).toEqual(['3:active', '2:rolled_back', '1:superseded']);
    expect(shown.current!.variants.map((v) => v.name)).toEqual([`${stable}-v1`]);
  }, 180_000);

  /** Waits until the rollout workflow watches its first canary window (its timer runs). */
  async function untilWatching(workflowId: string): Promise<void> {
    for (;;) {
      const p: RolloutProgress = await h.client.workflow.getHandle(workflowId).query(rolloutProgressQuery);
      if (p.phase === 'watching') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('rollback aborts a pipeline\'s canary as it aborts any rollout, and the step fails with its reason', async () => {
    const ep = await servingStable('pipe-abort');
    const name = unique('rollout-abort');
    const run = await start(pipeline(name, canary(ep).replace('interval: 2s', 'interval: 1h')));
    const d = await rollingOut(ep);
    await untilWatching(d.workflowId!);
    const back = await rollback(h.svc, { endpoint: ep, actor: 'carl', reason: 'not in this release' });
    expect(back).toMatchObject({ undone: 2, restored: 1, actor: 'carl' });
    const { view } = await finished(run);
    expect(view.status).toBe('failed');
    expect(view.steps.find((s) => s.stepId === 'deploy')).toMatchObject({ status: 'failed', error: 'not in this release' });
  }, 180_000);

  it('cancelling the run rolls its canary back, as the run\'s requester', async () => {
    const ep = await servingStable('pipe-cancel');
    const name = unique('rollout-cancel');
    const run = await start(pipeline(name, canary(ep).replace('interval: 2s', 'interval: 1h')));
    const d = await rollingOut(ep);
    await untilWatching(d.workflowId!);
    await h.client.workflow.getHandle(run.workflowId).cancel();
    const result = await h.client.workflow.getHandle(d.workflowId!).result();
    expect(result).toMatchObject({ status: 'rolled_back', message: `run ${run.id} was cancelled during the rollout of deployment #2 of ${ep}` });
    const { view } = await finished(run);
    expect(view.status).toBe('cancelled');
    const shown = await getEndpointView(h.svc, ep);
    expect(shown.history.map((x) => `${x.number}:${x.status}`)).toEqual(['3:active', '2:rolled_back', '1:superseded']);
    expect(shown.current).toMatchObject({ actor: 'ann', variants: [expect.objectContaining({ name: `${stable}-v1`, weight: 100 })] });
  }, 180_000);

  it('a shadow step whose creating activity is retried after its commit makes one deployment', async () => {
    const ep = await servingStable('pipe-shadow');
    const name = unique('rollout-flaky');
    const run = await start(pipeline(name, `{ endpoint: ${ep}, strategy: shadow, shadow: { sample: 10 } }`));
    const { outcome, view } = await finished(run);
    expect(outcome).toBeUndefined();
    expect(view.status).toBe('succeeded');
    expect(attempts.filter((a) => a.startsWith(`${name}:`))).toEqual([`${name}:1`, `${name}:2`]);
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    expect((step.outputs as { deployment: unknown }).deployment).toMatchObject({ endpoint: ep, number: 2, strategy: 'shadow', model: name, version: 1 });
    const shown = await getEndpointView(h.svc, ep);
    expect(shown.history.map((x) => `${x.number}:${x.strategy}:${x.status}`)).toEqual(['2:shadow:active', '1:replace:superseded']);
    expect(shown.current!.variants.map((v) => [v.name, v.role, v.weight])).toEqual([[`${stable}-v1`, 'primary', 100], [`${name}-v1`, 'shadow', 10]]);
    // The rollout ran once: each of its steps recorded once.
    expect((await listDeploymentEvents(h.database.db, shown.current!.id)).map((e) => e.kind)).toEqual(['started', 'checked', 'weights', 'succeeded']);
  }, 180_000);

  it('refuses a split naming a version the registry lacks: the step fails with one sentence, nothing deployed', async () => {
    const ep = await servingStable('pipe-split');
    const name = unique('rollout-split');
    const run = await start(pipeline(name, `{ endpoint: ${ep}, strategy: split, split: { variants: [{ model: "${stable}@9", weight: 30 }] }, sticky: { header: x-user } }`));
    const { view } = await finished(run);
    expect(view.status).toBe('failed');
    expect(view.steps.find((s) => s.stepId === 'deploy')).toMatchObject({ status: 'failed', attempt: 1, error: `split names ${stable}@9, and the registry has no such version` });
    expect((await getEndpointView(h.svc, ep)).history.map((x) => `${x.number}:${x.status}`)).toEqual(['1:active']);
  }, 180_000);
});
