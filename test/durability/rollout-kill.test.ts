// Durability of a rollout: SIGKILL the worker process while a canary's step timer runs, start a new worker: the
// rollout resumes where it was (the timer lives in Temporal, the deployment's rows are its state), completes, and
// records every shift and judgement exactly once. The database is the embedded one (PGlite served over
// pglite-socket) shared by separate processes, as `headrace start` runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../cli/platform/database';
import { spawnWorker, type WorkerProcess } from '../../cli/platform/worker-process';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import { listDeploymentEvents } from '../../server/db/repo/deployment-events';
import { emptyLatencyCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { deploy, getEndpointView } from '../../server/services/endpoints';
import { rolloutProgressQuery, type RolloutProgress, type RolloutResult } from '../../server/temporal/contract';
import { freePort, type DevServer } from '../../server/temporal/dev-server';
import { startTestTemporal } from '../helpers/temporal';
import { registerLogistic } from '../serving/server-fixtures';

let home: string;
let temporal: DevServer;
let embedded: EmbeddedDatabase;
let database: Database;
let connection: Connection;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'headrace-rollout-kill-'));
  temporal = await startTestTemporal();
  embedded = await startEmbeddedDatabase(home, await freePort());
  database = await openDatabase(embedded.url, { migrate: true });
  connection = await Connection.connect({ address: temporal.address });
});

afterAll(async () => {
  for (const w of workers) await w.stop();
  await connection?.close();
  await database?.close();
  await embedded?.stop();
  await temporal?.stop();
  rmSync(home, { recursive: true, force: true });
});

function startWorker(): Promise<WorkerProcess> {
  return new Promise((ready, fail) => {
    const w = spawnWorker(
      { DATABASE_URL: embedded.url, TEMPORAL_ADDRESS: temporal.address, HEADRACE_HOME: home, HEADRACE_ARTIFACTS: join(home, 'artifacts') },
      'cpu',
      (line) => { if (line.includes('worker polling')) ready(w); },
    );
    workers.push(w);
    w.child.once('exit', (code) => fail(new Error(`worker exited early (${code})`)));
  });
}

it('completes a canary whose worker was SIGKILLed mid-step, recording nothing twice', async () => {
  const first = await startWorker();
  const store = new LocalArtifactStore(join(home, 'artifacts'));
  const db = database.db;
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

  await startWorker();
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
