// Runs one side of a bench as a child process and measures its wall time and peak resident memory (the kernel's
// high-water mark for exactly that process, through wait4 in bench/python/rusage.py — a poll of /proc would miss
// a short peak). `tsChild` runs a TypeScript file of ours the same way (node --import tsx), `bundledChild` as an
// esbuild bundle, as the platform runs its code.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bundleModule } from './bundled';
import { ROOT } from './harness';

export interface ChildRun {
  /** Wall time of the child from fork to exit, in ms (the wrapper's start is not included). */
  ms: number;
  /** Peak resident set size of the child, in bytes. */
  maxRssBytes: number;
  stdout: string;
  stderr: string;
}

const RUSAGE = join(ROOT, 'bench', 'python', 'rusage.py');

export function measureChild(command: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<ChildRun> {
  const dir = mkdtempSync(join(tmpdir(), 'headrace-rusage-'));
  const report = join(dir, 'report.json');
  const wrapper = process.env.HEADRACE_BENCH_PYTHON ?? 'python3';
  return new Promise((done, fail) => {
    const child = spawn(wrapper, [RUSAGE, report, command, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.once('error', (e) => {
      rmSync(dir, { recursive: true, force: true });
      fail(new Error(`cannot run ${wrapper} (needed to measure a child's memory): ${e.message}`));
    });
    child.once('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.trim().split('\n').slice(-15).join('\n')}`);
        const r = JSON.parse(readFileSync(report, 'utf8')) as { wall_s: number; maxrss_kib: number };
        done({ ms: r.wall_s * 1000, maxRssBytes: r.maxrss_kib * 1024, stdout, stderr });
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Runs `file` (a TypeScript module, relative to the repository root) bundled as the platform runs its code
 *  (bench/lib/bundled.ts), in a fresh Node process, measured. */
export async function bundledChild(file: string, args: string[] = [], opts: { env?: Record<string, string> } = {}): Promise<ChildRun> {
  const bundle = await bundleModule(file, basename(file).replace(/\.ts$/, ''));
  return measureChild(process.execPath, [bundle, ...args], opts);
}

/** Runs `file` (a TypeScript module, relative to the repository root) in a fresh Node process, measured. */
export function tsChild(file: string, args: string[] = [], opts: { env?: Record<string, string> } = {}): Promise<ChildRun> {
  return measureChild(process.execPath, ['--import', 'tsx', join(ROOT, file), ...args], opts);
}
