// deploy.lifecycle in real Temporal runs, on PostgreSQL (lifecycle-live.test.ts and the drift example's end-to-end
// test run it on PGlite), with real ONNX models trained by the
// penguins pipeline: a champion (trained by the pipeline, deployed, then moved to production) serves an endpoint;
// a candidate pipeline ends with a deploy.lifecycle step. A better candidate goes gate → shadow → approval →
// canary → production; a worse one is stopped at the gate with nothing deployed; one whose canary regresses is
// rolled back, the endpoint serves the champion again and a `lifecycle` alert is raised; an approval nobody gives
// ends it rejected; a shadow that disagrees is removed; cancelling the run leaves the endpoint as it was. Serving
// windows are recorded as predict servers record them, each time the rollout watches (lifecycle-live.test.ts has a
// real predict server). The histories replay against the workflow code, as a restarted worker replays them.
import { workflowBundleDir } from '../../server/temporal/cli-binary';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog } from '../../server/db/schema';
import { getDeployments, getEndpoint } from '../../server/db/repo/endpoints';
import { listAlerts } from '../../server/db/repo/monitors';
import { getModelVersion, setStage } from '../../server/db/repo/registry';
import { getRun } from '../../server/db/repo/runs';
import { emptyLatencyCounts, emptyShadowCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { decideApproval } from '../../server/services/approvals';
import { getEndpointView } from '../../server/services/endpoints';
import { startRun } from '../../server/services/runs';
import {
  childWorkflowId, lifecycleProgressQuery, rolloutProgressQuery, runWorkflowId, statusQuery,
  type LifecycleProgress, type RolloutProgress, type RunStatusView,
} from '../../server/temporal/contract';
import { workflowBundle } from '../../workers/bundle';
import { startHarness, type Harness } from '../helpers/harness';
import { endpointStep, penguinsDir, penguinsVariant } from './penguins-variant';

let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36)}-${n++}`;

/** The penguins pipeline as `name`, gate at 0 so a weak model registers too, ending with `deploy`. */
const pipeline = (name: string, strong: boolean, deploy: string) => penguinsVariant(name, { deploy, weak: !strong, noGate: true });

const lifecycleStep = (settings: string) => `  deploy:\n    uses: deploy.lifecycle\n    in: { version: register.version, test: split.test }\n    with:\n${settings}`;

describe.each([
  ['PostgreSQL', () => inject('postgresUrl')],
])('deploy.lifecycle on %s', (_label, url) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      databaseUrl: url(),
      // For an endpoint named "ep-good-…", each decision's first attempt records it, then fails (a lost completion).
      activities: (base) => ({
        ...base,
        async lifecycleDecision(input: Parameters<typeof base.lifecycleDecision>[0]) {
          await base.lifecycleDecision(input);
          if (input.endpoint.startsWith('ep-good-') && Context.current().info.attempt === 1) throw new Error('transient: the completion was lost');
        },
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  async function finished(run: { id: string; workflowId: string }) {
    const outcome = await h.client.workflow.getHandle(run.workflowId).result().then(() => undefined, (e: unknown) => e);
    return { outcome, view: (await getRun(h.database.db, run.id))! };
  }

  /** A champion: version 1 of `name`, trained by the pipeline, serving `endpoint`, then moved to production. */
  async function champion(name: string, endpoint: string, strong: boolean) {
    const run = await startRun(h.svc, { source: pipeline(name, strong, endpointStep(endpoint)), baseDir: penguinsDir, author: 'ann' });
    const { view } = await finished(run);
    expect(view.status).toBe('succeeded');
    const v = (await getModelVersion(h.database.db, name, 1))!;
    await setStage(h.database.db, { modelId: v.modelId, versionId: v.id, from: 'staging', to: 'production', reason: 'the champion', actor: 'admin' });
  }

  function candidate(name: string, strong: boolean, settings: string) {
    return startRun(h.svc, { source: pipeline(name, strong, lifecycleStep(settings)), baseDir: penguinsDir, author: 'ann' });
  }

  const lifecycleOf = (run: { id: string }) => h.client.workflow.getHandle(childWorkflowId(runWorkflowId(run.id), 'deploy'));

  /** Polls the lifecycle's progress until `ok` holds. */
  async function until(run: { id: string }, ok: (p: LifecycleProgress) => boolean): Promise<LifecycleProgress> {
    for (;;) {
      const p = await lifecycleOf(run).query(lifecycleProgressQuery).catch(() => undefined);
      if (p && ok(p)) return p;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const counts = (requests: number) => {
    const c = emptyLatencyCounts();
    c[latencyBucket(4)] = requests;
    return c;
  };

  /** Records a serving window of the canary and the stable version each time the canary's rollout watches a new one. */
  async function watchCanary(endpoint: string, rolloutId: string, stable: string, canary: string, errors: number) {
    const wf = h.client.workflow.getHandle(rolloutId);
    const [d] = await getDeployments(h.database.db, [rolloutId.replace('headrace-deploy-', '')]);
    let seen = 0;
    for (;;) {
      const p: RolloutProgress = await wf.query(rolloutProgressQuery);
      if (p.phase === 'done') return p;
      if (p.phase === 'watching' && p.round > seen) {
        seen = p.round;
        const end = new Date();
        await recordServingWindows(h.database.db, ([[stable, 'primary', 0], [canary, 'canary', errors]] as const).map(([variant, role, errs]) => ({
          endpoint, deploymentId: d.id, variant, role, modelVersionId: null, server: 'test:1',
          windowStart: new Date(end.getTime() - 500), windowEnd: end, requests: 40, errors: errs, latencyCounts: counts(40), latencySumMs: 160,
        })));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** A serving window of the shadow: `agreed` of `compared` copies answered as the champion did. */
  async function shadowWindow(endpoint: string, deploymentId: string, variant: string, compared: number, agreed: number) {
    const end = new Date();
    await recordServingWindows(h.database.db, [{
      endpoint, deploymentId, variant, role: 'shadow', modelVersionId: null, server: 'test:1',
      windowStart: new Date(end.getTime() - 500), windowEnd: end, requests: compared, errors: 0, latencyCounts: counts(compared), latencySumMs: 4 * compared,
      shadow: { ...emptyShadowCounts(), compared, agreed, rows: compared },
    }]);
  }

  /** What the endpoint serves now, as [variant, role, weight]. */
  const serving = async (endpoint: string) => (await getEndpointView(h.svc, endpoint)).current!.variants.map((v) => [v.name, v.role, v.weight]);

  const canary = '      canary: { steps: [50, 100], interval: 2s, maxErrorRate: 0.05, maxLatencyP99: 50, minRequests: 20 }\n';

  async function auditOf(endpoint: string) {
    const rows = await h.database.db.select().from(auditLog).orderBy(asc(auditLog.id));
    return rows.filter((r) => r.target === endpoint && r.action.startsWith('lifecycle.')).map((r) => `${r.action}:${r.outcome}`);
  }

  it('takes a better candidate through gate, shadow, approval and canary to production', async () => {
    const name = unique('life-good');
    const ep = unique('ep-good');
    await champion(name, ep, false);
    const run = await candidate(name, true, `      endpoint: ${ep}\n      gate: { accuracy: ">= baseline + 0.05" }\n` +
      '      shadow: { requests: 40, for: 5m, interval: 1s, minAgreement: 0.8 }\n      approve: { timeout: 1h }\n' + canary);

    // The shadow is active: the predict server reports its comparisons (38 of 40 agree).
    const shadowing = await until(run, (p) => p.shadowing !== undefined);
    expect(shadowing.timeline[0]).toMatchObject({ stage: 'gate', decision: expect.stringMatching(/^passed: candidate accuracy (1|0\.\d{4}) meets >= baseline 0\.\d{4} \+ 0\.05 = (1|0\.\d{4})$/) });
    const shadowDeployment = shadowing.shadowing!.deploymentId;
    expect((await getEndpoint(h.database.db, ep))!.currentDeploymentId).toBe(shadowDeployment);
    await shadowWindow(ep, shadowDeployment, `${name}-v2`, 40, 38);

    // The approval waits in the run as an `approve` step's does, and is decided the same way.
    await until(run, (p) => p.stage === 'approve');
    for (;;) {
      const status: RunStatusView = await h.client.workflow.getHandle(run.workflowId).query(statusQuery);
      if (status.steps.deploy.state === 'waiting') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The step's row waits as an `approve` row does (the run page offers Approve and Reject on it).
    await expect.poll(async () => (await getRun(h.database.db, run.id))!.steps.find((s) => s.stepId === 'deploy'), { timeout: 10_000 })
      .toMatchObject({ status: 'waiting', summary: { approvers: ['editor', 'admin'] } });
    await expect(decideApproval(h.svc, { runId: run.id, stepId: 'deploy', approved: true, reason: 'the shadow agrees', actor: 'carl', role: 'editor' }))
      .resolves.toMatchObject({ approved: true, actor: 'carl' });

    const rolling = await until(run, (p) => p.stage === 'canary' && p.rollout !== undefined);
    expect(await watchCanary(ep, rolling.rollout!, `${name}-v1`, `${name}-v2`, 0)).toMatchObject({ result: { status: 'active' } });

    const { outcome, view } = await finished(run);
    expect(outcome).toBeUndefined();
    expect(view.status).toBe('succeeded');
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    expect(step).toMatchObject({ status: 'succeeded', kind: 'deploy.lifecycle' });
    const timeline = (step.summary as { timeline: Array<{ stage: string; decision: string; evidence: Record<string, unknown> }> }).timeline;
    expect(timeline.map((e) => e.stage)).toEqual(['gate', 'shadow', 'approve', 'canary', 'promote']);
    expect(timeline[1]).toMatchObject({ decision: 'passed: agreement 95.0% over 40 compared requests (minAgreement 80.0%)', evidence: { report: { compared: 40, agreed: 38, agreement: 0.95 } } });
    expect(timeline[2].decision).toBe('approved by carl: the shadow agrees');
    expect(timeline[0].evidence).toMatchObject({ candidate: { version: `${name}@2` }, baseline: { version: `${name}@1` } });

    expect((await getModelVersion(h.database.db, name, 2))!.stage).toBe('production');
    expect((await getModelVersion(h.database.db, name, 1))!.stage).toBe('archived');
    const shown = await getEndpointView(h.svc, ep);
    expect(shown.current!.variants.map((v) => [v.name, v.role, v.weight])).toEqual([[`${name}-v2`, 'primary', 100]]);
    expect((step.outputs as { deployment: { number: number } }).deployment.number).toBe(shown.current!.number);
    // Each decision's first attempt failed after recording it: recorded once all the same.
    expect(await auditOf(ep)).toEqual(['lifecycle.gate:ok', 'lifecycle.shadow:ok', 'lifecycle.approve:ok', 'lifecycle.canary:ok', 'lifecycle.promote:ok']);

    // A worker that restarts anywhere in between replays these histories: they replay against the workflow code
    // without a nondeterminism error (the run, with its approval forwarded, and the lifecycle, with its timers).
    const bundle = await workflowBundle(workflowBundleDir());
    for (const id of [run.workflowId, lifecycleOf(run).workflowId]) {
      const history = await h.client.workflow.getHandle(id).fetchHistory();
      await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, id)).resolves.toBeUndefined();
    }
  }, 240_000);

  it('stops a worse candidate at the gate, naming both figures; nothing is deployed', async () => {
    const name = unique('life-worse');
    const ep = unique('ep-worse');
    await champion(name, ep, true);
    const run = await candidate(name, false, `      endpoint: ${ep}\n      shadow: { requests: 10 }\n` + canary);
    const { outcome, view } = await finished(run);
    expect(outcome).toBeDefined();
    expect(view.status).toBe('failed');
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    expect(step.status).toBe('failed');
    const [gate] = (step.summary as { timeline: Array<{ stage: string; evidence: { candidate: { metrics: { accuracy: number } }; baseline: { metrics: { accuracy: number } } } }> }).timeline;
    expect(gate.stage).toBe('gate');
    const [mine, theirs] = [gate.evidence.candidate.metrics.accuracy, gate.evidence.baseline.metrics.accuracy];
    expect(mine).toBeLessThan(theirs);
    const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
    expect(step.error).toBe(`stopped at the gate: candidate accuracy ${fmt(mine)} does not meet >= baseline ${fmt(theirs)}`);
    expect((step.summary as { timeline: unknown[] }).timeline).toHaveLength(1);
    expect((await getEndpointView(h.svc, ep)).history.map((x) => `${x.number}:${x.status}`)).toEqual(['1:active']);
    expect((await getModelVersion(h.database.db, name, 2))!.stage).toBe('staging');
    expect(await auditOf(ep)).toEqual(['lifecycle.gate:error']);
  }, 240_000);

  it('rolls a candidate whose canary regresses back: the endpoint serves the champion, a lifecycle alert is raised', async () => {
    const name = unique('life-regress');
    const ep = unique('ep-regress');
    await champion(name, ep, false);
    const run = await candidate(name, true, `      endpoint: ${ep}\n` + canary);
    const rolling = await until(run, (p) => p.stage === 'canary' && p.rollout !== undefined);
    expect(await watchCanary(ep, rolling.rollout!, `${name}-v1`, `${name}-v2`, 20)).toMatchObject({ result: { status: 'rolled_back' } });

    const { view } = await finished(run);
    expect(view.status).toBe('failed');
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    expect(step.error).toMatch(/^rolled back in canary: the rollout rolled back deployment #2 of .* at 50%: the canary's error rate 50% is above maxErrorRate 5%/);
    const shown = await getEndpointView(h.svc, ep);
    expect(shown.current!.variants.map((v) => [v.name, v.role, v.weight])).toEqual([[`${name}-v1`, 'primary', 100]]);
    expect((await getModelVersion(h.database.db, name, 2))!.stage).toBe('staging');
    expect((await getModelVersion(h.database.db, name, 1))!.stage).toBe('production');
    const alerts = await listAlerts(h.database.db, ep);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'lifecycle', severity: 'critical', dedupKey: `lifecycle:${ep}:${run.id}:deploy` });
    expect(alerts[0].message).toContain(`${name}@2 rolled back in canary`);
    expect(await auditOf(ep)).toEqual(['lifecycle.gate:ok', 'lifecycle.canary:error']);
  }, 240_000);

  it('ends rejected when nobody approves before the timeout; nothing is deployed', async () => {
    const name = unique('life-timeout');
    const ep = unique('ep-timeout');
    await champion(name, ep, false);
    const run = await candidate(name, true, `      endpoint: ${ep}\n      approve: { timeout: 2s }\n` + canary);
    const { view } = await finished(run);
    expect(view.status).toBe('failed');
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    expect(step).toMatchObject({ status: 'failed', error: 'rejected by timeout: no decision within 2s' });
    expect((step.summary as { timeline: Array<{ stage: string }> }).timeline.map((e) => e.stage)).toEqual(['gate', 'approve']);
    expect((await getEndpointView(h.svc, ep)).history.map((x) => `${x.number}:${x.status}`)).toEqual(['1:active']);
    expect(await auditOf(ep)).toEqual(['lifecycle.gate:ok', 'lifecycle.approve:error']);
  }, 240_000);
  it('removes a shadow whose agreement is too low and fails the step with the figures', async () => {
    const name = unique('life-disagree');
    const ep = unique('ep-disagree');
    await champion(name, ep, false);
    const run = await candidate(name, true, `      endpoint: ${ep}\n      shadow: { requests: 40, interval: 1s, minAgreement: 0.9 }\n` + canary);
    const p = await until(run, (x) => x.shadowing !== undefined);
    expect(await serving(ep)).toEqual([[`${name}-v1`, 'primary', 100], [`${name}-v2`, 'shadow', 100]]);
    await shadowWindow(ep, p.shadowing!.deploymentId, `${name}-v2`, 40, 20);
    const { view } = await finished(run);
    expect(view.status).toBe('failed');
    expect(view.steps.find((s) => s.stepId === 'deploy')).toMatchObject({
      status: 'failed', error: "stopped in the shadow: the shadow's agreement 50.0% over 40 compared requests is below minAgreement 90.0%",
    });
    expect(await serving(ep)).toEqual([[`${name}-v1`, 'primary', 100]]);
    expect(await auditOf(ep)).toEqual(['lifecycle.gate:ok', 'lifecycle.shadow:error']);
  }, 240_000);

  it('cancelling the run cancels the lifecycle and leaves the endpoint as it was before it', async () => {
    const name = unique('life-cancel');
    const ep = unique('ep-cancel');
    await champion(name, ep, false);
    const run = await candidate(name, true, `      endpoint: ${ep}\n      shadow: { requests: 1000, interval: 1s }\n` + canary);
    await until(run, (x) => x.shadowing !== undefined);
    expect(await serving(ep)).toEqual([[`${name}-v1`, 'primary', 100], [`${name}-v2`, 'shadow', 100]]);
    await h.client.workflow.getHandle(run.workflowId).cancel();
    const { view } = await finished(run);
    expect(view.status).toBe('cancelled');
    expect(view.steps.find((s) => s.stepId === 'deploy')).toMatchObject({ status: 'cancelled' });
    expect(await serving(ep)).toEqual([[`${name}-v1`, 'primary', 100]]);
    expect((await getModelVersion(h.database.db, name, 2))!.stage).toBe('staging');
    expect(await auditOf(ep)).toEqual(['lifecycle.gate:ok', 'lifecycle.cancel:error']);
  }, 240_000);
  it('passes a first version without a champion and, the endpoint serving nothing, deploys it by replace', async () => {
    const name = unique('life-first');
    const ep = unique('ep-first');
    const run = await candidate(name, true, `      endpoint: ${ep}\n      shadow: { requests: 10 }\n` + canary);
    const { outcome, view } = await finished(run);
    expect(outcome).toBeUndefined();
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    const timeline = (step.summary as { timeline: Array<{ stage: string; decision: string }> }).timeline;
    expect(timeline.map((e) => e.stage)).toEqual(['gate', 'canary', 'promote']);
    expect(timeline[0].decision).toMatch(/^passed: no baseline: first version \(candidate accuracy (1|0\.\d{4})\)$/);
    expect(timeline[1].decision).toBe(`skipped: endpoint ${ep} served nothing, so ${name}@1 took it by replace`);
    expect((await getModelVersion(h.database.db, name, 1))!.stage).toBe('production');
    expect(await serving(ep)).toEqual([[`${name}-v1`, 'primary', 100]]);
  }, 240_000);
});
