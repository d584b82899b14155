// The serve bench's load side: builds the open-loop load generator (bench/serve/loadgen, Go standard library only,
// so it builds offline) once per source version into .headrace/bench/, runs it pinned to core 1, and searches the
// highest offered rate a server answers with p99 ≤ the bound.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/harness';

export interface LoadResult {
  offered: number;
  achieved: number;
  measured: number;
  ok: number;
  non2xx: number;
  errors: number;
  unfinished: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  conns: number;
  status: Record<string, number>;
  firstError?: string;
}

const SOURCE = join(ROOT, 'bench', 'serve', 'loadgen');

/** The generator's binary, built when its source changed. Throws one sentence when Go is missing. */
export function buildLoadgen(): string {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'main.go']) hash.update(readFileSync(join(SOURCE, f)));
  const dir = join(ROOT, '.headrace', 'bench');
  const bin = join(dir, `loadgen-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}`;
  process.stderr.write('[bench serve] building the load generator (bench/serve/loadgen)…\n');
  const r = spawnSync('go', ['build', '-o', tmp, '.'], {
    cwd: SOURCE, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  if (r.error) throw new Error(`the serve bench's load generator is written in Go and \`go\` cannot be run (${r.error.message}): install Go ≥ 1.22`);
  if (r.status !== 0) throw new Error(`go build of bench/serve/loadgen failed:\n${r.stderr.trim()}`);
  renameSync(tmp, bin);
  return bin;
}

export interface Probe {
  port: number;
  path: string;
  bodyFile: string;
  /** A V2 binary-extension body: its JSON header's length (absent: a JSON body). */
  binaryHeader?: number;
  rate: number;
  seconds: number;
  warmupSeconds: number;
}

/** One open-loop run at a fixed offered rate, the generator on core 1. */
export function load(bin: string, p: Probe): Promise<LoadResult> {
  const args = [
    '-c', '1', bin, '-addr', `127.0.0.1:${p.port}`, '-path', p.path, '-body', p.bodyFile,
    ...(p.binaryHeader ? ['-binary-header', String(p.binaryHeader)] : []),
    '-rate', String(p.rate), '-duration', `${Math.round(p.seconds * 1000)}ms`, '-warmup', `${Math.round(p.warmupSeconds * 1000)}ms`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}: ${err.trim()}`));
      resolve(JSON.parse(out) as LoadResult);
    });
  });
}

export const P99_BOUND_MS = 10;

/** Every request answered 2xx and p99 (from scheduled send time) within the bound. */
export function passes(r: LoadResult, boundMs = P99_BOUND_MS): boolean {
  return r.ok === r.measured && r.unfinished === 0 && r.p99 >= 0 && r.p99 <= boundMs;
}

export interface SearchResult {
  /** The highest offered rate that passed (0: none did). */
  rate: number;
  /** The run at that rate. */
  best?: LoadResult;
  probes: LoadResult[];
}

/**
 * The highest passing rate: from `start`, doubling while runs pass (halving while they fail, when the first
 * fails), then `bisect` geometric bisections between the last pass and the first failure.
 */
export async function searchRate(
  run: (rate: number) => Promise<LoadResult>,
  opts: { start: number; bisect: number; maxSteps: number; boundMs?: number; log?: (r: LoadResult, ok: boolean) => void },
): Promise<SearchResult> {
  const probes: LoadResult[] = [];
  const probe = async (rate: number) => {
    const r = await run(Math.round(rate));
    const ok = passes(r, opts.boundMs);
    probes.push(r);
    opts.log?.(r, ok);
    // A run that fell behind leaves a queue in the server: let it drain.
    await new Promise((done) => setTimeout(done, ok ? 200 : 1000));
    return ok;
  };
  let lo = 0;
  let hi = 0;
  let rate = opts.start;
  for (let step = 0; step < opts.maxSteps; step++) {
    if (await probe(rate)) {
      lo = rate;
      if (hi) break;
      rate *= 2;
    } else {
      hi = rate;
      if (lo) break;
      rate /= 2;
      if (rate < 2) break;
    }
  }
  if (lo && hi) {
    for (let i = 0; i < opts.bisect; i++) {
      const mid = Math.sqrt(lo * hi);
      if (await probe(mid)) lo = mid;
      else hi = mid;
    }
  }
  const passed = probes.filter((r) => passes(r, opts.boundMs));
  const best = passed.sort((a, b) => b.offered - a.offered)[0];
  return { rate: best?.offered ?? 0, best, probes };
}
