// Durability of a rollout: SIGKILL the worker process while a canary's step timer runs, start a new worker: the
// rollout resumes where it was (the timer lives in Temporal, the deployment's rows are its state), completes, and
// records every shift and judgement exactly once. The database is the embedded one (PGlite served over
// pglite-socket) shared by separate processes, as `headrace start` runs them.
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { loadConfig } from '../../server/config';
import { listDeploymentEvents } from '../../server/db/repo/deployment-events';
import { emptyLatencyCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { deploy, getEndpointView } from '../../server/services/endpoints';
import { rolloutProgressQuery, type RolloutProgress, type RolloutResult } from '../../server/temporal/contract';
import { startWorkerPlatform, type WorkerPlatform } from '../helpers/worker-process';
import { registerLogistic } from '../serving/server-fixtures';

let platform: WorkerPlatform;

beforeAll(async () => {
  platform = await startWorkerPlatform('headrace-rollout-kill-');
});

afterAll(async () => {
  await platform?.stop();
});

it('completes a canary whose worker was SIGKILLed mid-step, recording nothing twice', async () => {
  const { home, connection } = platform;
  const first = await platform.startWorker();
  const store = new LocalArtifactStore(join(home, 'artifacts'));
  const db = platform.database.db;
  await registerLogistic(db, store, 'durable', [1, 2]);
  const svc = { db, temporal: new Client({ connection }), config: loadConfig({ HEADRACE_HOME: home }) };
  await deploy(svc, { endpoint: 'durable', model: 'durable@1', strategy: 'replace', actor: 'ann' });
  const d = await deploy(svc, {
    endpoint: 'durable', model: 'durable@2', strategy: 'canary', actor: 'ann',
    canary: { steps: [50, 100], interval: '4s', maxErrorRate: 0.05, maxLatencyP99Ms: 50, minRequests: 10 },
  });
  const wf = svc.temporal.workflow.getHandle(d.workflowId!);

  /** A good window for both variants, ending now, as predict servers would record it. */
  const goodWindow = async () => {
    const end = new Date();
    await recordServingWindows(db, [['durable-v1', 'primary'], ['durable-v2', 'canary']].map(([variant, role]) => {
      const counts = emptyLatencyCounts();
      counts[latencyBucket(3)] = 40;
      return {
        endpoint: 'durable', deploymentId: d.id, variant, role: role as 'primary' | 'canary', modelVersionId: null, server: 'test:1',
        windowStart: new Date(end.getTime() - 500), windowEnd: end, requests: 40, errors: 0, latencyCounts: counts, latencySumMs: 120,
      };
    }));
  };
  const progress = () => wf.query(rolloutProgressQuery) as Promise<RolloutProgress>;

  let p = await progress();
  while (p.phase !== 'watching') {
    await new Promise((r) => setTimeout(r, 50));
    p = await progress();
  }
  expect(p).toMatchObject({ step: 0, round: 1 });
  await goodWindow();
  // The worker dies while the step's timer runs.
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));

  await platform.startWorker();
  let seen = p.round;
  for (;;) {
    p = await progress();
    if (p.phase === 'done') break;
    if (p.phase === 'watching' && p.round > seen) {
      seen = p.round;
      await goodWindow();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  expect((await wf.result()) as RolloutResult).toMatchObject({ status: 'active' });

  const view = await getEndpointView(svc, 'durable');
  expect(view.history.map((x) => `${x.number}:${x.strategy}:${x.status}`)).toEqual(['2:canary:active', '1:replace:superseded']);
  expect(view.current?.variants.map((v) => [v.name, v.role, v.weight])).toEqual([['durable-v2', 'primary', 100]]);
  const events = await listDeploymentEvents(db, d.id);
  const keys = events.map((e) => e.details.key);
  expect(new Set(keys).size).toBe(keys.length);
  const kinds = events.map((e) => e.kind).filter((k) => k !== 'watch');
  expect(kinds).toEqual(['started', 'checked', 'weights', 'weights', 'advance', 'succeeded']);
  expect(events.filter((e) => e.kind === 'watch').every((e) => ['advance', 'hold'].includes(e.details.decision as string))).toBe(true);
  // One revision per shift: the replace, two canary steps, the finish.
  expect(view.revision).toBe(4);
}, 180_000);
