// The distributed topology on one machine, every part its own process on 127.0.0.1 with free ports: a PostgreSQL
// cluster of its own (initdb into a temp folder), the Temporal dev server on TCP persisted to its own SQLite file,
// SeaweedFS as the S3 store, 2 API servers (`headrace api`), 2 CPU workers (`headrace worker`) and 2 predict servers
// (`headrace serve`). Each part can be SIGKILLed (by its PID) and started again on the same ports and data, and
// PostgreSQL stopped fast or immediately and started again. `down()` ends every process it started, by PID, and
// removes the temp folders; a watchdog process does the same if the test process itself dies first.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import postgres from 'postgres';
import { findSeaweedfs } from '../../cli/platform/seaweedfs';
import { createHeadraceClient, type HeadraceClient } from '../../server/api/client';
import { ensureTemporalCli, workflowBundleDir } from '../../server/temporal/cli-binary';
import { startDevServer, type DevServer } from '../../server/temporal/dev-server';
import { workflowBundle } from '../../workers/bundle';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'headrace.js');

export const ADMIN_PASSWORD = 'topology-admin-password';
const ACCESS_KEY = 'headrace-topology';
const SECRET_KEY = 'headrace-topology-secret-key';
const BUCKET = 'headrace-topology';

/** One process of the topology: its PID now, and how to SIGKILL it and start it again (same ports, same data). */
export interface Part {
  name: string;
  /** Its URL, for the API and predict servers. */
  url?: string;
  pid(): number | undefined;
  running(): boolean;
  /** SIGKILL by PID; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again; resolves once it is ready. */
  restart(): Promise<void>;
  /** Its output so far (the last 64 KiB), for a failing test's message. */
  tail(): string;
}

export interface Topology {
  dir: string;
  /** What every Headrace process runs with (DATABASE_URL, TEMPORAL_ADDRESS, HEADRACE_ARTIFACTS, the AWS variables…). */
  env: Record<string, string>;
  databaseUrl: string;
  temporalAddress: string;
  s3: { endpoint: string; bucket: string; client: S3Client };
  postgres: Part & {
    /** `pg_ctl stop -m fast` (SIGINT) or `-m immediate` (SIGQUIT) to the postmaster; resolves once it has exited. */
    stop(mode: 'fast' | 'immediate'): Promise<void>;
  };
  temporal: Part;
  seaweedfs: Part;
  apis: Part[];
  workers: Part[];
  predicts: Part[];
  /** The first admin's token (printed once by the API that made it). */
  adminToken: string;
  /** A client of API server `i` as the admin. */
  client(i: number): HeadraceClient;
  /** Every process by PID, then the temp folders. */
  down(): Promise<void>;
}

/** The PIDs a watchdog kills if the test process dies without `down()`. */
class PidFile {
  private readonly pids = new Map<string, number>();
  constructor(readonly path: string) {
    writeFileSync(path, '');
  }
  set(name: string, pid: number | undefined): void {
    if (pid === undefined) this.pids.delete(name);
    else this.pids.set(name, pid);
    writeFileSync(this.path, [...this.pids.values()].join('\n'));
  }
}

/** A shell that waits for this process to end, then SIGKILLs every PID in the file and removes the folders. */
function startWatchdog(pidFile: string, dirs: string[]): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; for p in $(cat '${pidFile}'); do kill -9 "$p" 2>/dev/null; done; sleep 1; rm -rf ${dirs.map((d) => `'${d}'`).join(' ')}`;
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

interface Spawned {
  child: ChildProcess;
  exited: Promise<void>;
}

/** A child whose output goes to its log file and a ring buffer; `ready` is told each line. */
function spawnLogged(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string; log: string; onLine?: (line: string) => void; ring: { text: string } }): Spawned {
  const child = spawn(cmd, args, { cwd: opts.cwd ?? root, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const fd = openSync(opts.log, 'a');
  let partial = '';
  const onData = (b: Buffer) => {
    const text = b.toString();
    writeFileSync(fd, text);
    opts.ring.text = (opts.ring.text + text).slice(-65_536);
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) opts.onLine?.(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((r) => child.once('exit', () => {
    closeSync(fd);
    r();
  }));
  return { child, exited };
}

function alive(child: ChildProcess | undefined): boolean {
  return !!child && child.exitCode === null && child.signalCode === null;
}

/** An error `until` does not wait out. */
export class Fatal extends Error {}

/** Polls `probe` every `interval` ms until it returns a value; errors count as "not yet" (a server may be down), but Fatal. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>, interval = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      if (err instanceof Fatal) throw err;
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * A Headrace node process (`headrace api|worker|serve …`): ready once it prints `readyLine`; started again with the
 * same arguments and environment.
 */
function nodePart(name: string, args: string[], env: Record<string, string>, opts: { dir: string; pids: PidFile; readyLine: string; url?: string; onLine?: (line: string) => void }): Part & { start(): Promise<void> } {
  let current: Spawned | undefined;
  const ring = { text: '' };
  const log = join(opts.dir, `${name}.log`);
  const start = () => new Promise<void>((resolveStart, reject) => {
    let ready = false;
    const s = spawnLogged(process.execPath, [bin, ...args], {
      env, log, ring,
      onLine: (line) => {
        opts.onLine?.(line);
        if (!ready && line.includes(opts.readyLine)) {
          ready = true;
          clearTimeout(timer);
          resolveStart();
        }
      },
    });
    current = s;
    opts.pids.set(name, s.child.pid);
    const timer = setTimeout(() => {
      s.child.kill('SIGKILL');
      reject(new Error(`${name} did not print "${opts.readyLine}" within 90 s:\n${ring.text.slice(-3000)}`));
    }, 90_000);
    void s.exited.then(() => {
      if (current === s) opts.pids.set(name, undefined);
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${name} exited before it was ready:\n${ring.text.slice(-3000)}`));
      }
    });
  });
  return {
    name,
    url: opts.url,
    pid: () => (alive(current?.child) ? current!.child.pid : undefined),
    running: () => alive(current?.child),
    start,
    async kill() {
      if (current && alive(current.child)) {
        process.kill(current.child.pid!, 'SIGKILL');
        await current.exited;
      }
    },
    restart: start,
    tail: () => ring.text,
  };
}

function pgBinDir(): string {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql/*/bin');
  return join(base, versions[0], 'bin');
}

function userIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A PostgreSQL cluster of its own in `dir` (initdb), on `port`; as root, run as the `postgres` user. */
function postgresPart(dir: string, port: number, pids: PidFile): Topology['postgres'] & { start(): Promise<void> } {
  const pgBin = pgBinDir();
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  execFileSync(...wrap(join(pgBin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']), { stdio: 'pipe' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ring = { text: '' };
  let current: Spawned | undefined;
  // runuser does not pass signals on: the postmaster is signalled by the PID it writes.
  const postmasterPid = (): number | undefined => {
    const first = Number(readFileSync(join(data, 'postmaster.pid'), { encoding: 'utf8', flag: 'r' }).split('\n')[0]);
    return Number.isInteger(first) && first > 0 ? first : undefined;
  };
  const start = async () => {
    // fsync off: a process killed loses nothing (the kernel has the pages); synchronous commits stay on.
    const s = spawnLogged(...wrap(join(pgBin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-h', '127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200']), {
      cwd: dir, log: join(dir, 'postgres.log'), ring,
    });
    current = s;
    pids.set('postgres-runuser', s.child.pid);
    await until('PostgreSQL', 60_000, async () => {
      if (!alive(s.child)) throw new Error(`postgres exited:\n${ring.text.slice(-2000)}`);
      const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 2 });
      try {
        await sql`select 1`;
        return true;
      } finally {
        await sql.end({ timeout: 1 });
      }
    });
    pids.set('postgres', postmasterPid());
  };
  const signal = async (sig: NodeJS.Signals) => {
    if (!current || !alive(current.child)) return;
    try {
      process.kill(postmasterPid()!, sig);
    } catch (err) {
      // No postmaster.pid (it had not written it yet): its parent goes instead, and the postmaster with it.
      console.warn(`signalling the postmaster: ${String(err)}`);
      current.child.kill('SIGKILL');
    }
    await current.exited;
    pids.set('postgres', undefined);
    pids.set('postgres-runuser', undefined);
  };
  return {
    name: 'postgres',
    url,
    pid: () => {
      try {
        return alive(current?.child) ? postmasterPid() : undefined;
      } catch {
        return undefined; // not started yet, or stopped
      }
    },
    running: () => alive(current?.child),
    start,
    stop: (mode) => signal(mode === 'fast' ? 'SIGINT' : 'SIGQUIT'),
    kill: () => signal('SIGKILL'),
    restart: start,
    tail: () => ring.text,
  };
}

/**
 * `n` free ports below the kernel's ephemeral range, for the topology's servers. A port the kernel hands out for
 * listen(0) comes from that range, where the processes' own outgoing connections also take their local ports: a
 * server that binds seconds after its port was picked (SeaweedFS's filer binds its gRPC port once the master is up)
 * could find it taken by one of the many connections the topology makes while it starts.
 */
async function listenPorts(n: number): Promise<number[]> {
  const { createServer } = await import('node:net');
  const range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  const below = Number.isInteger(range[0]) && range[0] > 12_000 ? range[0] : 32_768;
  const ports: number[] = [];
  const free = (port: number) => new Promise<boolean>((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
  for (let tries = 0; ports.length < n; tries++) {
    if (tries > 2000) throw new Error(`no ${n} free ports below ${below}`);
    const port = 10_000 + Math.floor(Math.random() * (below - 10_000));
    if (!ports.includes(port) && (await free(port))) ports.push(port);
  }
  return ports;
}

/** SeaweedFS (`weed server -filer -s3`) in `dir` on fixed ports, so a restart finds its data; ready once it takes a write. */
function seaweedPart(dir: string, ports: number[], pids: PidFile): Part & { start(): Promise<void>; endpoint: string; client: S3Client } {
  const weed = findSeaweedfs();
  if (!weed) throw new Error('SeaweedFS is not built: run `npx headrace setup --s3` once (it builds it into ~/.cache/headrace/)');
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = ports;
  writeFileSync(join(dir, 's3.json'), JSON.stringify({
    identities: [{ name: 'headrace', credentials: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }], actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'] }],
  }));
  // One volume at a time (the default, 7, costs seconds on a bucket's first write).
  writeFileSync(join(dir, 'master.toml'), '[master.volume_growth]\ncopy_1 = 1\ncopy_2 = 2\ncopy_3 = 3\ncopy_other = 1\n');
  const args = [
    'server', '-ip=127.0.0.1', '-ip.bind=127.0.0.1', `-dir=${dir}`,
    // One master, no Raft peers: it leads at once, also when started again after a SIGKILL (else it waits out an election).
    `-master.port=${master}`, `-master.port.grpc=${masterGrpc}`, '-master.peers=none', '-master.telemetry=false', '-master.volumeSizeLimitMB=64',
    `-volume.port=${volume}`, `-volume.port.grpc=${volumeGrpc}`, '-volume.max=32', '-volume.preStopSeconds=0',
    '-filer', `-filer.port=${filer}`, `-filer.port.grpc=${filerGrpc}`, `-filer.localSocket=${join(dir, 'filer.sock')}`,
    '-s3', `-s3.port=${s3}`, `-s3.port.grpc=${s3Grpc}`, '-s3.port.iceberg=0', '-s3.port.lance=0', `-s3.config=${join(dir, 's3.json')}`,
    `-s3.localSocket=${join(dir, 's3.sock')}`,
  ];
  const endpoint = `http://127.0.0.1:${s3}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY } });
  const ring = { text: '' };
  let current: Spawned | undefined;
  let made = false;
  const start = async () => {
    // Sockets a killed weed leaves behind would keep the next one from listening.
    for (const f of ['filer.sock', 's3.sock']) rmSync(join(dir, f), { force: true });
    for (const [kind, port] of [['master', masterGrpc], ['volume', volumeGrpc], ['filer', filerGrpc], ['s3', s3Grpc]] as const) {
      rmSync(`/tmp/seaweedfs-${kind}-grpc-${port}.sock`, { force: true });
    }
    const s = spawnLogged(weed, args, { cwd: dir, log: join(dir, 'weed.log'), ring });
    current = s;
    pids.set('seaweedfs', s.child.pid);
    const probe = { Bucket: BUCKET, Key: '.headrace-ready' };
    await until('SeaweedFS', 90_000, async () => {
      if (!alive(s.child)) throw new Error(`weed exited:\n${ring.text.slice(-2000)}`);
      if (!made) {
        await client.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((err: { name?: string }) => {
          if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
        });
        made = true;
      }
      await client.send(new PutObjectCommand({ ...probe, Body: 'ready' }));
      await client.send(new DeleteObjectCommand(probe));
      return true;
    });
  };
  return {
    name: 'seaweedfs',
    url: endpoint,
    endpoint,
    client,
    pid: () => (alive(current?.child) ? current!.child.pid : undefined),
    running: () => alive(current?.child),
    start,
    async kill() {
      if (current && alive(current.child)) {
        process.kill(current.child.pid!, 'SIGKILL');
        await current.exited;
        pids.set('seaweedfs', undefined);
      }
    },
    restart: start,
    tail: () => ring.text,
  };
}

/** The Temporal dev server on TCP, persisted to its own SQLite file: SIGKILLed and started again, it keeps every run. */
function temporalPart(binPath: string, dbFile: string, port: number, pids: PidFile): Part & { start(): Promise<void>; address: string } {
  let current: DevServer | undefined;
  let exited: Promise<void> = Promise.resolve();
  const ring = { text: '' };
  const start = async () => {
    current = await startDevServer({ bin: binPath, dbFile, port, headless: true, log: (t) => (ring.text = (ring.text + t).slice(-65_536)) });
    const child = current.child;
    exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
    pids.set('temporal', child.pid);
  };
  return {
    name: 'temporal',
    address: `127.0.0.1:${port}`,
    pid: () => (alive(current?.child) ? current!.child.pid : undefined),
    running: () => alive(current?.child),
    start,
    async kill() {
      if (current && alive(current.child)) {
        process.kill(current.child.pid!, 'SIGKILL');
        await exited;
        pids.set('temporal', undefined);
      }
    },
    restart: start,
    tail: () => ring.text,
  };
}

/** Brings the whole topology up; on any failure everything started so far is taken down again. */
export async function startTopology(opts: {
  log?: (m: string) => void;
  /** The workers' niceness (`headrace worker --nice`), for a topology whose processes share one machine's cores. */
  workerNice?: number;
} = {}): Promise<Topology> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'headrace-topology-'));
  const pgDir = mkdtempSync(join(tmpdir(), 'headrace-topology-pg-'));
  const pids = new PidFile(join(dir, 'pids'));
  const watchdog = startWatchdog(pids.path, [dir, pgDir]);
  const parts: Part[] = [];
  const down = async () => {
    // Headrace's processes first (SIGKILL: nothing of theirs needs to be kept), then the servers they use. A part
    // that cannot be stopped is said and the rest still come down (the watchdog ends what is left).
    const warn = (p: Part) => (err: unknown) => console.warn(`stopping ${p.name}: ${String(err)}`);
    const servers = ['postgres', 'temporal', 'seaweedfs'];
    const order = [...parts].reverse();
    await Promise.all(order.filter((p) => !servers.includes(p.name)).map((p) => p.kill().catch(warn(p))));
    for (const p of order.filter((q) => servers.includes(q.name))) {
      if (p.name === 'postgres') await (p as Topology['postgres']).stop('immediate').catch(warn(p));
      else await p.kill().catch(warn(p));
    }
    for (const p of parts) (p as { client?: S3Client }).client?.destroy();
    rmSync(dir, { recursive: true, force: true });
    rmSync(pgDir, { recursive: true, force: true });
    if (watchdog.pid !== undefined) {
      try {
        process.kill(watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  try {
    const [pgPort, temporalPort, api1, api2, serve1, serve2, ...weedPorts] = await listenPorts(6 + 8);
    const temporalBin = (await ensureTemporalCli()).path;

    // The servers Headrace uses, at once; the workflow bundle is made meanwhile (once, for both workers).
    const pg = postgresPart(pgDir, pgPort, pids);
    const temporal = temporalPart(temporalBin, join(dir, 'temporal.db'), temporalPort, pids);
    mkdirSync(join(dir, 'weed'));
    const weed = seaweedPart(join(dir, 'weed'), weedPorts, pids);
    parts.push(pg, temporal, weed);
    const timed = async (what: string, p: Promise<unknown>) => {
      await p;
      log(`${what} up (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    };
    // Nothing Headrace starts touches S3 before a run or a deployment: SeaweedFS comes up while they start.
    const s3Up = timed('seaweedfs', weed.start());
    // Said now if it fails early; awaited (and thrown) below with the rest.
    s3Up.catch((err: unknown) => log(`seaweedfs: ${String(err)}`));
    await Promise.all([timed('postgres', pg.start()), timed('temporal', temporal.start()), timed('workflow bundle', workflowBundle(workflowBundleDir()))]);

    const env: Record<string, string> = {
      DATABASE_URL: pg.url!,
      TEMPORAL_ADDRESS: temporal.address,
      HEADRACE_ARTIFACTS: `s3://${BUCKET}/artifacts`,
      AWS_ENDPOINT_URL_S3: weed.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      HEADRACE_AUTH: 'required',
      HEADRACE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // The pipelines of the tests live in examples/ and temp folders.
      HEADRACE_DATA_ROOTS: [root, tmpdir()].join(','),
      HEADRACE_LOG_LEVEL: 'warn',
    };
    /** A process's own HEADRACE_HOME (the workers read the workflow bundle made above from the per-user cache). */
    const homeOf = (name: string) => {
      const home = join(dir, name);
      mkdirSync(join(home, 'cache'), { recursive: true });
      return home;
    };

    let adminToken: string | undefined;
    const apiPart = (i: number, port: number) => {
      const url = `http://127.0.0.1:${port}`;
      return nodePart(`api-${i}`, ['api', '--no-web', '--host', '127.0.0.1', '--port', String(port)], { ...env, HEADRACE_HOME: homeOf(`api-${i}`), HEADRACE_URL: url }, {
        dir, pids, readyLine: 'api listening on', url,
        onLine: (line) => {
          adminToken ??= /admin token \(shown once[^)]*\): (hr_\S+)/.exec(line)?.[1];
        },
      });
    };
    // Both API servers at once (the migrations run under an advisory lock, the first admin under a transaction
    // lock: one of them makes it and prints its token) with the workers, which need no table to poll; the predict
    // servers once the tables they follow exist.
    const apis = [apiPart(1, api1), apiPart(2, api2)];
    const workers = [1, 2].map((i) => nodePart(`worker-${i}`, ['worker', '--queue', 'cpu', ...(opts.workerNice ? ['--nice', String(opts.workerNice)] : [])], { ...env, HEADRACE_HOME: homeOf(`worker-${i}`) }, { dir, pids, readyLine: 'worker polling' }));
    const predicts = [serve1, serve2].map((port, i) => nodePart(`predict-${i + 1}`, ['serve', '--host', '127.0.0.1', '--port', String(port), '--threads', '1'], { ...env, HEADRACE_HOME: homeOf(`predict-${i + 1}`) }, {
      dir, pids, readyLine: 'predict server listening on', url: `http://127.0.0.1:${port}`,
    }));
    parts.push(...apis, ...workers, ...predicts);
    const servingApis = Promise.all(apis.map((a) => timed(a.name, a.start())));
    await Promise.all([
      s3Up,
      ...workers.map((w) => timed(w.name, w.start())),
      servingApis.then(() => Promise.all(predicts.map((p) => timed(p.name, p.start())))),
    ]);
    if (!adminToken) throw new Error(`no API server printed the admin token:\n${apis.map((a) => a.tail().slice(-1500)).join('\n')}`);

    const token = adminToken;
    return {
      dir, env,
      databaseUrl: pg.url!,
      temporalAddress: temporal.address,
      s3: { endpoint: weed.endpoint, bucket: BUCKET, client: weed.client },
      postgres: pg, temporal, seaweedfs: weed, apis, workers, predicts,
      adminToken: token,
      client: (i) => createHeadraceClient({ url: apis[i].url!, token }),
      down,
    };
  } catch (err) {
    const tails = parts.map((p) => `--- ${p.name}\n${p.tail().slice(-1500)}`).join('\n');
    await down();
    throw new Error(`the topology did not come up: ${(err as Error).message}\n${tails}`, { cause: err });
  }
}
