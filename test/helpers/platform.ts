// Where an embedded platform started by a test or a bench lives: its own HEADRACE_HOME and free ports,
// and how it is stopped (SIGINT to the launcher we started, which stops its children).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeadraceClient } from '../../server/api/client';
import { freePorts } from '../../server/temporal/dev-server';
import { headraceUntil } from './cli';

/** Printed by `headrace start` once everything is up. */
export const READY = /ready — press Ctrl\+C/;

export interface PlatformPlace {
  home: string;
  url: string;
  ports: { http: number; db: number; temporal: number; ui: number; serve: number };
  /** The environment `headrace start` and the CLI read these from. */
  env: Record<string, string>;
}

/** A viewer and an editor made through the admin API of a running platform, each with a password and a token. */
export async function platformUsers(url: string, adminToken: string): Promise<Record<'viewer' | 'editor', { username: string; password: string; token: string }>> {
  const admin = createHeadraceClient({ url, token: adminToken });
  const made = async (role: 'viewer' | 'editor') => {
    const username = `${role}-user`;
    const password = `${role}-password-1`;
    await admin.admin.createUser.mutate({ username, role, password });
    const { token } = await admin.admin.createToken.mutate({ name: `test ${role}`, username });
    return { username, password, token };
  };
  return { viewer: await made('viewer'), editor: await made('editor') };
}

/** The first admin's password when a test starts the platform with `auth: true`. */
export const ADMIN_PASSWORD = 'first-admin-password';

/** The admin token `headrace start` prints on a fresh platform (and only there). */
export function printedAdminToken(output: string): string | undefined {
  return /admin token \(shown once[^)]*\): (hr_\S+)/.exec(output)?.[1];
}

/**
 * A home and free ports for `headrace start`. With `auth: true` the platform requires auth
 * (HEADRACE_AUTH=required) and its first admin `admin` gets the password ADMIN_PASSWORD.
 */
export async function platformPlace(prefix: string, opts: { auth?: boolean } = {}): Promise<PlatformPlace> {
  const home = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const [http, db, temporal, ui, serve] = await freePorts(5);
  const ports = { http, db, temporal, ui, serve };
  const url = `http://127.0.0.1:${ports.http}`;
  return {
    home,
    url,
    ports,
    env: {
      HEADRACE_HOME: home,
      HEADRACE_PORT: String(ports.http),
      HEADRACE_DB_PORT: String(ports.db),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      HEADRACE_SERVE_PORT: String(ports.serve),
      HEADRACE_SERVE_URL: `http://127.0.0.1:${ports.serve}`,
      HEADRACE_URL: url,
      // Tests keep their pipelines and data in temp folders and examples/.
      HEADRACE_DATA_ROOTS: [tmpdir(), process.cwd()].join(','),
      ...(opts.auth ? { HEADRACE_AUTH: 'required', HEADRACE_ADMIN_PASSWORD: ADMIN_PASSWORD } : {}),
    },
  };
}

/** Ctrl+C for a launcher we started; resolves with its exit code (SIGKILL after `killAfterMs`). */
export async function stopLauncher(child: ChildProcess, killAfterMs = 20_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** A port taken between the pick and the launcher's bind (by another test process picking at the same time). */
const PORT_TAKEN = /EADDRINUSE|address already in use/i;

/**
 * `headrace start ARGS` on a fresh place (platformPlace), resolved once it prints READY. Free ports are picked
 * before the launcher binds them, so a parallel test can take one meanwhile: then the launcher exits with
 * EADDRINUSE and it is started again on other ports (up to three times), its first home removed.
 */
export async function startPlatform(
  prefix: string,
  args: string[],
  opts: { auth?: boolean; env?: Record<string, string>; timeoutMs?: number; before?: (place: PlatformPlace) => void } = {},
): Promise<{ place: PlatformPlace; child: ChildProcess; output: () => string }> {
  for (let attempt = 1; ; attempt++) {
    const place = await platformPlace(prefix, { auth: opts.auth });
    opts.before?.(place);
    try {
      const started = await headraceUntil(['start', ...args], { ...place.env, ...opts.env }, READY, opts.timeoutMs ?? 300_000);
      return { place, child: started.child, output: started.output };
    } catch (e) {
      rmSync(place.home, { recursive: true, force: true });
      if (attempt >= 3 || !PORT_TAKEN.test(String(e))) throw e;
    }
  }
}
