// The Next.js app: built once per source change (`next build`), then served in the launcher's HTTP server.
// Each source hash builds into its own folder (.next/builds/HASH), so a rebuild for changed sources never
// pulls the files from under a server still serving the previous build; two launchers that need the same
// build wait for one another through a lock folder. A finished build is also kept per user
// (~/.cache/headrace/web-builds/HASH, without Next's compiler cache), so a fresh clone of the same sources (CI,
// a second checkout) copies it in a second instead of building for half a minute or more.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { cacheDir } from '../../server/temporal/cli-binary';
import { projectRoot as root, sourceHash } from '../../workers/source-hash';

/** The variables next.config.js reads its `distDir` and its tsconfig from. */
const DIST_ENV = 'HEADRACE_NEXT_DIST_DIR';
const TSCONFIG_ENV = 'HEADRACE_NEXT_TSCONFIG';
const BUILDS = join('.next', 'builds');
/** Builds kept besides the current one (older ones may still be served by a running launcher). */
const KEEP = 3;
const LOCK_STALE_MS = 10 * 60_000;
/** Where finished builds are kept per user, and how many. */
const USER_BUILDS = join(cacheDir(), 'web-builds');
const USER_KEEP = 3;
/** Next's compiler cache: only a rebuild reads it, so the per-user copy leaves it out (three quarters of the size). */
const COMPILER_CACHE = 'cache';

export interface WebBuild {
  /** Whether this call ran `next build`. */
  built: boolean;
  /** The build's folder, relative to the project root. */
  distDir: string;
}

/** Builds the web app unless a build of the same sources exists. */
export async function ensureWebBuild(log: (m: string) => void = console.log): Promise<WebBuild> {
  const hash = (await sourceHash(['app', 'dsl', 'next.config.js', 'package-lock.json', 'server/api/client.ts'])).slice(0, 16);
  const distDir = join(BUILDS, hash);
  const done = join(root, distDir, 'headrace-built');
  if (existsSync(done)) return { built: false, distDir };
  const lock = join(root, BUILDS, `${hash}.lock`);
  await mkdir(join(root, BUILDS), { recursive: true });
  while (!(await tryLock(lock))) {
    if (existsSync(done)) return { built: false, distDir };
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    if (existsSync(done)) return { built: false, distDir };
    if (await restoreBuild(hash, distDir)) {
      log(`web app: the build of these sources kept in ${USER_BUILDS}`);
      return { built: false, distDir };
    }
    log('building the web app (next build, once per change)…');
    await nextBuild(distDir, log);
    await writeFile(done, new Date().toISOString());
    await keepBuild(hash, distDir).catch((err: unknown) => log(`web app: could not keep the build in ${USER_BUILDS}: ${(err as Error).message}`));
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
  await pruneBuilds(hash);
  return { built: true, distDir };
}

/** Copies the per-user build of `hash` into the checkout; false when there is none (or the copy failed). */
export async function restoreBuild(hash: string, distDir: string, userBuilds = USER_BUILDS): Promise<boolean> {
  const kept = join(userBuilds, hash);
  if (!existsSync(join(kept, 'headrace-built'))) return false;
  const target = join(root, distDir);
  try {
    await rm(target, { recursive: true, force: true });
    await cp(kept, target, { recursive: true });
    await buildTsconfig(distDir);
    return existsSync(join(target, 'headrace-built'));
  } catch {
    await rm(target, { recursive: true, force: true });
    return false;
  }
}

/** Copies a finished build to the per-user folder (a temporary name, then a rename: never half there), and keeps it
 * with the newest others up to USER_KEEP. */
export async function keepBuild(hash: string, distDir: string, userBuilds = USER_BUILDS): Promise<void> {
  const kept = join(userBuilds, hash);
  if (existsSync(join(kept, 'headrace-built'))) return;
  await mkdir(userBuilds, { recursive: true });
  const partial = `${kept}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  const from = join(root, distDir);
  await cp(from, partial, { recursive: true, filter: (src) => src !== join(from, COMPILER_CACHE) });
  await rm(kept, { recursive: true, force: true });
  await rename(partial, kept);
  for (const name of (await finishedBuilds(userBuilds, hash)).slice(USER_KEEP - 1)) await rm(join(userBuilds, name), { recursive: true, force: true });
}

/** Whether the process that took a lock (its pid file) is gone: killed mid-build, it never removes the lock. */
async function ownerGone(lock: string): Promise<boolean> {
  const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return false; // not written yet: the owner is starting
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * mkdir is atomic: whoever creates the lock folder builds, and writes its pid there. A lock whose owner has died
 * (a test run or launcher killed mid-build), or older than a build can take, is taken over.
 */
export async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    await writeFile(join(lock, 'pid'), String(process.pid));
    return true;
  } catch {
    const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > LOCK_STALE_MS || (await ownerGone(lock))) await rm(lock, { recursive: true, force: true });
    return false;
  }
}

/** A tsconfig for one build, extending the project's: Next writes its build folder's types into it. */
async function buildTsconfig(distDir: string): Promise<string> {
  const file = `${distDir}.tsconfig.json`;
  await writeFile(join(root, file), `${JSON.stringify({ extends: '../../tsconfig.json' }, null, 2)}\n`);
  return file;
}

async function nextBuild(distDir: string, log: (m: string) => void): Promise<void> {
  const tsconfig = await buildTsconfig(distDir);
  const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', [DIST_ENV]: distDir, [TSCONFIG_ENV]: tsconfig },
    });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.once('exit', (c) => {
      if (c !== 0) log(out.slice(-6000));
      resolve(c);
    });
  });
  if (code !== 0) throw new Error('next build failed (output above)');
}

/** The finished builds in `dir` (folders with the marker), newest first, leaving out `except`. */
async function finishedBuilds(dir: string, except: string): Promise<string[]> {
  const builds: { name: string; at: number }[] = [];
  for (const name of await readdir(dir)) {
    if (name === except || name.includes('.partial-')) continue; // another process's copy in progress
    const at = await stat(join(dir, name, 'headrace-built')).then((st) => st.mtimeMs, () => undefined);
    if (at !== undefined) builds.push({ name, at });
  }
  return builds.sort((a, b) => b.at - a.at).map((b) => b.name);
}

/** Removes finished builds beyond the newest KEEP, never the one just made. */
async function pruneBuilds(current: string): Promise<void> {
  const dir = join(root, BUILDS);
  for (const name of (await finishedBuilds(dir, current)).slice(KEEP)) {
    await rm(join(dir, name), { recursive: true, force: true });
    await rm(join(dir, `${name}.tsconfig.json`), { force: true });
  }
}

export async function nextHandler(
  host: string,
  port: number,
  distDir: string,
): Promise<{ handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>; close(): Promise<void> }> {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  process.env[DIST_ENV] = distDir;
  process.env[TSCONFIG_ENV] = `${distDir}.tsconfig.json`;
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: root, hostname: host, port, quiet: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  return { handle: (req, res) => handle(req, res), close: () => app.close() };
}
