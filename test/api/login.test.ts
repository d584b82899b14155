// Signing in, in Chromium, against `headrace start` with HEADRACE_AUTH=required: the first start prints an
// admin token once (and later starts do not); without a session every page goes to /login and the API says
// 401; a wrong password is told on the form; the right one opens the page asked for, with an HttpOnly,
// SameSite=Lax session cookie the app's API calls ride on; signing out ends the session.
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { launchChromium, signIn } from '../helpers/browser';
import { headraceUntil } from '../helpers/cli';
import { ADMIN_PASSWORD, platformUsers, printedAdminToken, READY, startPlatform, stopLauncher, type PlatformPlace } from '../helpers/platform';

let place: PlatformPlace;
let child: ChildProcess | undefined;
let output: string;
let token: string;
let browser: Browser;

beforeAll(async () => {
  const started = await startPlatform('headrace-login', [], { auth: true });
  ({ place, child } = started);
  output = started.output();
  token = printedAdminToken(output)!;
  browser = await launchChromium();
}, 320_000);

afterAll(async () => {
  await browser?.close();
  if (child) await stopLauncher(child);
  rmSync(place.home, { recursive: true, force: true });
});

describe('headrace start with auth required', () => {
  it('prints the first admin token once; it works, and the launcher followed its run with a token of its own', async () => {
    expect(token, output).toMatch(/^hr_/);
    expect(output.match(/admin token/g)).toHaveLength(1);
    expect(output).not.toContain('admin password'); // it was given (HEADRACE_ADMIN_PASSWORD), so not printed
    expect(output).toMatch(/run [0-9a-f-]{36} succeeded/);
    const me = await createHeadraceClient({ url: place.url, token }).auth.me.query();
    expect(me).toMatchObject({ username: 'admin', role: 'admin', via: 'token' });
  });

  it('sends a signed-out browser to /login and refuses the API without credentials', async () => {
    const page = await fetch(`${place.url}/runs?pipeline=penguins`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2Fruns%3Fpipeline%3Dpenguins');
    expect((await fetch(`${place.url}/login`)).status).toBe(200);
    const api = await fetch(`${place.url}/api/trpc/pipeline.list`);
    expect(api.status).toBe(401);
    const anon = await createHeadraceClient({ url: place.url }).pipeline.list.query().catch((e: { data?: { code?: string } }) => e.data?.code);
    expect(anon).toBe('UNAUTHORIZED');
    // A form posted from another site is refused (login CSRF).
    const cross = await fetch(`${place.url}/auth/login`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=admin&password=${ADMIN_PASSWORD}`,
      redirect: 'manual',
    });
    expect(cross.status).toBe(403);
  });

  it('says so on a wrong password, then signs in and opens the page asked for', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${place.url}/runs`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.getByRole('heading', { name: 'Sign in to Headrace' }).waitFor();
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      // An alert (Next adds a route announcer with the same role, so pick ours by its text).
      await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.getByLabel('Username').inputValue()).toBe('admin');

      await page.getByLabel('Password').fill(ADMIN_PASSWORD);
      await Promise.all([page.waitForURL(`${place.url}/runs`), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.getByRole('heading', { name: 'Runs' }).waitFor();
      // The runs table is read through the API with the session cookie (the pipeline filter's option is no row).
      await page.getByRole('table').getByText('penguins').first().waitFor({ timeout: 15_000 });

      const session = (await context.cookies()).find((c) => c.name === 'headrace_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(await page.evaluate(() => document.cookie)).not.toContain('headrace_session');

      // Signing out ends the session: the next page goes to /login again.
      const out = await page.request.post(`${place.url}/auth/logout`, { headers: { origin: place.url }, maxRedirects: 0 });
      expect(out.status()).toBe(303);
      await page.goto(`${place.url}/models`);
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await context.close();
    }
  });

  it('signs in with the browser helper, and the login page follows the dark colour scheme', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    try {
      const page = await context.newPage();
      await page.goto(`${place.url}/login`);
      const dark = await page.locator('section[aria-labelledby="login-heading"]').evaluate((e) => getComputedStyle(e).backgroundColor);
      await page.emulateMedia({ colorScheme: 'light' });
      const light = await page.locator('section[aria-labelledby="login-heading"]').evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(dark).not.toBe(light);
      await signIn(page, place.url, 'admin', ADMIN_PASSWORD, '/models');
      expect(new URL(page.url()).pathname).toBe('/models');
    } finally {
      await context.close();
    }
  });

  it('gives a session the role of its user: a viewer reads through the browser but cannot save', async () => {
    const users = await platformUsers(place.url, token);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signIn(page, place.url, users.viewer.username, users.viewer.password, '/runs');
      await page.getByRole('heading', { name: 'Runs' }).waitFor();
      const me = await page.request.get(`${place.url}/api/trpc/auth.me`);
      expect(((await me.json()) as { result: { data: { json: unknown } } }).result.data.json).toMatchObject({ username: 'viewer-user', role: 'viewer', via: 'session' });
      const save = await page.request.post(`${place.url}/api/trpc/pipeline.save`, { data: { json: { source: 'headrace: 1' } } });
      expect(save.status()).toBe(403);
      // The editor's token works from a script at the same time.
      expect(await createHeadraceClient({ url: place.url, token: users.editor.token }).auth.me.query()).toMatchObject({ role: 'editor' });
    } finally {
      await context.close();
    }
  });

  it('audits form sign-ins, failed and successful', async () => {
    const audit = await createHeadraceClient({ url: place.url, token }).admin.audit.query({ action: 'auth.session' });
    expect(audit.items.map((r) => `${r.actor}:${r.outcome}`)).toEqual(expect.arrayContaining(['anonymous:denied', 'admin:ok']));
  });

  it('does not print the token again on the next start, and revoked the launcher token on stop', async () => {
    expect(await stopLauncher(child!)).toBe(0);
    const second = await headraceUntil(['start', '--no-web', '--no-example'], place.env, READY, 120_000);
    child = second.child;
    expect(second.output()).not.toContain('admin token');
    const tokens = await createHeadraceClient({ url: place.url, token }).admin.tokens.query({ username: 'admin' });
    const launchers = tokens.filter((t) => t.name === 'headrace start (launcher)');
    expect(launchers).toHaveLength(2);
    expect(launchers.filter((t) => t.revokedAt === null)).toHaveLength(1); // the running launcher's own
  }, 150_000);
});
