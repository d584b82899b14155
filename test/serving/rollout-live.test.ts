// The whole loop of a canary with nothing recorded by hand: a real predict server answers live traffic and flushes
// its serving windows, the deploymentRollout workflow (real Temporal dev server and worker) judges the canary from
// them. A canary whose variant answers errors (injected faults, as an operator rehearses a rollback) is rolled back
// by the rollout itself while callers keep being answered; a healthy canary advances to all the traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeploymentEvents } from '../../server/db/repo/deployment-events';
import { getDeployments, getEndpoint } from '../../server/db/repo/endpoints';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import { deploy } from '../../server/services/endpoints';
import type { RolloutResult } from '../../server/temporal/contract';
import { startHarness, type Harness } from '../helpers/harness';
import { registerLogistic } from './server-fixtures';

const ROW = { a: 1.5, b: 2, c: true };

describe('a canary judged from a real predict server', () => {
  let h: Harness;
  let server: PredictServer;
  const model = `live-${process.pid}-${Date.now().toString(36)}`;

  beforeAll(async () => {
    h = await startHarness();
    await registerLogistic(h.database.db, h.store, model, [1, 2, 3]);
    server = await startPredictServer({
      db: h.database.db, artifacts: h.store, port: 0, threads: 1, predictionLog: false, statsIntervalMs: 200,
      follow: { pollMs: 100 },
      // Version 2 of the model is the bad canary: a third of its answers fail.
      faults: { [`${model}-v2`]: { errorRate: 0.3 } },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await h?.stop();
  });

  /** Calls the endpoint until `until` settles, a few callers at once; counts answers by status and variant. */
  async function traffic<T>(endpoint: string, until: Promise<T>): Promise<{ result: T; answers: Map<string, number> }> {
    const answers = new Map<string, number>();
    let done = false;
    const result = until.finally(() => { done = true; });
    const caller = async () => {
      while (!done) {
        const res = await fetch(`${server.url}/v1/endpoints/${endpoint}/predict`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [ROW] }),
        });
        await res.arrayBuffer();
        const key = `${res.status} ${res.headers.get('x-headrace-variant') ?? '-'}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
    };
    await Promise.all([result, caller(), caller(), caller()]);
    return { result: await result, answers };
  }

  const canary = (endpoint: string, version: number) => ({
    endpoint, model: `${model}@${version}`, strategy: 'canary' as const, actor: 'ann',
    canary: { steps: [30, 100], interval: '2s', maxErrorRate: 0.05, maxLatencyP99Ms: 1000, minRequests: 20 },
  });

  it('rolls a failing canary back by itself and keeps answering; a healthy one takes all the traffic', async () => {
    const endpoint = `live-canary-${process.pid}`;
    const stable = await deploy(h.svc, { endpoint, model: `${model}@1`, strategy: 'replace', actor: 'ann' });
    // The server serves version 1 before the rollout starts.
    await expect.poll(async () => (await fetch(`${server.url}/v1/endpoints/${endpoint}/predict`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [ROW] }),
    })).status, { timeout: 10_000 }).toBe(200);

    const bad = await deploy(h.svc, canary(endpoint, 2));
    const failed = await traffic(endpoint, h.client.workflow.getHandle(bad.workflowId!).result() as Promise<RolloutResult>);
    expect(failed.result.status).toBe('rolled_back');
    expect(failed.result.message).toMatch(/error rate .* is above maxErrorRate 5%/);
    // Only the canary's share failed, and only with its injected fault; the stable version answered the rest.
    const statuses = [...failed.answers.keys()];
    expect(statuses.filter((k) => !k.startsWith('200 ')).every((k) => k === `500 ${model}-v2`), statuses.join(', ')).toBe(true);
    expect(failed.answers.get(`200 ${model}-v1`)).toBeGreaterThan(0);
    expect(failed.answers.get(`500 ${model}-v2`)).toBeGreaterThan(0);
    const kinds = (await listDeploymentEvents(h.database.db, bad.id)).map((e) => e.kind);
    expect(kinds).toContain('watch');
    expect(kinds[kinds.length - 1]).toBe('rollback');
    const e = (await getEndpoint(h.database.db, endpoint))!;
    const [now] = await getDeployments(h.database.db, [e.currentDeploymentId!]);
    // The rollback is a deployment of its own restoring the stable one's variants, made by the rollout.
    expect(now).toMatchObject({ rollbackOf: bad.id, actor: 'rollout', status: 'active', variants: [{ name: `${model}-v1`, weight: 100, role: 'primary' }] });
    expect(now.number).toBe(stable.number + 2);

    const good = await deploy(h.svc, canary(endpoint, 3));
    const passed = await traffic(endpoint, h.client.workflow.getHandle(good.workflowId!).result() as Promise<RolloutResult>);
    expect(passed.result.status).toBe('active');
    expect([...passed.answers.keys()].every((k) => k.startsWith('200 '))).toBe(true);
    expect(passed.answers.get(`200 ${model}-v3`)).toBeGreaterThan(0);
    const [after] = await getDeployments(h.database.db, [(await getEndpoint(h.database.db, endpoint))!.currentDeploymentId!]);
    expect(after).toMatchObject({ id: good.id, status: 'active', variants: [{ name: `${model}-v3`, role: 'primary', weight: 100 }] });
  }, 120_000);
});
