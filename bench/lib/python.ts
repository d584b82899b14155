// A Python virtual environment for a bench's anchor, made once per requirements file and reused by every clone
// of the repository on the machine: ~/.cache/headrace/bench/venv-<sha256 of the requirements, 12 hex> (beside
// the cached Temporal CLI; HEADRACE_BENCH_VENVS moves it) with the pinned packages from PyPI. uv (pinned, itself
// installed from PyPI by pip once per machine, beside the environments) makes it: about 8 s for the drift anchor's
// environment where pip took 140 s. When uv cannot be had or fails, pip makes it, and says why it failed.
// The base interpreter is $HEADRACE_BENCH_PYTHON or `python3`. Made in a temporary folder and renamed into
// place when complete, so two benches setting up the same environment at once never see half of one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cacheDir } from '../../server/temporal/cli-binary';
import { ROOT } from './harness';

export interface PythonEnv {
  /** The environment's interpreter. */
  python: string;
  dir: string;
  /** Whether this call made it (false: reused). */
  created: boolean;
  /** Seconds spent making it (0 when reused). */
  setupSeconds: number;
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', ...env } });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    child.once('error', (e) => fail(new Error(`cannot run ${cmd}: ${e.message}`)));
    child.once('exit', (code) => done({ code, output }));
  });
}

const UNREACHABLE = /NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution|Network is unreachable|Connection refused|timed out|ProxyError|SSLError/i;

/** The index pip uses: $PIP_INDEX_URL, else pip's configured index-url, else PyPI. */
async function indexUrl(python: string, env: Record<string, string>): Promise<string> {
  const fromEnv = env.PIP_INDEX_URL ?? process.env.PIP_INDEX_URL;
  if (fromEnv) return fromEnv;
  const configured = await run(python, ['-m', 'pip', 'config', 'get', 'global.index-url'], env).catch(() => undefined);
  const url = configured?.code === 0 ? configured.output.trim() : '';
  return /^https?:\/\//.test(url) ? url : 'https://pypi.org/simple';
}

async function reachable(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/pip/`, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

/** The uv that makes the environments: pinned, so every machine resolves the same way. */
export const UV_VERSION = '0.13.9';

/**
 * Makes `dir` through `make(tmp)` in a temporary folder beside it, marked `.complete` and renamed into place, so a
 * half-made folder is never seen; when another process finished `dir` first, theirs is kept. `make` returns false
 * (or throws) when it cannot: the temporary folder is removed and the result is false (or the error goes on).
 */
async function buildInPlace(dir: string, make: (tmp: string) => Promise<boolean>): Promise<boolean> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    if (!(await make(tmp))) {
      rmSync(tmp, { recursive: true, force: true });
      return false;
    }
    writeFileSync(join(tmp, '.complete'), '');
    renameSync(tmp, dir);
    return true;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(join(dir, '.complete'))) return true; // another process's rename won
    throw e;
  }
}

/** uv's binary, installed once per machine into its own environment under `base` (undefined: it cannot be had). */
async function uvBinary(base: string, interpreter: string, env: Record<string, string>): Promise<string | undefined> {
  const dir = join(base, `uv-${UV_VERSION}`);
  const uv = join(dir, 'bin', 'uv');
  if (existsSync(join(dir, '.complete'))) return uv;
  const made = await buildInPlace(dir, async (tmp) => {
    const venv = await run(interpreter, ['-m', 'venv', tmp], env);
    return venv.code === 0 && (await run(join(tmp, 'bin', 'python'), ['-m', 'pip', 'install', `uv==${UV_VERSION}`], env)).code === 0;
  }).catch(() => false);
  return made ? uv : undefined;
}

/** Makes the environment `tmp` with uv; false when uv is not to be had or fails (then pip makes it). */
async function withUv(base: string, interpreter: string, tmp: string, req: string, env: Record<string, string>): Promise<boolean> {
  const uv = await uvBinary(base, interpreter, env);
  if (!uv) return false;
  // The index pip would use, when one is set (uv does not read pip's settings).
  const index = env.PIP_INDEX_URL ?? process.env.PIP_INDEX_URL;
  const made = await run(uv, ['venv', '--quiet', '--python-preference', 'only-system', '--python', interpreter, tmp], env);
  const installed = made.code === 0
    ? await run(uv, ['pip', 'install', '--quiet', '--python', join(tmp, 'bin', 'python'), ...(index ? ['--index-url', index] : []), '-r', req], env)
    : made;
  if (installed.code === 0) return true;
  process.stderr.write(`[bench] uv could not make the environment (exit ${installed.code}); trying pip:\n${installed.output.trim().split('\n').slice(-4).join('\n')}\n`);
  rmSync(tmp, { recursive: true, force: true });
  return false;
}

/** Makes the environment `tmp` with venv and pip, naming the cause when it fails (PyPI unreachable, a bad pin). */
async function withPip(interpreter: string, tmp: string, req: string, env: Record<string, string>): Promise<void> {
  const made = await run(interpreter, ['-m', 'venv', tmp], env);
  if (made.code !== 0) throw new Error(`${interpreter} -m venv failed (exit ${made.code}); the benches need Python ≥ 3.9 with venv:\n${made.output.trim()}`);
  const venvPython = join(tmp, 'bin', 'python');
  const pip = await run(venvPython, ['-m', 'pip', 'install', '-r', req], env);
  if (pip.code !== 0) {
    const tail = pip.output.trim().split('\n').slice(-8).join('\n');
    // pip says "no matching distribution" alike for a wrong pin and an index it cannot reach: ask the index.
    const index = await indexUrl(venvPython, env);
    if (UNREACHABLE.test(pip.output) || !(await reachable(index))) {
      throw new Error(`pip could not reach PyPI to install ${relative(ROOT, req)} (index ${index}; the anchor needs its packages from there):\n${tail}`);
    }
    throw new Error(`pip install -r ${relative(ROOT, req)} failed (exit ${pip.code}):\n${tail}`);
  }
}

/** Where the environment of a requirements file lives (made or not), and the folder of all of them. */
function venvPlace(requirementsFile: string): { req: string; base: string; dir: string; python: string } {
  const req = resolve(requirementsFile);
  if (!existsSync(req)) throw new Error(`${relative(ROOT, req)}: no such requirements file`);
  const hash = createHash('sha256').update(readFileSync(req)).digest('hex').slice(0, 12);
  const base = process.env.HEADRACE_BENCH_VENVS ?? join(cacheDir(), 'bench');
  const dir = join(base, `venv-${hash}`);
  return { req, base, dir, python: join(dir, 'bin', 'python') };
}

/**
 * The environment of a requirements file when an earlier run has made it, else undefined (nothing is installed):
 * for a smoke run that uses a large anchor environment only when it is already there.
 */
export function madeVenv(requirementsFile: string): PythonEnv | undefined {
  const { dir, python } = venvPlace(requirementsFile);
  return existsSync(join(dir, '.complete')) ? { python, dir, created: false, setupSeconds: 0 } : undefined;
}

/** `env`: extra environment for venv and pip (e.g. PIP_* settings), on top of this process's. */
export async function pythonVenv(requirementsFile: string, opts: { env?: Record<string, string> } = {}): Promise<PythonEnv> {
  const env = opts.env ?? {};
  const { req, base, dir, python } = venvPlace(requirementsFile);
  if (existsSync(join(dir, '.complete'))) return { python, dir, created: false, setupSeconds: 0 };

  const t0 = performance.now();
  const interpreter = process.env.HEADRACE_BENCH_PYTHON ?? 'python3';
  mkdirSync(base, { recursive: true });
  process.stderr.write(`[bench] making a Python environment for ${relative(ROOT, req)} in ${dir}…\n`);
  await buildInPlace(dir, async (tmp) => {
    if (!(await withUv(base, interpreter, tmp, req, env))) await withPip(interpreter, tmp, req, env);
    return true;
  });
  return { python, dir, created: true, setupSeconds: (performance.now() - t0) / 1000 };
}
