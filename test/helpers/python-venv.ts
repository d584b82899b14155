// The Python client's test environment: a virtual environment with clients/python/requirements-test.txt, made once
// per version of that file and kept in ~/.cache/headrace/python-client/ (about 25 s from PyPI, then reused).
// A marker written last tells a finished environment from one an interrupted install left behind (made again).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheDir } from '../../server/temporal/cli-binary';

export const PYTHON_CLIENT_DIR = resolve('clients/python');

/** The environment's folder; made (with pip, from PyPI) when missing or unfinished. */
export function ensurePythonVenv(): string {
  const requirements = join(PYTHON_CLIENT_DIR, 'requirements-test.txt');
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex').slice(0, 12);
  const venv = join(cacheDir(), 'python-client', hash);
  const done = join(venv, '.headrace-complete');
  if (existsSync(done)) return venv;
  rmSync(venv, { recursive: true, force: true });
  try {
    execFileSync(process.env.HEADRACE_PYTHON ?? 'python3', ['-m', 'venv', venv], { stdio: 'pipe' });
    execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', requirements], { stdio: 'pipe', timeout: 600_000 });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`could not make the Python client's test environment in ${venv} (python3 -m venv, then pip install -r ${requirements}): ${e.stderr?.toString().trim() || e.message}`, { cause: err });
  }
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return venv;
}
