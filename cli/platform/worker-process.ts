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
