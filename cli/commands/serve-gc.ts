// On one core (a container limited to one CPU, a process pinned with taskset), V8's garbage-collector helper
// threads take the core from the request thread for tens of milliseconds at a time; `--single-threaded-gc` keeps
// the collector on the request thread, where its pauses are short (docs/serving.md, "On one core"). A V8 flag is
// read when node starts, so `headrace serve` started without it on one core runs itself again with it.
import { spawn } from 'node:child_process';
import { availableParallelism, constants } from 'node:os';

export const SINGLE_THREADED_GC = '--single-threaded-gc';

/** Whether this predict server should run again under --single-threaded-gc (HEADRACE_SERVE_GC=default: never). */
export function wantsSingleThreadedGc(
  cores = availableParallelism(), execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env,
): boolean {
  return cores === 1 && !execArgv.includes(SINGLE_THREADED_GC) && env.HEADRACE_SERVE_GC !== 'default';
}

/** The flag for a predict server a launcher starts: present on one core. */
export function serveNodeFlags(cores = availableParallelism()): string[] {
  return cores === 1 ? [SINGLE_THREADED_GC] : [];
}

/**
 * Runs this same command again in a node with --single-threaded-gc and resolves with its exit code. SIGINT and
 * SIGTERM are passed on; the child stops by itself when this process dies (its IPC channel closes).
 */
export function rerunWithSingleThreadedGc(): Promise<number> {
  const child = spawn(process.execPath, [SINGLE_THREADED_GC, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
