// The embedded database in a process of its own, as `headrace start` runs it (PGlite in the launcher, served on
// 127.0.0.1 through pglite-socket; the worker and the API speak the `postgres` driver to it), counting and timing
// every statement it runs, grouped by statement and table: so the orchestration bench can say how many round trips
// a step costs and how long the database took for them — a measurement, not a guess — and how much CPU the
// database process used.
//
// The child is this file run as a script (`node --import tsx bench/lib/dbprobe.ts HOME`): it prints
// `ready URL`, then answers `stats` with `stats {"statements": [...], "cpuMs": N}` and `reset` with `reset`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface DbStat {
  what: string;
  count: number;
  ms: number;
}

export interface DbProcess {
  url: string;
  /** Statements since the last reset, heaviest first, and the process's CPU time (user + system) in that time. */
  stats(): Promise<{ statements: DbStat[]; cpuMs: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  // A write with CTEs in front (a step's result and its log lines): named by its first CTE.
  const write = /^with "?([a-z_]+)"? as \( ?(insert|update|delete)/.exec(s);
  if (write) return `with ${write[1]}`;
  const m = /^(insert into|update|delete from|select .*? from|with .*?\) select .*? from) "?([a-z_]+)"?/.exec(s);
  if (m) return `${m[1].split(' ')[0]} ${m[2]}`;
  // A statement with CTEs in front: named by its first CTE, whose name says what it is for.
  const cte = /^with "?([a-z_]+)"? as/.exec(s);
  if (cte) return `with ${cte[1]}`;
  return s.split(' ').slice(0, 2).join(' ');
}

/** Starts the database process in `home` (its db folder). */
export async function startDbProcess(home: string): Promise<DbProcess> {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, '--import', 'tsx', fileURLToPath(import.meta.url), home], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<{ prefix: string; resolve(line: string): void; reject(err: Error): void }> = [];
  lines.on('line', (line) => {
    const i = waiting.findIndex((w) => line.startsWith(w.prefix));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(line);
  });
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the database process exited (${code})`));
  });
  const next = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      waiting.push({ prefix, resolve: (line) => resolve(line.slice(prefix.length).trim()), reject });
    });
  const ask = (cmd: string) => {
    const answer = next(cmd);
    child.stdin!.write(`${cmd}\n`);
    return answer;
  };
  const url = await next('ready');
  return {
    url,
    stats: async () => JSON.parse(await ask('stats')) as { statements: DbStat[]; cpuMs: number },
    reset: async () => void (await ask('reset')),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      await exited;
    },
  };
}

/** The child: serves the database and counts what it runs. */
async function serve(home: string): Promise<void> {
  const { startEmbeddedDatabase } = await import('../../cli/platform/database');
  const stats = new Map<string, DbStat>();
  /** Prepared statements' labels by client and name, and each client's statement bound last. */
  const prepared = new Map<string, string>();
  const bound = new Map<number, string>();
  const cstring = (b: Uint8Array, at: number): [string, number] => {
    const end = b.indexOf(0, at);
    return [Buffer.from(b.subarray(at, end)).toString('utf8'), end + 1];
  };
  const add = (what: string, count: number, ms: number) => {
    const s = stats.get(what) ?? { what, count: 0, ms: 0 };
    s.count += count;
    s.ms += ms;
    stats.set(what, s);
  };
  const observe = (handler: number, buf: Uint8Array, ms: number) => {
    // A chunk may hold several protocol messages: type byte, int32 length (itself included), body.
    let executed = 0;
    for (let at = 0; at + 5 <= buf.length;) {
      const type = String.fromCharCode(buf[at]);
      const len = Buffer.from(buf.buffer, buf.byteOffset + at + 1, 4).readInt32BE(0);
      const body = at + 5;
      if (type === 'P') {
        const [name, q] = cstring(buf, body);
        const [query] = cstring(buf, q);
        prepared.set(`${handler}:${name}`, label(query));
        bound.set(handler, label(query));
      } else if (type === 'B') {
        const [, s] = cstring(buf, body);
        const [name] = cstring(buf, s);
        bound.set(handler, prepared.get(`${handler}:${name}`) ?? '(unknown statement)');
      } else if (type === 'E') {
        executed++;
      } else if (type === 'Q') {
        const [query] = cstring(buf, body);
        bound.set(handler, label(query));
        executed++;
      }
      at += 1 + len;
    }
    add(bound.get(handler) ?? '(protocol)', executed, ms);
  };
  const db = await startEmbeddedDatabase(home, 0, { observe });
  let cpu = process.cpuUsage();
  process.stdout.write(`ready ${db.url}\n`);
  const input = createInterface({ input: process.stdin });
  input.on('line', (cmd) => {
    if (cmd === 'reset') {
      stats.clear();
      cpu = process.cpuUsage();
      process.stdout.write('reset\n');
    } else if (cmd === 'stats') {
      const used = process.cpuUsage(cpu);
      const statements = [...stats.values()].filter((s) => s.count > 0 || s.ms > 0).sort((a, b) => b.ms - a.ms);
      process.stdout.write(`stats ${JSON.stringify({ statements, cpuMs: (used.user + used.system) / 1000 })}\n`);
    }
  });
  input.once('close', () => void db.stop().then(() => process.exit(0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serve(process.argv[2]);
