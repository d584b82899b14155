// The predict server as a child process of the launcher (`headrace serve`), like the worker: the data plane keeps
// its own event loop (and its inference threads) away from the web app and the API, and stops on its own. The
// child prints its URL once it listens; `spawnPredictServer` resolves with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveNodeFlags } from '../commands/serve-gc';

/** The line `headrace serve` prints once it answers, followed by its URL. */
export const PREDICT_READY = 'predict server listening on';

const bin = fileURLToPath(new URL('../../bin/headrace.js', import.meta.url));

export interface PredictProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `headrace serve ARGS` with `env` (DATABASE_URL, HEADRACE_ARTIFACTS, HEADRACE_SERVE_PORT, …) and
 * resolves with its URL once it listens; rejects with its last lines when it exits first or is not up in time.
 */
export function spawnPredictServer(env: Record<string, string>, args: string[] = [], onLine?: (line: string) => void, readyMs = 60_000): Promise<PredictProcess> {
  const child = spawn(process.execPath, [...serveNodeFlags(), bin, 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(t);
  };
  return new Promise((resolve, reject) => {
    const last: string[] = [];
    let url: string | undefined;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the predict server did not start within ${readyMs / 1000} s: ${last.join(' | ')}`));
    }, readyMs);
    const forward = (b: Buffer) => {
      for (const line of b.toString().split('\n')) {
        if (!line.trim()) continue;
        last.push(line);
        if (last.length > 20) last.shift();
        onLine?.(line);
        if (!url && line.startsWith(PREDICT_READY)) {
          url = line.slice(PREDICT_READY.length).trim().split(/\s/)[0];
          clearTimeout(timer);
          resolve({ child, url, stop });
        }
      }
    };
    child.stdout!.on('data', forward);
    child.stderr!.on('data', forward);
    child.once('exit', (code, signal) => {
      if (url) return;
      clearTimeout(timer);
      reject(new Error(`the predict server exited (${signal ?? `code ${code}`}) before it listened: ${last.join(' | ') || 'no output'}`));
    });
  });
}
