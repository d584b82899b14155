// SeaweedFS (Apache-2.0), the S3-compatible server the tests of the S3 artifact store run against, pinned and
// built from the Go module proxy into the per-user cache (~/.cache/headrace/seaweedfs-<version>/weed), like the
// Temporal CLI. `go install MODULE@VERSION` refuses this module (its go.mod has a replace directive), so the
// module is downloaded with `go mod download` and `./weed` is built inside a copy of it, where the replace
// applies as the main module's own. Obtained by `headrace setup --s3` (and .ci/run); never while tests run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, copyIntoCache } from '../../server/temporal/cli-binary';

const run = promisify(execFile);

export const SEAWEEDFS_MODULE = 'github.com/seaweedfs/seaweedfs';
/** A pseudo-version the Go module proxy serves (the project tags releases without Go's `v` prefix). */
export const SEAWEEDFS_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';

export interface SeaweedBinary {
  path: string;
  route: 'env' | 'cache' | 'go';
  ms: number;
}

/** Where the built `weed` lies in the per-user cache. */
export function seaweedCachePath(): string {
  return join(cacheDir(), `seaweedfs-${SEAWEEDFS_VERSION}`, 'weed');
}

/** The binary if it is there already (HEADRACE_WEED_BIN, else the cache); never builds. */
export function findSeaweedfs(): string | undefined {
  const fromEnv = process.env.HEADRACE_WEED_BIN;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const cached = seaweedCachePath();
  return existsSync(cached) ? cached : undefined;
}

/** Finds `weed`, or builds it with Go (minutes on two cores: docs/storage.md). */
export async function ensureSeaweedfs(log: (m: string) => void = () => {}): Promise<SeaweedBinary> {
  const t0 = Date.now();
  const fromEnv = process.env.HEADRACE_WEED_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`HEADRACE_WEED_BIN=${fromEnv} does not exist`);
    return { path: fromEnv, route: 'env', ms: Date.now() - t0 };
  }
  const target = seaweedCachePath();
  if (existsSync(target)) return { path: target, route: 'cache', ms: Date.now() - t0 };
  log(`building SeaweedFS ${SEAWEEDFS_VERSION} from the Go module proxy (takes minutes)…`);
  try {
    await buildWithGo(target);
  } catch (e) {
    const err = e as Error & { stderr?: string };
    const detail = (err.stderr ?? '').trim().split('\n').slice(-5).join('\n  ');
    throw new Error(`could not build SeaweedFS with Go (needs \`go\` ≥ 1.26.6 and the Go module proxy): ${err.message.split('\n')[0]}${detail ? `\n  ${detail}` : ''}\nOr set HEADRACE_WEED_BIN to a weed binary.`, { cause: e });
  }
  return { path: target, route: 'go', ms: Date.now() - t0 };
}

async function buildWithGo(target: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'headrace-seaweedfs-'));
  const env = { ...process.env, CGO_ENABLED: '0' };
  try {
    const { stdout } = await run('go', ['mod', 'download', '-json', `${SEAWEEDFS_MODULE}@${SEAWEEDFS_VERSION}`], { env, maxBuffer: 1 << 24, timeout: 10 * 60_000 });
    const { Dir: dir } = JSON.parse(stdout) as { Dir?: string };
    if (!dir) throw new Error(`go mod download gave no folder for ${SEAWEEDFS_MODULE}@${SEAWEEDFS_VERSION}`);
    // The module cache is read-only: build in a writable copy (go.sum comes with it; dependencies are verified).
    const src = join(work, 'src');
    await cp(dir, src, { recursive: true });
    await run('chmod', ['-R', 'u+w', src]);
    const out = join(work, 'weed');
    await run('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', out, './weed'], { cwd: src, env, maxBuffer: 1 << 26, timeout: 60 * 60_000 });
    await chmod(out, 0o755);
    await run(out, ['version']);
    await copyIntoCache(out, target, 0o755);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
