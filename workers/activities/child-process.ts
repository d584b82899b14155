// Running a user's program as a child process for a step (train.command): no shell, its own process group (so a
// cancel or a timeout stops it with everything it started: SIGTERM to the group, SIGKILL after a grace period),
// stdout and stderr handed over line by line as they come, and the last stderr lines kept for the error.
// A worker that exits while programs run kills their groups on its way out; a worker killed outright cannot, so
// the step's heartbeat names the program's pid and the next attempt stops what the last one left (see
// `stopLeftover`).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type StreamName = 'stdout' | 'stderr';

export interface ChildOptions {
  /** The program: a path (absolute, or relative to `cwd`) or a bare name looked up on `env.PATH`. */
  command: string;
  args: readonly string[];
  cwd: string;
  /** The program's whole environment (nothing is inherited beyond it). */
  env: Record<string, string>;
  /** Each complete line of output, without its line ending, in the order it arrived on that stream. */
  onLine(stream: StreamName, line: string): void;
  /** Aborting it stops the program (`stopped: 'cancelled'`). */
  signal?: AbortSignal;
  /** Stops the program after this long (`stopped: 'timeout'`). */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL when stopping it. */
  killGraceMs: number;
  /** stderr lines kept for `stderrTail` (default 20). */
  tailLines?: number;
}

export interface ChildResult {
  pid: number;
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why we stopped it, when we did. */
  stopped?: 'cancelled' | 'timeout';
  /** The last stderr lines (at most `tailLines`). */
  stderrTail: string[];
  lines: { stdout: number; stderr: number };
  /** Processes of its group still running when it exited (killed then); undefined where /proc cannot tell. */
  leftovers?: number;
  durationMs: number;
}

export interface RunningChild {
  pid: number;
  done: Promise<ChildResult>;
}

/** A line longer than this is handed over in pieces, so a program that never prints a newline cannot fill memory. */
const MAX_LINE = 64 * 1024;
/** After the program exits and its group is killed: how long to wait for the pipes to close (a process that left the group may hold them). */
const CLOSE_WAIT_MS = 2000;

/** Splits a byte stream into lines (UTF-8 across chunk boundaries). A carriage return keeps what follows it, as a terminal shows a progress bar. */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.take(this.decoder.write(chunk));
  }

  end(): void {
    this.take(this.decoder.end());
    if (this.rest.length > 0) this.line(this.rest);
    this.rest = '';
  }

  private take(text: string): void {
    if (text.length === 0) return;
    const parts = (this.rest + text).split('\n');
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.line(p);
    while (this.rest.length > MAX_LINE) {
      this.line(this.rest.slice(0, MAX_LINE));
      this.rest = this.rest.slice(MAX_LINE);
    }
  }

  private line(raw: string): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    this.emit(text.slice(text.lastIndexOf('\r') + 1));
  }
}

/** Sends `signal` to every process of group `pgid`; false when the group is gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  // -1 would be every process we may signal, 0 our own group: never either.
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** `/proc/<pid>/stat`'s state and process group (the command name may hold spaces and parentheses). */
function procStat(pid: number | string): { state: string; pgrp: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** Whether process `pid` runs (exists and is not a zombie waiting to be reaped). */
export function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  if (stat) return stat.state !== 'Z' && stat.state !== 'X';
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Running processes of group `pgid` (zombies left out); undefined where there is no /proc to ask. */
export function groupMembers(pgid: number): number[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  return pids.flatMap((p) => {
    const stat = procStat(p);
    return stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X' ? [Number(p)] : [];
  });
}

/** Groups of programs running now: killed if the worker process exits while they run. */
const running = new Set<number>();
let exitHook = false;

function track(pgid: number): void {
  running.add(pgid);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const g of running) killGroup(g, 'SIGKILL');
    });
  }
}

/**
 * Starts `command` in a new process group and reports its lines as they come. `done` resolves when it has exited
 * and its output is read (whatever its exit code), and rejects when it cannot be started (ENOENT, EACCES: the
 * error of `spawn`, with its `code`).
 */
export function runChild(opts: ChildOptions): RunningChild {
  const started = Date.now();
  const tailSize = opts.tailLines ?? 20;
  const child = spawn(opts.command, [...opts.args], {
    cwd: opts.cwd,
    // The program's whole environment, nothing more (the cast: Next's types make NODE_ENV a required key).
    env: opts.env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid ?? -1;
  const stderrTail: string[] = [];
  const lines = { stdout: 0, stderr: 0 };
  const splitters = {
    stdout: new LineSplitter((l) => {
      lines.stdout++;
      opts.onLine('stdout', l);
    }),
    stderr: new LineSplitter((l) => {
      lines.stderr++;
      stderrTail.push(l);
      if (stderrTail.length > tailSize) stderrTail.shift();
      opts.onLine('stderr', l);
    }),
  };
  child.stdout.on('data', (b: Buffer) => splitters.stdout.push(b));
  child.stderr.on('data', (b: Buffer) => splitters.stderr.push(b));
  if (pid > 0) track(pid);

  let stopped: ChildResult['stopped'];
  let graceTimer: NodeJS.Timeout | undefined;
  let exited = false;
  const stop = (why: NonNullable<ChildResult['stopped']>) => {
    if (stopped || exited || pid <= 0) return;
    stopped = why;
    if (opts.killGraceMs <= 0) {
      killGroup(pid, 'SIGKILL');
      return;
    }
    killGroup(pid, 'SIGTERM');
    graceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), opts.killGraceMs);
  };
  const onAbort = () => stop('cancelled');
  if (opts.signal?.aborted) queueMicrotask(onAbort);
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timeout = opts.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined;

  const done = new Promise<ChildResult>((resolve, reject) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null; leftovers?: number } | undefined;
    let closed = false;
    let closeTimer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      clearTimeout(timeout);
      clearTimeout(graceTimer);
      clearTimeout(closeTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      running.delete(pid);
    };
    const finish = () => {
      if (!exit || !closed) return;
      cleanup();
      splitters.stdout.end();
      splitters.stderr.end();
      resolve({ pid, code: exit.code, signal: exit.signal, stderrTail, lines, durationMs: Date.now() - started, ...(stopped ? { stopped } : {}), ...(exit.leftovers !== undefined ? { leftovers: exit.leftovers } : {}) });
    };
    child.once('error', (err) => {
      // Only a failed start reaches here with no exit to follow (a failed kill is not reported this way: we kill the group ourselves).
      if (exit) return;
      cleanup();
      reject(err);
    });
    child.once('exit', (code, signal) => {
      exited = true;
      if (pid <= 0) return; // never started: the 'error' event says why
      // What it started and left behind goes with it; SIGKILL at once, as the program itself had its grace.
      const left = groupMembers(pid);
      killGroup(pid, 'SIGKILL');
      exit = { code, signal, ...(left !== undefined ? { leftovers: left.length } : {}) };
      // A process that left the group may keep the pipes open: stop waiting for them after a while.
      closeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        closed = true;
        finish();
      }, CLOSE_WAIT_MS);
      finish();
    });
    child.once('close', () => {
      closed = true;
      finish();
    });
  });
  return { pid, done };
}

/**
 * Stops a program an earlier attempt of the same step left running on this machine (its worker died without
 * killing it): the process `pid` is killed with its group only when it still runs and its environment names
 * this run and step, so a reused pid is never taken for it. True when one was stopped.
 */
export function stopLeftover(pid: number, marks: Record<string, string>): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || !isRunning(pid)) return false;
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return false; // not ours to read, or no /proc: leave it
  }
  const vars = new Set(environ.split('\0'));
  if (!Object.entries(marks).every(([k, v]) => vars.has(`${k}=${v}`))) return false;
  return killGroup(pid, 'SIGKILL');
}
