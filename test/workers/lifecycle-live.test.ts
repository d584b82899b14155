// deploy.lifecycle with nothing recorded by hand: a real predict server answers live traffic to the endpoint,
// copies it to the candidate's shadow and compares the answers, flushes its serving windows; the lifecycle (real
// Temporal dev server and worker) judges the shadow's agreement and the canary from them and promotes the candidate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModelVersion, setStage } from '../../server/db/repo/registry';
import { getRun } from '../../server/db/repo/runs';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import { getEndpointView } from '../../server/services/endpoints';
import { startRun } from '../../server/services/runs';
import { startHarness, type Harness } from '../helpers/harness';
import { endpointStep, penguinsDir, penguinsVariant } from './penguins-variant';

/** A typical Adelie penguin (the first row of the data). */
const ROW = { 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750 };

describe('a lifecycle judged from a real predict server', () => {
  let h: Harness;
  let server: PredictServer;
  const name = `life-live-${process.pid}-${Date.now().toString(36)}`;
  const endpoint = `ep-${name}`;

  beforeAll(async () => {
    h = await startHarness();
    server = await startPredictServer({
      db: h.database.db, artifacts: h.store, port: 0, threads: 1, predictionLog: false, statsIntervalMs: 200, follow: { pollMs: 100 },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await h?.stop();
  });

  /** The penguins pipeline as `name`, trained well or barely (one epoch), gate at 0, ending with `deploy`. */
  const pipeline = (strong: boolean, deploy: string) => penguinsVariant(name, { deploy, weak: !strong, noGate: true });

  async function finished(run: { id: string; workflowId: string }) {
    await h.client.workflow.getHandle(run.workflowId).result().catch(() => undefined);
    return (await getRun(h.database.db, run.id))!;
  }

  const predict = () => fetch(`${server.url}/v1/endpoints/${endpoint}/predict`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [ROW] }),
  });

  it('a better candidate passes its gate, agrees in the shadow, advances through the canary and is promoted', async () => {
    const first = await startRun(h.svc, {
      source: pipeline(false, endpointStep(endpoint)), baseDir: penguinsDir, author: 'ann',
    });
    expect((await finished(first)).status).toBe('succeeded');
    const champion = (await getModelVersion(h.database.db, name, 1))!;
    await setStage(h.database.db, { modelId: champion.modelId, versionId: champion.id, from: 'staging', to: 'production', reason: 'the champion', actor: 'admin' });
    await expect.poll(async () => (await predict()).status, { timeout: 10_000 }).toBe(200);

    const run = await startRun(h.svc, {
      source: pipeline(true, '  deploy:\n    uses: deploy.lifecycle\n    in: { version: register.version, test: split.test }\n    with:\n' +
        `      endpoint: ${endpoint}\n      shadow: { requests: 30, interval: 1s, minAgreement: 0.5 }\n` +
        '      canary: { steps: [50, 100], interval: 2s, maxErrorRate: 0.05, maxLatencyP99: 1000, minRequests: 10 }\n'),
      baseDir: penguinsDir, author: 'ann',
    });
    // Live traffic, a few callers at once, until the run ends.
    let done = false;
    const answers = new Map<string, number>();
    const caller = async () => {
      while (!done) {
        const res = await predict();
        await res.arrayBuffer();
        const key = `${res.status} ${res.headers.get('x-headrace-variant') ?? '-'}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
    };
    const view = await Promise.all([finished(run).finally(() => { done = true; }), caller(), caller(), caller()]).then(([v]) => v);

    expect(view.status).toBe('succeeded');
    const step = view.steps.find((s) => s.stepId === 'deploy')!;
    const timeline = (step.summary as { timeline: Array<{ stage: string; evidence: { report?: { compared: number; agreement: number } } }> }).timeline;
    expect(timeline.map((e) => e.stage)).toEqual(['gate', 'shadow', 'canary', 'promote']);
    // The shadow's figures are the predict server's own comparisons of live answers.
    expect(timeline[1].evidence.report!.compared).toBeGreaterThanOrEqual(30);
    expect(timeline[1].evidence.report!.agreement).toBeGreaterThanOrEqual(0.5);
    expect([...answers.keys()].every((k) => k.startsWith('200 ')), [...answers.keys()].join(', ')).toBe(true);
    expect(answers.get(`200 ${name}-v2`)).toBeGreaterThan(0);
    expect((await getModelVersion(h.database.db, name, 2))!.stage).toBe('production');
    expect((await getModelVersion(h.database.db, name, 1))!.stage).toBe('archived');
    const shown = await getEndpointView(h.svc, endpoint);
    expect(shown.current!.variants.map((v) => [v.name, v.role, v.weight])).toEqual([[`${name}-v2`, 'primary', 100]]);
  }, 180_000);
});
