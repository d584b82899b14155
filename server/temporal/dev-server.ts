// Runs the Temporal dev server (from the official CLI) as a child process, persisted to SQLite.
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { Connection } from '@temporalio/client';

export interface DevServer {
  address: string;
  uiUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The history service reads each of its task queues at most `…MaxPollRPS` times a second (20 by default). Every
 * step of a run passes two tasks through the transfer queue (its activity, then the workflow task that follows it),
 * so on an idle dev server each waited for the next of those reads: about 50 ms a hop, 100 ms a step, whatever the
 * worker did. Reads still happen only when a task is written (or at the long poll interval), so a higher limit costs
 * nothing while idle. Measured in docs/benchmarks.md ("The per-step floor").
 */
export const DEV_SERVER_DYNAMIC_CONFIG = [
  'history.transferProcessorMaxPollRPS=1000',
  'history.timerProcessorMaxPollRPS=1000',
  'history.visibilityProcessorMaxPollRPS=1000',
];

export async function startDevServer(opts: {
  bin: string;
  dbFile?: string;
  port: number;
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
  log?: (line: string) => void;
  /** `key=value` dynamic config (DEV_SERVER_DYNAMIC_CONFIG when absent). */
  dynamicConfig?: string[];
}): Promise<DevServer> {
  const dynamic = (opts.dynamicConfig ?? DEV_SERVER_DYNAMIC_CONFIG).flatMap((kv) => ['--dynamic-config-value', kv]);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'error', ...dynamic];
  if (opts.dbFile) {
    // Default SQLite pragmas make every workflow task a synchronous fsync; WAL keeps it fast and safe enough.
    args.push('--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  if (opts.headless) args.push('--headless');
  else args.push('--ui-ip', '127.0.0.1', '--ui-port', String(opts.uiPort ?? opts.port + 1000), '--ui-disable-news-fetch');
  if (opts.namespace && opts.namespace !== 'default') args.push('--namespace', opts.namespace);
  const child = spawn(opts.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
    opts.log?.(b.toString());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const address = `127.0.0.1:${opts.port}`;
  // An open port alone is not enough: under load another process may hold a port just handed out, and the frontend
  // opens its port before its namespace is registered. Ready means this child answers for the namespace.
  const ready = await Promise.race([waitForFrontend(address, opts.namespace ?? 'default', 60_000), exited.then(() => false)]);
  if (!ready || child.exitCode !== null) {
    const exitedEarly = child.exitCode !== null || child.signalCode !== null;
    child.kill('SIGKILL');
    throw new DevServerStartError(`the Temporal dev server did not start on ${address}:\n${output}`, exitedEarly);
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort ?? opts.port + 1000}`,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/**
 * A dev server on a port the OS says is free. Between that answer and the server's bind another process may take the
 * port (tests start many servers at once); the server then exits, and a fresh port is tried, up to three times.
 */
/** The dev server did not become ready; `exited`: its process ended first (rather than the wait running out). */
export class DevServerStartError extends Error {
  constructor(
    message: string,
    readonly exited: boolean,
  ) {
    super(message);
  }
}

/**
 * startDevServer, tried again (up to `tries` starts) when the dev server exits before it is ready. It picks the
 * ports of its internal services itself as it starts, and on a busy machine another process's connection can take
 * one of them between its pick and its bind ("address already in use"); a second start picks others. A start that
 * timed out is not tried again.
 */
export async function startDevServerRetrying(
  opts: Parameters<typeof startDevServer>[0],
  onRetry: (why: string) => void = () => {},
  tries = 3,
): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServer(opts);
    } catch (e) {
      if (attempt >= tries || !(e instanceof DevServerStartError) || !e.exited) throw e;
      onRetry(`the Temporal dev server exited while starting (start ${attempt} of ${tries}); starting it again`);
    }
  }
}

export async function startDevServerOnFreePort(opts: Omit<Parameters<typeof startDevServer>[0], 'port' | 'uiPort'>): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    const [port, uiPort] = await freePorts(opts.headless ? 1 : 2);
    try {
      return await startDevServer({ ...opts, port, uiPort });
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** Whether a Temporal frontend at `address` describes `namespace` before the deadline. */
export async function waitForFrontend(address: string, namespace: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const port = Number(address.split(':').pop());
  if (!(await waitForPort(port, timeoutMs, address.slice(0, address.lastIndexOf(':'))))) return false;
  while (Date.now() < deadline) {
    const ok = await (async () => {
      const connection = await Connection.connect({ address, connectTimeout: Math.max(1000, Math.min(5000, deadline - Date.now())) });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return true;
      } finally {
        await connection.close();
      }
    })().catch(() => false);
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((res) => {
      const s = createConnection({ port, host });
      s.once('connect', () => { s.destroy(); res(true); });
      s.once('error', () => { s.destroy(); res(false); });
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

/** Asks the OS for a free port on loopback. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

/**
 * `n` distinct free ports: every socket is held until all are bound, so no two answers are the same port
 * (one at a time, the kernel may hand a just-released port out again).
 */
export async function freePorts(n: number): Promise<number[]> {
  const { createServer } = await import('node:net');
  const servers = Array.from({ length: n }, () => createServer());
  try {
    return await Promise.all(
      servers.map((srv) => new Promise<number>((res, rej) => {
        srv.once('error', rej);
        srv.listen(0, '127.0.0.1', () => res((srv.address() as { port: number }).port));
      })),
    );
  } finally {
    await Promise.all(servers.map((srv) => new Promise<void>((res) => (srv.listening ? srv.close(() => res()) : res()))));
  }
}
