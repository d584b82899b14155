// The embedded platform for a bench: `headrace start --no-example` on free ports with its own HEADRACE_HOME,
// stopped with SIGINT, as test/e2e/editor.test.ts does.
import { rmSync } from 'node:fs';
import { headraceUntil } from '../../test/helpers/cli';
import { platformPlace, READY, stopLauncher } from '../../test/helpers/platform';

export interface Platform {
  url: string;
  /** Seconds from launch to `ready` (includes a `next build` when the web sources changed). */
  startSeconds: number;
  /** Whether the launcher rebuilt the web app. */
  built: boolean;
  stop(): Promise<void>;
}

export async function startPlatform(): Promise<Platform> {
  const { home, url, env } = await platformPlace('headrace-bench');
  const t0 = performance.now();
  let started: Awaited<ReturnType<typeof headraceUntil>> | undefined;
  // The web build is shared by the checkout: when another `next build` holds it, wait for it and try again.
  for (let attempt = 1; !started; attempt++) {
    try {
      started = await headraceUntil(['start', '--no-example'], env, READY, 300_000);
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
      await stopLauncher(child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
