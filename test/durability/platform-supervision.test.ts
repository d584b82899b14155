// The embedded platform supervises itself: `headrace start` (no web app, no example) runs a short training
// pipeline; the Temporal dev server, then the worker, are SIGKILLed mid-training by the PIDs /healthz gives. Each
// is restarted (said in the launcher's log, /healthz showing it restarting then up), the run in flight completes,
// and a step attempt the kill ended is closed as failed with its cause, never left `running`.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHeadraceClient, type HeadraceClient } from '../../server/api/client';
import type { HealthReport } from '../../cli/platform/supervisor';
import { startPlatform, stopLauncher, type PlatformPlace } from '../helpers/platform';

type Healthz = HealthReport & { ok: boolean; authRequired: boolean };

const baseDir = resolve('examples/penguins');
/** A few seconds of training (about 4 s on a quiet 2-core machine): long enough to be killed in, short to re-run. */
const EPOCHS = 8000;
const source = (name: string) => `headrace: 1
name: ${name}
steps:
  ingest:
    uses: ingest.json
    with:
      path: data/penguins.json
      columns:
        Species: { type: string }
        Beak Length (mm): { type: number }
        Beak Depth (mm): { type: number }
        Flipper Length (mm): { type: number }
        Body Mass (g): { type: number }
  clean:
    uses: prepare.dropna
    in: { table: ingest.table }
    with: { columns: [Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g)] }
  train:
    uses: train.logistic
    in: { table: clean.table }
    with:
      target: Species
      features: [Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g)]
      epochs: ${EPOCHS}
      learningRate: 0.1
`;

let place: PlatformPlace;
let launcher: ChildProcess;
let output: () => string;
let client: HeadraceClient;

const healthz = async (): Promise<Healthz> => (await fetch(`${place.url}/healthz`)).json() as Promise<Healthz>;

beforeAll(async () => {
  const started = await startPlatform('headrace-supervision', ['--no-web', '--no-example'], { timeoutMs: 120_000 });
  ({ place, output } = started);
  launcher = started.child;
  client = createHeadraceClient({ url: place.url });
}, 180_000);

afterAll(async () => {
  if (launcher && launcher.exitCode === null) await stopLauncher(launcher);
  if (place) rmSync(place.home, { recursive: true, force: true });
});

/** Starts a run and resolves once its train step's first attempt is recorded running. */
async function runUntilTraining(name: string): Promise<string> {
  const run = await client.run.start.mutate({ source: source(name), baseDir });
  await vi.waitUntil(async () => (await client.run.get.query({ id: run.id })).steps.some((s) => s.stepId === 'train' && s.status === 'running'), { timeout: 30_000, interval: 100 });
  return run.id;
}

/** SIGKILLs a supervised child (by the pid /healthz reports) and watches /healthz until it is up again. */
async function killAndWatch(component: string): Promise<{ pid: number; states: string[]; after: Healthz }> {
  const before = await healthz();
  const { pid, restarts } = before.components[component];
  expect(pid).toBeGreaterThan(0);
  expect(pid).not.toBe(launcher.pid);
  process.kill(pid!, 'SIGKILL');
  // Each state /healthz showed, in order (the first answers may come before the launcher saw the exit).
  const states: string[] = [];
  let after = before;
  await vi.waitUntil(async () => {
    after = await healthz();
    const c = after.components[component];
    if (states.at(-1) !== c.state) states.push(c.state);
    return c.state === 'up' && c.restarts === restarts + 1;
  }, { timeout: 30_000, interval: 50 });
  return { pid: pid!, states, after };
}

/** Waits for the run to end; returns its status and its train step's attempts. */
async function finished(id: string) {
  let run = await client.run.get.query({ id });
  await vi.waitUntil(async () => {
    run = await client.run.get.query({ id });
    return ['succeeded', 'failed', 'cancelled'].includes(run.status);
  }, { timeout: 60_000, interval: 250 });
  const train = run.steps.filter((s) => s.stepId === 'train').sort((a, b) => a.attempt - b.attempt);
  return { run, train };
}

describe('the launcher supervises its children', () => {
  it('reports every component up on /healthz, backwards compatible', async () => {
    const h = await healthz();
    expect(h).toMatchObject({ ok: true, authRequired: false, status: 'ok', degraded: [] });
    expect(Object.keys(h.components).sort()).toEqual(['api', 'database', 'predict', 'temporal', 'worker']);
    for (const c of Object.values(h.components)) expect(c).toMatchObject({ state: 'up', restarts: 0 });
    expect(h.components.database).toMatchObject({ pid: launcher.pid, inProcess: true });
  });

  it('restarts a SIGKILLed Temporal dev server with its data; the run in flight completes', async () => {
    const id = await runUntilTraining('supervised-temporal');
    const { pid, states, after } = await killAndWatch('temporal');
    expect(states.slice(states.indexOf('restarting'))).toEqual(['restarting', 'up']);
    expect(after.status).toBe('ok');
    expect(after.components.temporal).toMatchObject({ state: 'up', restarts: 1, lastExit: { cause: 'signal SIGKILL' } });
    expect(after.components.temporal.pid).not.toBe(pid);
    expect(output()).toContain('[supervisor] temporal exited (signal SIGKILL); restarting in 0.5 s (restart 1)');
    expect(output()).toMatch(/\[supervisor\] temporal is up again \(pid \d+, restart 1\)/);

    const { run, train } = await finished(id);
    expect(run.status, JSON.stringify(run.steps)).toBe('succeeded');
    // However Temporal carried the step over (the attempt finished once the server was back, or timed out and the
    // next one resumed from its checkpoint), the last attempt succeeded and none is left running: one the outage
    // ended was closed by the next, with the cause.
    expect(run.steps.filter((s) => s.status === 'running')).toEqual([]);
    expect(train.at(-1)!.status).toBe('succeeded');
    for (const earlier of train.slice(0, -1).filter((s) => s.status === 'failed')) {
      expect(earlier.error).toMatch(/^superseded by attempt \d+: attempt \d+'s worker stopped answering/);
    }
  }, 90_000);

  it('restarts a SIGKILLed worker; the next attempt runs on it and closes the killed one with its cause', async () => {
    const id = await runUntilTraining('supervised-worker');
    const { states, after } = await killAndWatch('worker');
    expect(states.slice(states.indexOf('restarting'))).toEqual(['restarting', 'up']);
    expect(after.components.worker).toMatchObject({ state: 'up', restarts: 1, lastExit: { cause: 'signal SIGKILL' } });
    expect(output()).toContain('[supervisor] worker exited (signal SIGKILL); restarting in 0.5 s (restart 1)');

    const { run, train } = await finished(id);
    expect(run.status, JSON.stringify(run.steps)).toBe('succeeded');
    expect(train.map((s) => [s.attempt, s.status])).toEqual([[1, 'failed'], [2, 'succeeded']]);
    expect(train[0].error).toBe("superseded by attempt 2: attempt 1's worker stopped answering (no heartbeat for 10 s: heartbeat timeout)");
    expect(train[0].finishedAt).not.toBeNull();
    expect(run.steps.filter((s) => s.status === 'running')).toEqual([]);
  }, 90_000);

  it('restarts nothing on Ctrl+C: the launcher stops its children and exits 0', async () => {
    const h = await healthz();
    const pids = Object.values(h.components).filter((c) => !c.inProcess).map((c) => c.pid!);
    expect(await stopLauncher(launcher)).toBe(0);
    expect(output()).not.toMatch(/\[supervisor\] \S+ exited \(code/);
    for (const pid of pids) expect(() => process.kill(pid, 0), `pid ${pid} is still running`).toThrow();
  }, 30_000);
});
