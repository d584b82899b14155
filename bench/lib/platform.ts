// The embedded platform for a bench: `headrace start --no-example` on free ports with its own HEADRACE_HOME,
// stopped with SIGINT, as test/e2e/editor.test.ts does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../server/temporal/dev-server';
import { headraceUntil } from '../../test/helpers/cli';

export interface Platform {
  url: string;
  /** Seconds from launch to `ready` (includes a `next build` when the web sources changed). */
  startSeconds: number;
  /** Whether the launcher rebuilt the web app. */
  built: boolean;
  stop(): Promise<void>;
}

export async function startPlatform(): Promise<Platform> {
  const home = mkdtempSync(join(tmpdir(), 'headrace-bench-'));
  const ports = { http: await freePort(), db: await freePort(), temporal: await freePort(), ui: await freePort() };
  const url = `http://127.0.0.1:${ports.http}`;
  const env = {
    HEADRACE_HOME: home,
    HEADRACE_PORT: String(ports.http),
    HEADRACE_DB_PORT: String(ports.db),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    HEADRACE_URL: url,
  };
  const t0 = performance.now();
  let started: Awaited<ReturnType<typeof headraceUntil>> | undefined;
  // The web build is shared by the checkout: when another `next build` holds it, wait for it and try again.
  for (let attempt = 1; !started; attempt++) {
    try {
      started = await headraceUntil(['start', '--no-example'], env, /ready — press Ctrl\+C/, 300_000);
    } catch (e) {
      if (attempt < 12 && /Another next build process is already running/.test(String(e))) {
        process.stderr.write('[bench] another next build is running; waiting 15 s\n');
        await new Promise((r) => setTimeout(r, 15_000));
        continue;
      }
      rmSync(home, { recursive: true, force: true });
      throw e;
    }
  }
  const { child, output } = started;
  const startSeconds = (performance.now() - t0) / 1000;
  return {
    url,
    startSeconds,
    built: /building the web app/.test(output()),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
