// End to end, as a user does it: `headrace start` brings up the embedded platform (Temporal dev server,
// PGlite, worker, web app) and runs the penguins example; the CLI then validates, compiles, runs and
// reads it back; the run page shows it in Chromium; Ctrl+C stops everything; a second start reuses it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts, waitForPort } from '../../server/temporal/dev-server';
import { createHeadraceClient } from '../../server/api/client';
import { launchChromium } from '../helpers/browser';
import { headrace, headraceUntil } from '../helpers/cli';
import { READY, startPlatform, stopLauncher, type PlatformPlace } from '../helpers/platform';
import { checkRunPage } from '../web/run-page';

const example = 'examples/penguins/pipeline.yaml';
const finished = /run ([0-9a-f-]{36}) (succeeded|failed|cancelled)/;
let home: string;
let env: Record<string, string>;
let ports: PlatformPlace['ports'];
let child: ChildProcess;
let firstRunId: string;
let startOutput: () => string;
const stop = (c: ChildProcess) => stopLauncher(c);

async function listening(port: number): Promise<boolean> {
  return waitForPort(port, 200);
}

beforeAll(async () => {
  const started = await startPlatform('headrace-e2e', [], { timeoutMs: 240_000 });
  ({ home, env, ports } = started.place);
  child = started.child;
  startOutput = started.output;
  const m = startOutput().match(finished);
  expect(m?.[2], startOutput()).toBe('succeeded');
  firstRunId = m![1];
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) await stop(child);
  rmSync(home, { recursive: true, force: true });
});

describe('headrace start (embedded)', () => {
  it('printed the example run step by step and registered a model with accuracy >= 0.9', async () => {
    const out = startOutput();
    for (const step of ['ingest', 'validate', 'clean', 'split', 'train', 'evaluate', 'register', 'deploy']) {
      expect(out).toMatch(new RegExp(`\\n  ${step} +\\S+ +succeeded`));
    }
    // With the web app in the launcher's process too, the deployed endpoint answers on the predict server.
    expect(out).toMatch(/endpoint penguins answers: (Adelie|Chinstrap|Gentoo) \(\d+\.\d%\) from penguins v1/);
    const client = createHeadraceClient({ url: env.HEADRACE_URL });
    const versions = await client.model.list.query({ name: 'penguins' });
    expect(versions).toHaveLength(1);
    expect((versions[0].metrics as Record<string, number>).accuracy).toBeGreaterThanOrEqual(0.9);
    expect(versions[0]).toMatchObject({ stage: 'staging', version: 1 });
    expect(versions[0].trainingDatasets).toHaveLength(1);
  });

  it('validates and compiles offline', async () => {
    const v = await headrace(['validate', example], { HEADRACE_URL: 'http://127.0.0.1:9' });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('pipeline "penguins", 8 steps');
    const c = await headrace(['compile', example]);
    expect(c.code).toBe(0);
    const plan = JSON.parse(c.stdout);
    expect(plan.steps.map((s: { id: string }) => s.id)).toEqual(['ingest', 'validate', 'clean', 'split', 'train', 'evaluate', 'register', 'deploy']);
  });

  it('runs with --wait (exit 0 on success, 1 on failure), reports status and lists models', async () => {
    const ok = await headrace(['run', example, '--wait'], env);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const id = ok.stdout.match(finished)![1];
    const status = await headrace(['status', id], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/evaluate +evaluate\.classifier +1 +succeeded .*accuracy=/);
    const bad = await headrace(['run', example, '--wait', '--param', 'minAccuracy=1.5'], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/gate failed: accuracy = [\d.]+ does not meet >= 1\.5/);
    const models = await headrace(['models'], env);
    expect(models.code).toBe(0);
    expect(models.stdout).toMatch(/penguins +1 +staging +accuracy=/);
  }, 120_000);

  it('shows the run in the web app', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await checkRunPage(page, env.HEADRACE_URL, firstRunId);
      await page.goto(env.HEADRACE_URL);
      // The pipelines list names the example and links to its runs.
      await page.getByRole('link', { name: 'Runs of penguins' }).first().waitFor({ timeout: 15_000 });
      // The header says the platform's health from /healthz: every component the launcher supervises is up.
      const health = page.getByTestId('health');
      await health.waitFor({ timeout: 15_000 });
      expect([await health.getAttribute('data-tone'), await health.textContent()]).toEqual(['ok', 'ok']);
      await page.screenshot({ path: join(home, 'home.png') });
    } finally {
      await browser.close();
    }
  });

  it('stops every child on Ctrl+C, and a second start reuses what is there', async () => {
    expect(await stop(child)).toBe(0);
    for (const port of [ports.http, ports.db, ports.temporal, ports.serve]) expect(await listening(port), `port ${port}`).toBe(false);
    // The predict server and Temporal's UI need no state from the first start: fresh ports, since a freed one may
    // be taken by another test's process meanwhile.
    const [serve, ui] = await freePorts(2);
    const fresh = { HEADRACE_SERVE_PORT: String(serve), HEADRACE_SERVE_URL: `http://127.0.0.1:${serve}`, TEMPORAL_UI_PORT: String(ui) };
    const second = await headraceUntil(['start', '--no-web'], { ...env, ...fresh }, READY, 120_000);
    child = second.child;
    const out = second.output();
    expect(out).toMatch(/temporal CLI: .* \(cache\)/);
    expect(out).not.toContain('building the web app');
    expect(out).toMatch(/: penguins v1 /); // the unchanged pipeline is not saved again
    expect(out.match(finished)?.[2]).toBe('succeeded');
    const versions = await createHeadraceClient({ url: env.HEADRACE_URL }).model.list.query({ name: 'penguins' });
    expect(versions.map((v) => v.version)).toEqual([1]); // same model bytes, same version
    expect(await stop(child)).toBe(0);
  }, 180_000);
});
