// Every deployment as a durable Temporal workflow (deploymentRollout), on PGlite and on PostgreSQL, with a real
// Temporal dev server, a real worker and real ONNX models: replace through the workflow (and a version whose file
// fails the check), a canary advancing through its steps on good windows and rolling back by itself on a too-high
// error rate and on a too-high p99, split and shadow setting their variants, promote, and a rollback aborting a
// canary. The canary is judged from serving windows recorded here for its deployment, as predict servers record them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listDeploymentEvents } from '../../server/db/repo/deployment-events';
import { getDeployments, getEndpoint } from '../../server/db/repo/endpoints';
import { registerModelVersion } from '../../server/db/repo/registry';
import { emptyLatencyCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { deploy, getEndpointView, promote, rollback, rolloutEvents } from '../../server/services/endpoints';
import { ServiceError } from '../../server/services/errors';
import { rolloutProgressQuery, type RolloutProgress, type RolloutResult } from '../../server/temporal/contract';
import { judgeCanary } from '../../workers/activities/rollout';
import { startHarness, type Harness } from '../helpers/harness';
import { FEATURES, logisticBytes, registerLogistic } from './server-fixtures';

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
];

let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;

describe('the canary rule', () => {
  const bounds = { maxErrorRate: 0.01, maxLatencyP99Ms: 50, minRequests: 100 };
  const side = (requests: number, errorRate: number, p99Ms: number | null) => ({ requests, errorRate, p99Ms });

  it('holds with too few canary requests, whatever they show', () => {
    expect(judgeCanary(bounds, side(99, 0.5, 900), side(1000, 0, 2))).toMatchObject({ decision: 'hold' });
    expect(judgeCanary(bounds, side(100, 0, 2), side(0, 0, null))).toMatchObject({ decision: 'advance' });
  });

  it('passes a canary within its bounds, or no worse than the stable version with enough requests of its own', () => {
    expect(judgeCanary(bounds, side(100, 0.01, 50), side(1000, 0, 2)).decision).toBe('advance');
    // The whole endpoint errs: the canary is not blamed for matching the stable version.
    expect(judgeCanary(bounds, side(100, 0.2, 5), side(1000, 0.25, 5)).decision).toBe('advance');
    expect(judgeCanary(bounds, side(100, 0.2, 5), side(50, 0.25, 5))).toEqual({
      decision: 'rollback', reason: "the canary's error rate 20% is above maxErrorRate 1%",
    });
    expect(judgeCanary(bounds, side(100, 0, 75), side(1000, 0, 100)).decision).toBe('advance');
    expect(judgeCanary(bounds, side(100, 0, 75), side(1000, 0, 20))).toEqual({
      decision: 'rollback', reason: "the canary's p99 latency 75 ms is above maxLatencyP99 50 ms and the stable version's 20 ms",
    });
  });
});

describe.each(backends)('rollouts on %s', (_name, url) => {
  let h: Harness;
  let model: string;

  beforeAll(async () => {
    h = await startHarness({ databaseUrl: url() });
    model = unique('roll');
    await registerLogistic(h.database.db, h.store, model, [1, 2, 3]);
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const svc = () => h.svc;
  const handle = (workflowId: string) => h.client.workflow.getHandle(workflowId);
  const events = async (deploymentId: string) => (await listDeploymentEvents(h.database.db, deploymentId)).map((e) => e.kind);
  const current = async (endpoint: string) => {
    const e = (await getEndpoint(h.database.db, endpoint))!;
    return (await getDeployments(h.database.db, [e.currentDeploymentId!]))[0];
  };

  /** Records one window of `requests` per variant of the deployment, ending now, as a predict server would. */
  async function window(endpoint: string, deploymentId: string, rows: Array<{ variant: string; role: 'primary' | 'canary'; requests: number; errors: number; latencyMs: number }>) {
    const end = new Date();
    await recordServingWindows(h.database.db, rows.map((r) => {
      const counts = emptyLatencyCounts();
      counts[latencyBucket(r.latencyMs)] = r.requests;
      return {
        endpoint, deploymentId, variant: r.variant, role: r.role, modelVersionId: null, server: 'test:1',
        windowStart: new Date(end.getTime() - 500), windowEnd: end, requests: r.requests, errors: r.errors,
        latencyCounts: counts, latencySumMs: r.latencyMs * r.requests,
      };
    }));
  }

  /**
   * Drives a canary to its end: each time the workflow starts watching a new window, records the canary's and
   * the stable version's traffic for it (`canary(weight)` says what the canary saw). Returns the rollout's result.
   */
  async function watchCanary(endpoint: string, workflowId: string, deploymentId: string, canary: (weight: number) => { errors: number; latencyMs: number }) {
    const wf = handle(workflowId);
    let seen = 0;
    const rounds: number[] = [];
    for (;;) {
      const p: RolloutProgress = await wf.query(rolloutProgressQuery);
      if (p.phase === 'done') break;
      if (p.phase === 'watching' && p.round > seen) {
        seen = p.round;
        const weight = p.steps[p.step];
        rounds.push(weight);
        const c = canary(weight);
        await window(endpoint, deploymentId, [
          { variant: `${model}-v1`, role: 'primary', requests: 100, errors: 0, latencyMs: 2 },
          { variant: `${model}-v2`, role: 'canary', requests: 50, errors: c.errors, latencyMs: c.latencyMs },
        ]);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return { result: (await wf.result()) as RolloutResult, rounds };
  }

  const canaryInput = (endpoint: string, interval = '2s') => ({
    endpoint, model: `${model}@2`, strategy: 'canary' as const, actor: 'ann',
    canary: { steps: [10, 50, 100], interval, maxErrorRate: 0.05, maxLatencyP99Ms: 50, minRequests: 20 },
  });

  it('replace goes through the workflow: pending, checked, active, each step recorded once', async () => {
    const ep = unique('replace');
    const d = await deploy(svc(), { endpoint: ep, model: `${model}@1`, strategy: 'replace', actor: 'ann' });
    expect(d).toMatchObject({ number: 1, strategy: 'replace', status: 'active', workflowId: `headrace-deploy-${d.id}`, endpointCreated: true });
    expect(d.variants).toEqual([expect.objectContaining({ name: `${model}-v1`, role: 'primary', weight: 100, version: 1 })]);
    expect(await events(d.id)).toEqual(['started', 'checked', 'weights', 'succeeded']);
    expect((await current(ep)).id).toBe(d.id);
    expect(await handle(d.workflowId!).result()).toMatchObject({ status: 'active' });
    const shown = await rolloutEvents(svc(), ep);
    expect(shown.deployment).toMatchObject({ id: d.id, status: 'active' });
    expect(shown.events[1].message).toBe(`checked ${model}@1: the ONNX file opens, matches its signature and answers`);
  });

  it('a version whose ONNX file disagrees with its signature fails its check and takes no traffic', async () => {
    const ep = unique('broken');
    await deploy(svc(), { endpoint: ep, model: `${model}@1`, strategy: 'replace', actor: 'ann' });
    const bad = unique('bad');
    const { bytes, schema } = logisticBytes(9);
    const put = await h.store.put(bytes, '.onnx');
    await registerModelVersion(h.database.db, {
      name: bad, artifactUri: put.uri, artifactHash: put.hash, stage: 'staging',
      signature: { ...schema.signature, input: 'inputs' }, trainingDatasets: [], metrics: {}, tags: {}, lineage: {}, features: FEATURES,
    });
    const err = await deploy(svc(), { endpoint: ep, model: `${bad}@1`, strategy: 'replace', actor: 'ann' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).message).toBe(`deployment #2 of ${ep} failed its check: ${bad}@1: the ONNX model's inputs are features, the registry's signature says inputs`);
    const view = await getEndpointView(svc(), ep);
    expect(view.history.map((x) => `${x.number}:${x.status}`)).toEqual(['2:failed', '1:active']);
    expect(view.current?.number).toBe(1);
  });

  it('a canary advances through its steps while its windows are good, then takes all the traffic', async () => {
    const ep = unique('canary-ok');
    await deploy(svc(), { endpoint: ep, model: `${model}@1`, strategy: 'replace', actor: 'ann' });
    const d = await deploy(svc(), canaryInput(ep));
    expect(d).toMatchObject({ number: 2, strategy: 'canary', config: { canary: { steps: [10, 50, 100], intervalMs: 2000, minRequests: 20, maxHolds: 3 } } });
    const { result, rounds } = await watchCanary(ep, d.workflowId!, d.id, () => ({ errors: 1, latencyMs: 5 }));
    expect(result.status).toBe('active');
    // Each step was judged at least once (a window the test recorded too late is held and judged again).
    expect([...new Set(rounds)]).toEqual([10, 50, 100]);
    const now = await current(ep);
    expect(now).toMatchObject({ id: d.id, status: 'active', variants: [{ name: `${model}-v2`, role: 'primary', weight: 100 }] });
    const rows = await listDeploymentEvents(h.database.db, d.id);
    const weights = rows.filter((r) => r.kind === 'weights').map((r) => r.details.weights);
    expect(weights).toEqual([
      { [`${model}-v1`]: 90, [`${model}-v2`]: 10 },
      { [`${model}-v1`]: 50, [`${model}-v2`]: 50 },
      { [`${model}-v1`]: 0, [`${model}-v2`]: 100 },
    ]);
    expect(rows.filter((r) => r.kind === 'watch').map((r) => r.details.decision).filter((x) => x === 'advance')).toHaveLength(3);
    expect(rows.map((r) => r.kind).slice(-2)).toEqual(['advance', 'succeeded']);
    // The stable deployment was superseded when the canary first took traffic; no step was recorded twice.
    expect((await getEndpointView(svc(), ep)).history.map((x) => `${x.number}:${x.status}`)).toEqual(['2:active', '1:superseded']);
    const keys = rows.map((r) => r.details.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a canary whose error rate is too high is rolled back by the rollout itself', async () => {
    const ep = unique('canary-err');
    await deploy(svc(), { endpoint: ep, model: `${model}@1`, strategy: 'replace', actor: 'ann' });
    const d = await deploy(svc(), canaryInput(ep));
    const { result } = await watchCanary(ep, d.workflowId!, d.id, () => ({ errors: 15, latencyMs: 5 }));
    expect(result.status).toBe('rolled_back');
    expect(result.message).toBe(`the rollout rolled back deployment #2 of ${ep} at 10%: the canary's error rate 30% is above maxErrorRate 5% and the stable version's 0%`);
    const now = await current(ep);
    expect(now).toMatchObject({ number: 3, rollbackOf: d.id, actor: 'rollout', status: 'active', variants: [{ name: `${model}-v1`, weight: 100, role: 'primary' }] });
    expect((await getEndpointView(svc(), ep)).history.map((x) => `${x.number}:${x.status}`)).toEqual(['3:active', '2:rolled_back', '1:superseded']);
    expect((await events(d.id)).slice(-2)).toEqual(['watch', 'rollback']);
  });

  it('a canary whose p99 latency is too high is rolled back by the rollout itself', async () => {
    const ep = unique('canary-p99');
    await deploy(svc(), { endpoint: ep, model: `${model}@1`, strategy: 'replace', actor: 'ann' });
    const d = await deploy(svc(), canaryInput(ep));
    // Good at 10 %, slow from 50 %.
    const { result } = await watchCanary(ep, d.workflowId!, d.id, (w) => ({ errors: 0, latencyMs: w >= 50 ? 180 : 4 }));
    expect(result.status).toBe('rolled_back');
    expect(result.message).toBe(`the rollout rolled back deployment #2 of ${ep} at 50%: the canary's p99 latency 200 ms is above maxLatencyP99 50 ms and the stable version's 2 ms`);
    expect((await current(ep)).variants).toEqual([expect.objectContaining({ name: `${model}-v1`, weight: 100 })]);
  });

  it('split sets n weighted variants with a sticky key; shadow adds the challenger; promote ends them', async () => {
    const ep = unique('split');
    const s = await deploy(svc(), {
      endpoint: ep, model: `${model}@1`, strategy: 'split', actor: 'ann', variants: [{ model: `${model}@2`, weight: 30 }, { model: `${model}@3`, weight: 20 }],
      sticky: { header: 'x-user' }, wait: true,
    });
    expect(s).toMatchObject({ status: 'active', strategy: 'split', config: { sticky: { header: 'x-user' } } });
    expect(s.variants.map((v) => [v.name, v.role, v.weight])).toEqual([[`${model}-v1`, 'primary', 50], [`${model}-v2`, 'primary', 30], [`${model}-v3`, 'primary', 20]]);
    const won = await promote(svc(), { endpoint: ep, variant: `${model}-v2`, actor: 'bob' });
    expect(won).toMatchObject({ number: 2, strategy: 'replace', status: 'active', reason: `promote variant ${model}-v2 of deployment #1` });
    expect(won.variants.map((v) => [v.name, v.weight])).toEqual([[`${model}-v2`, 100]]);

    const sh = await deploy(svc(), { endpoint: ep, model: `${model}@3`, strategy: 'shadow', sample: 10, actor: 'ann', wait: true });
    expect(sh).toMatchObject({ status: 'active', strategy: 'shadow' });
    expect(sh.variants.map((v) => [v.name, v.role, v.weight])).toEqual([[`${model}-v2`, 'primary', 100], [`${model}-v3`, 'shadow', 10]]);
    const challenger = await promote(svc(), { endpoint: ep, variant: `${model}-v3`, actor: 'bob', reason: 'agrees 99%' });
    expect(challenger).toMatchObject({ number: 4, strategy: 'replace', reason: 'agrees 99%' });
    expect(challenger.variants.map((v) => [v.name, v.role, v.weight])).toEqual([[`${model}-v3`, 'primary', 100]]);
  });

  it('promote finishes a canary early; rollback aborts one, each cutting its timer short', async () => {
    const ep = unique('canary-cut');
    await deploy(svc(), { endpoint: ep, model: `${model}@1`, strategy: 'replace', actor: 'ann' });
    const early = await deploy(svc(), canaryInput(ep, '1h'));
    await waitWatching(early.workflowId!);
    const promoted = await promote(svc(), { endpoint: ep, variant: `${model}-v2`, actor: 'bob', reason: 'looks right' });
    expect(promoted).toMatchObject({ id: early.id, status: 'active', variants: [expect.objectContaining({ name: `${model}-v2`, weight: 100, role: 'primary' })] });
    expect((await events(early.id)).slice(-2)).toEqual(['promote', 'succeeded']);

    const refused = await deploy(svc(), { endpoint: ep, model: `${model}@3`, strategy: 'canary', actor: 'ann', canary: { interval: '1h' } });
    await waitWatching(refused.workflowId!);
    // One rollout at a time per endpoint.
    const busy = await deploy(svc(), { endpoint: ep, model: `${model}@1`, strategy: 'replace', actor: 'ann' }).then(() => undefined, (e: unknown) => e);
    expect((busy as ServiceError).message).toBe(`endpoint ${ep} is rolling out deployment #3 (canary, rolling): wait for it, promote it or roll it back first`);
    const back = await rollback(svc(), { endpoint: ep, actor: 'carl', reason: 'not today' });
    expect(back).toMatchObject({ number: 4, undone: 3, restored: 2, actor: 'carl', reason: 'not today', status: 'active' });
    expect(back.variants.map((v) => [v.name, v.weight])).toEqual([[`${model}-v2`, 100]]);
    expect(await handle(refused.workflowId!).result()).toMatchObject({ status: 'rolled_back', message: 'not today' });
    expect((await getEndpointView(svc(), ep)).history.map((x) => `${x.number}:${x.status}`)).toEqual(['4:active', '3:rolled_back', '2:superseded', '1:superseded']);
  });

  it('a rollout workflow cancelled as such (not rolled back) puts the traffic back before it ends', async () => {
    const ep = unique('canary-cancel');
    await deploy(svc(), { endpoint: ep, model: `${model}@1`, strategy: 'replace', actor: 'ann' });
    const cancelled = await deploy(svc(), canaryInput(ep, '1h'));
    await waitWatching(cancelled.workflowId!);
    await handle(cancelled.workflowId!).cancel();
    await expect(handle(cancelled.workflowId!).result()).rejects.toThrow();
    expect((await events(cancelled.id)).slice(-1)).toEqual(['rollback']);
    expect((await getEndpointView(svc(), ep)).history.map((x) => `${x.number}:${x.status}`)).toEqual(['3:active', '2:rolled_back', '1:superseded']);
    expect((await current(ep)).variants.map((v) => [v.name, v.weight])).toEqual([[`${model}-v1`, 100]]);
  });

  async function waitWatching(workflowId: string) {
    for (;;) {
      const p: RolloutProgress = await handle(workflowId).query(rolloutProgressQuery);
      if (p.phase === 'watching') return p;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
});
