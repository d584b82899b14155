// `headrace start` with auth required, a viewer and an editor made through its admin API, and Chromium: what
// every browser test of a signed-in platform starts from. `pageAs` opens a page at 1280×800 signed in as one of
// them; `shot` saves a screenshot when SHOTS_DIR is set.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createHeadraceClient, type HeadraceClient } from '../../server/api/client';
import { launchChromium, signIn } from './browser';
import { ADMIN_PASSWORD, platformUsers, printedAdminToken, startPlatform, stopLauncher, type PlatformPlace } from './platform';

export type Who = 'viewer' | 'editor' | 'admin';

export interface SignedInPlatform {
  place: PlatformPlace;
  child: ChildProcess;
  /** What the launcher printed so far (with the example: its run's lines). */
  output(): string;
  users: Record<Who, { username: string; password: string; token: string }>;
  client(who: Who): HeadraceClient;
  browser: Browser;
  pageAs(who: Who, path: string): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * With `example`, the launcher prints "ready" once the penguins example has run (and registered v1); `env` adds
 * to the launcher's environment (HEADRACE_UPLOAD_MAX_BYTES, say).
 */
export async function startSignedInPlatform(prefix: string, opts: { example: boolean; env?: Record<string, string> }): Promise<SignedInPlatform> {
  const started = await startPlatform(prefix, opts.example ? [] : ['--no-example'], { auth: true, env: opts.env });
  const { place } = started;
  const adminToken = printedAdminToken(started.output());
  if (!adminToken) throw new Error(`no admin token in the launcher's output:\n${started.output()}`);
  const users = { ...(await platformUsers(place.url, adminToken)), admin: { username: 'admin', password: ADMIN_PASSWORD, token: adminToken } };
  const browser = await launchChromium();
  if (process.env.SHOTS_DIR) mkdirSync(process.env.SHOTS_DIR, { recursive: true });
  return {
    place,
    child: started.child,
    output: started.output,
    users,
    client: (who) => createHeadraceClient({ url: place.url, token: users[who].token }),
    browser,
    async pageAs(who, path) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await signIn(page, place.url, users[who].username, users[who].password, path);
      return page;
    },
    async stop() {
      await browser.close();
      await stopLauncher(started.child);
      rmSync(place.home, { recursive: true, force: true });
    },
  };
}

/** A screenshot into SHOTS_DIR, when it is set (the screenshots people look at); nothing otherwise. */
export const shot = (page: Page, name: string) => (process.env.SHOTS_DIR ? page.screenshot({ path: join(process.env.SHOTS_DIR, name) }) : undefined);
