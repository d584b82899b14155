// The worker as a child process of the launcher: its own event loop for training, killable on its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/headrace.js', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

export function spawnWorker(env: Record<string, string>, queue = 'cpu', onLine?: (line: string) => void): WorkerProcess {
  const child = spawn(process.execPath, [bin, 'worker', '--queue', queue], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forward = (b: Buffer) => {
    for (const line of b.toString().split('\n')) if (line.trim()) onLine?.(line);
  };
  child.stdout!.on('data', forward);
  child.stderr!.on('data', forward);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** What `headrace worker` prints once it polls its task queue. */
export const WORKER_READY = 'worker polling';

/**
 * A worker, resolved once it polls (the launcher's supervisor restarts workers with it, so one that cannot reach
 * Temporal or the database counts as a failed start); rejects when it exits first or does not poll in time.
 */
export function spawnWorkerPolling(env: Record<string, string>, queue = 'cpu', onLine?: (line: string) => void, readyMs = 60_000): Promise<WorkerProcess> {
  return new Promise((resolve, reject) => {
    let polling = false;
    const w = spawnWorker(env, queue, (line) => {
      onLine?.(line);
      if (polling || !line.includes(WORKER_READY)) return;
      polling = true;
      clearTimeout(timer);
      resolve(w);
    });
    const timer = setTimeout(() => {
      void w.stop();
      reject(new Error(`the worker did not poll within ${readyMs / 1000} s`));
    }, readyMs);
    w.child.once('exit', (code, signal) => {
      if (polling) return;
      clearTimeout(timer);
      reject(new Error(`the worker exited (${signal ?? `code ${code}`}) before it polled`));
    });
  });
}
