// A real PostgreSQL for the tests: HEADRACE_TEST_POSTGRES_URL when given (CI starts Debian's server),
// otherwise a throwaway cluster made with Debian's binaries in a temp folder, on a free port.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '../../server/temporal/dev-server';

function pgBinDir(): string {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) throw new Error('PostgreSQL is not installed (apt-get install postgresql) and HEADRACE_TEST_POSTGRES_URL is not set');
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return join(base, versions[0], 'bin');
}

/**
 * `password`: a cluster of its own (never the one of HEADRACE_TEST_POSTGRES_URL) whose every connection must give a
 * password (scram-sha-256), the superuser's being this one; its URL carries no password.
 */
export async function startTestPostgres(opts: { password?: string } = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const given = opts.password === undefined ? process.env.HEADRACE_TEST_POSTGRES_URL : undefined;
  if (given) {
    // A fresh database per run so old tables never mask a migration problem.
    const { default: postgres } = await import('postgres');
    const name = `headrace_test_${process.pid}_${Date.now()}`;
    const admin = postgres(given, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(given);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async stop() {
        const a = postgres(given, { max: 1, onnotice: () => {} });
        // Cleanup only: a database left behind is harmless to the tests, so a failure is reported, not thrown.
        await a.unsafe(`drop database if exists ${name} with (force)`).catch((err: unknown) => console.warn(`could not drop test database ${name}:`, err));
        await a.end();
      },
    };
  }
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'headrace-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // initdb refuses to run as root: run the server as the `postgres` user Debian creates.
  const asRoot = process.getuid?.() === 0;
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  const auth = ['--auth=trust'];
  if (opts.password !== undefined) {
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${opts.password}\n`, { mode: 0o600 });
    if (asRoot) chownSync(pwfile, userIds('postgres').uid, userIds('postgres').gid);
    auth.splice(0, 1, '--auth=scram-sha-256', `--pwfile=${pwfile}`);
  }
  execFileSync(...wrap(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', ...auth, '-E', 'UTF8', '--no-sync']), { stdio: 'pipe' });
  const child = spawn(...wrap(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-h', '127.0.0.1', '-c', 'fsync=off']), { stdio: 'ignore' });
  if (!(await waitForPort(port, 30_000))) throw new Error('the test PostgreSQL did not start');
  await new Promise((r) => setTimeout(r, 300));
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      // Signal the postmaster itself (runuser does not pass signals on): SIGINT is a fast shutdown.
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        child.kill('SIGKILL');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function userIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  return { uid, gid };
}
