// The launcher's supervisor (cli/platform/supervisor.ts) on real child processes: a child SIGKILLed is started
// again after the backoff, with one log line per event and its state, restarts and last exit in the health
// report; the backoff doubles and starts over once a child stays up; an orderly shutdown restarts nothing; a
// component whose starts keep failing ends `failed`.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BACKOFF, nextDelay, Supervisor, type ChildHandle } from '../../cli/platform/supervisor';

const started: ChildProcess[] = [];

/** A child that runs until it is killed, like a server. */
function sleeper(): ChildHandle {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  started.push(child);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const killed = (child: ChildProcess) => new Promise<void>((r) => {
  child.once('exit', () => r());
  child.kill('SIGKILL');
});

afterEach(() => {
  // Only the children this file started, by their handles.
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('supervisor', () => {
  it('doubles the delay from 0.5 s up to 30 s', () => {
    const delays: number[] = [];
    let d: number | undefined;
    for (let i = 0; i < 9; i++) delays.push((d = nextDelay(d, DEFAULT_BACKOFF)));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('restarts a SIGKILLed child after the backoff, says so, and reports restarting then up', async () => {
    const lines: string[] = [];
    const sup = new Supervisor((m) => lines.push(m), { initialMs: 300 });
    const s = await sup.supervise('temporal', async () => sleeper());
    const first = s.current().child;
    expect(sup.health()).toMatchObject({ status: 'ok', degraded: [], components: { temporal: { state: 'up', restarts: 0, pid: first.pid } } });

    await killed(first);
    expect(sup.health()).toMatchObject({
      status: 'degraded', degraded: ['temporal'],
      components: { temporal: { state: 'restarting', restarts: 1, lastExit: { cause: 'signal SIGKILL' } } },
    });
    expect(lines).toEqual(['[supervisor] temporal exited (signal SIGKILL); restarting in 0.3 s (restart 1)']);

    await vi.waitUntil(() => sup.health().components.temporal.state === 'up', { timeout: 5000, interval: 20 });
    const second = s.current().child;
    expect(second.pid).not.toBe(first.pid);
    expect(sup.health().components.temporal).toMatchObject({ state: 'up', restarts: 1, pid: second.pid });
    expect(lines[1]).toBe(`[supervisor] temporal is up again (pid ${second.pid}, restart 1)`);

    // The next exit waits twice as long.
    await killed(second);
    expect(lines[2]).toBe('[supervisor] temporal exited (signal SIGKILL); restarting in 0.6 s (restart 2)');
    await vi.waitUntil(() => sup.health().components.temporal.state === 'up', { timeout: 5000, interval: 20 });

    sup.shutdown();
    await s.stop();
    expect(sup.health().components.temporal.state).toBe('stopped');
  });

  it('starts the backoff over once a child stayed up long enough', async () => {
    const lines: string[] = [];
    const sup = new Supervisor((m) => lines.push(m), { initialMs: 100, resetAfterMs: 400 });
    const s = await sup.supervise('worker', async () => sleeper());
    await killed(s.current().child);
    await vi.waitUntil(() => sup.health().components.worker.state === 'up', { timeout: 5000, interval: 20 });
    await new Promise((r) => setTimeout(r, 500));
    await killed(s.current().child);
    expect(lines.filter((l) => l.includes('exited'))).toEqual([
      '[supervisor] worker exited (signal SIGKILL); restarting in 0.1 s (restart 1)',
      '[supervisor] worker exited (signal SIGKILL); restarting in 0.1 s (restart 2)',
    ]);
    sup.shutdown();
    await s.stop();
  });

  it('restarts nothing during an orderly shutdown, even a child that exits on its own then', async () => {
    const lines: string[] = [];
    const sup = new Supervisor((m) => lines.push(m), { initialMs: 50 });
    const s = await sup.supervise('predict', async () => sleeper());
    const child = s.current().child;
    sup.shutdown();
    await killed(child); // Ctrl+C reaches every child at once
    await new Promise((r) => setTimeout(r, 200));
    expect(lines).toEqual([]);
    expect(s.current().child).toBe(child);
    expect(sup.health().components.predict).toMatchObject({ state: 'stopped', restarts: 0 });
    await s.stop();
  });

  it('gives a component up, as failed, after starts that fail in a row; lists in-process parts as up', async () => {
    const lines: string[] = [];
    const sup = new Supervisor((m) => lines.push(m), { initialMs: 20, maxFailedStarts: 3 });
    sup.inProcess('database');
    let starts = 0;
    const s = await sup.supervise('worker', async () => {
      if (++starts > 1) throw new Error('connect ECONNREFUSED 127.0.0.1:7233');
      return sleeper();
    });
    await killed(s.current().child);
    await vi.waitUntil(() => sup.health().components.worker.state === 'failed', { timeout: 5000, interval: 20 });
    expect(starts).toBe(4);
    expect(lines.slice(1)).toEqual([
      '[supervisor] worker did not start (connect ECONNREFUSED 127.0.0.1:7233); retrying in 0.04 s',
      '[supervisor] worker did not start (connect ECONNREFUSED 127.0.0.1:7233); retrying in 0.08 s',
      '[supervisor] worker did not start 3 times in a row (connect ECONNREFUSED 127.0.0.1:7233); giving up — stop and start the platform',
    ]);
    const h = sup.health();
    expect(h).toMatchObject({ status: 'degraded', degraded: ['worker'] });
    expect(h.components.database).toMatchObject({ state: 'up', pid: process.pid, inProcess: true });
    expect(h.components.worker.lastExit?.cause).toBe('did not start: connect ECONNREFUSED 127.0.0.1:7233');
    sup.shutdown();
    await s.stop();
  });
});
