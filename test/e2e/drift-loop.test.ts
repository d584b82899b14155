// The closed loop of examples/drift on the embedded platform (`headrace start`), as docs/guides/level-1-continuous-
// training.md walks it: the pipeline and its monitor applied, v1 trained and put in production by its lifecycle;
// spring traffic raises nothing; summer's data and traffic raise a drift alert, whose trigger starts one retraining
// run (the accuracy alert of the same window held by the cooldown); the candidate passes the gate against v1 on
// the same fresh rows, the shadow and the canary, and is promoted. The example is copied to a temporary folder, so
// rewriting its data leaves the repository's file alone (and the copy's shadow and canary windows are shorter).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { headrace } from '../helpers/cli';
import { startPlatform, stopLauncher, type PlatformPlace } from '../helpers/platform';

let place: PlatformPlace;
let child: ChildProcess;
let example: string;

beforeAll(async () => {
  example = mkdtempSync(join(tmpdir(), 'headrace-drift-example-'));
  cpSync('examples/drift', example, { recursive: true });
  // The lifecycle's shadow and canary judge shorter windows in the copy (4 s and 8 s instead of 10 s and 20 s): the
  // same stages and decisions, half a minute sooner.
  const pipeline = join(example, 'pipeline.yaml');
  const text = readFileSync(pipeline, 'utf8');
  const shortened = text.replace('minAgreement: 0, interval: 10s }', 'minAgreement: 0, interval: 4s }').replace('steps: [50, 100], interval: 20s,', 'steps: [50, 100], interval: 8s,');
  if (shortened.split('interval: ').length !== text.split('interval: ').length || !shortened.includes('interval: 8s') || !shortened.includes('interval: 4s')) {
    throw new Error('examples/drift/pipeline.yaml changed: the test shortens its shadow and canary intervals');
  }
  writeFileSync(pipeline, shortened);
  const started = await startPlatform('headrace-drift-loop', ['--no-web', '--no-example'], { timeoutMs: 240_000 });
  ({ place, child } = started);
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) await stopLauncher(child);
  rmSync(place.home, { recursive: true, force: true });
  rmSync(example, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<string> {
  const r = await headrace(args, place.env);
  expect(r.code, `headrace ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

const node = (script: string, args: string[]) =>
  execFileSync(process.execPath, [join(example, script), ...args], { encoding: 'utf8', env: { ...process.env, HEADRACE_SERVE_URL: place.env.HEADRACE_SERVE_URL } });

/** vi.waitUntil, polling each second, whose failure names what it waited for. */
const until = <T>(what: string, fn: () => Promise<T | undefined>, ms = 120_000): Promise<T> =>
  vi.waitUntil(fn, { timeout: ms, interval: 1000 }).then(
    (v) => v as T,
    (e: unknown) => { throw new Error(`waiting for ${what}: ${(e as Error).message}`); },
  );

interface RunRow { id: string; status: string; trigger: string; triggerDetails: { kind: string; endpoint?: string } | null }
const runs = async () => JSON.parse(await cli(['runs', 'pumps', '--json'])) as RunRow[];
interface WindowJson { rows: number; dataset: { drifted: boolean }; features: Record<string, { drifted: boolean }>; quality: { accuracy?: number } }
const monitor = async () => JSON.parse(await cli(['monitor', 'pumps', '--json'])) as { windows: WindowJson[]; alerts: Array<{ kind: string; severity: string }> };

describe('examples/drift: the closed loop', () => {
  it('retrains on drift and takes the candidate through gate, shadow and canary to production', async () => {
    const applied = await cli(['apply', example]);
    expect(applied).toMatch(/created +pumps v1/);
    expect(applied).toMatch(/created +monitor pumps v1 \(.*pipeline\.yaml, monitor:\)/);
    const first = await cli(['run', 'pumps', '--wait']);
    expect(first).toMatch(/deployed pumps v1 to endpoint pumps/);
    expect(await cli(['models', 'pumps'])).toMatch(/pumps +1 +production/);

    // Spring: one window of 200, no drift, no alert, no run but the first.
    expect(node('send-traffic.mjs', ['--phase', 'before', '--requests', '200'])).toMatch(/200 before readings sent to pumps: .* answered by pumps@1 \(200\)/);
    const spring = await until('the spring window', async () => (await monitor()).windows.find((w) => w.rows >= 200));
    expect(spring.dataset.drifted).toBe(false);
    expect((await runs()).length).toBe(1);

    // Summer: the data of the day and the live readings shift.
    node('make-data.mjs', ['--phase', 'after']);
    node('send-traffic.mjs', ['--phase', 'after', '--requests', '200']);
    // The window is stored first, its alerts just after (one activity): wait for both.
    const summer = await until('the summer window and its alerts', async () => {
      const m = await monitor();
      const raised = m.alerts.map((a) => `${a.kind}/${a.severity}`);
      return m.windows.length >= 2 && raised.includes('drift/critical') && raised.includes('quality/critical') ? m : undefined;
    });
    const drifted = summer.windows[1];
    expect(drifted.dataset.drifted).toBe(true);
    expect(drifted.features.temperature.drifted).toBe(true);
    expect(drifted.features.pressure.drifted).toBe(false);
    expect(drifted.quality.accuracy).toBeLessThan(0.8);
    expect(summer.alerts.map((a) => `${a.kind}/${a.severity}`)).toEqual(expect.arrayContaining(['drift/critical', 'quality/critical']));

    // One retraining run, started by the drift trigger; the accuracy alert of the same window met the cooldown.
    const retrain = await until('the retraining run', async () => (await runs()).find((r) => r.trigger === 'drift'));
    expect(retrain.triggerDetails).toMatchObject({ kind: 'drift', endpoint: 'pumps' });
    const events = JSON.parse(await cli(['triggers', 'pumps', '--json'])) as Array<{ kind: string; outcome: string }>;
    expect(events.filter((e) => e.outcome === 'started')).toHaveLength(1);
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'performance', outcome: 'cooldown' })]));

    // Its lifecycle shadows, then canaries: summer traffic at 10 a second, for as long as the run needs it (up to
    // three minutes), stopped once the run has ended.
    const traffic = spawn(process.execPath, [join(example, 'send-traffic.mjs'), '--phase', 'after', '--requests', '1800', '--rate', '10', '--seed', '7003'], {
      env: { ...process.env, HEADRACE_SERVE_URL: place.env.HEADRACE_SERVE_URL }, stdio: 'ignore',
    });
    const done = await until('the retraining run to finish', async () => {
      const r = (await runs()).find((x) => x.id === retrain.id);
      return r && ['succeeded', 'failed', 'cancelled'].includes(r.status) ? r : undefined;
    }, 180_000).finally(() => traffic.kill());
    expect(done.status).toBe('succeeded');
    expect(await cli(['models', 'pumps'])).toMatch(/pumps +2 +production[\s\S]*pumps +1 +archived/);
    const status = JSON.parse(await cli(['status', retrain.id, '--json'])) as { steps: Array<{ stepId: string; summary: { timeline: Array<{ stage: string; decision: string }> } }> };
    const timeline = status.steps.find((s) => s.stepId === 'release')!.summary.timeline;
    expect(timeline.map((t) => t.stage)).toEqual(['gate', 'shadow', 'canary', 'promote']);
    expect(timeline[0].decision).toMatch(/^passed: candidate accuracy 0\.\d+ meets >= baseline 0\.\d+/);
    // The chain from the alert: `headrace monitor` shows the drift alert → the run it started → the version in production.
    expect(await cli(['monitor', 'pumps'])).toMatch(new RegExp(`→ run ${retrain.id.slice(0, 8)} of pumps \\(succeeded\\) → pumps v2 production`));
    expect(await cli(['runs', '--endpoint', 'pumps'])).toContain(retrain.id.slice(0, 8));
  }, 480_000);
});
