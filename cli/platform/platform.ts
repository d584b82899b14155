// The embedded platform: Temporal dev server, database, worker, web + API — composed and stopped together.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { revokeToken } from '../../server/auth/tokens';
import { bootstrapAdmin, launcherToken } from '../../server/auth/users';
import type { HeadraceConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import { startHttpServer } from '../../server/http';
import type { Services } from '../../server/services/context';
import { ensureTemporalCli } from '../../server/temporal/cli-binary';
import { startDevServerRetrying, type DevServer } from '../../server/temporal/dev-server';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './database';
import { acquireLock } from './lock';
import { ensureWebBuild, nextHandler } from './web';
import { spawnPredictServer, type PredictProcess } from './predict-process';
import { cudaWorkerEnv } from './cuda-libraries';
import { detectGpu } from './gpu';
import { spawnWorker, spawnWorkerPolling, type WorkerProcess } from './worker-process';
import { Supervisor, type BackoffOptions, type HealthReport } from './supervisor';

export interface PlatformOptions {
  web?: boolean;
  log?: (m: string) => void;
  workerLog?: (line: string) => void;
  /** Lines of the predict server's process (default: the log, prefixed). */
  predictLog?: (line: string) => void;
  /** The supervisor's restart backoff (cli/platform/supervisor.ts; 0.5 s doubling to 30 s by default). */
  backoff?: Partial<BackoffOptions>;
}

export interface Platform {
  url: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  databaseUrl: string;
  svc: Services;
  /** The cpu worker running now (the supervisor replaces it when it exits). */
  worker: WorkerProcess;
  /** The predict server (the data plane: `POST /v1/endpoints/NAME/predict`, `/v2/...`), a child process run now. */
  predict: PredictProcess;
  /** Each component's state, restarts and last exit, as `/healthz` reports them. */
  health(): HealthReport;
  /** Its URL (127.0.0.1:HEADRACE_SERVE_PORT, 8080 by default). */
  serveUrl: string;
  /** An admin token for the launcher's own API calls when auth is required (revoked on stop). */
  token?: string;
  stop(): Promise<void>;
}

export async function startPlatform(config: HeadraceConfig, opts: PlatformOptions = {}): Promise<Platform> {
  const log = opts.log ?? (() => {});
  await mkdir(config.home, { recursive: true });
  // Every child below runs under the supervisor: one that exits unexpectedly is started again (supervisor.ts).
  const supervisor = new Supervisor(log, opts.backoff);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    // Orderly: from here on a child's exit is expected (Ctrl+C reaches the whole process group at once).
    supervisor.shutdown();
    for (const s of stops.reverse()) await s().catch((e) => log(`stop: ${(e as Error).message}`));
    stops.length = 0;
  };
  try {
    const release = acquireLock(config.home);
    stops.push(async () => release());

    // Temporal: a cluster when TEMPORAL_ADDRESS says so, else the dev server persisted under HEADRACE_HOME.
    let temporalAddress = config.temporalAddress;
    let dev: DevServer | undefined;
    if (!temporalAddress) {
      const bin = await ensureTemporalCli(log);
      log(`temporal CLI: ${bin.path} (${bin.route}${bin.route === 'cache' ? '' : `, ${bin.ms} ms`})`);
      // Restarted on the same port and SQLite file, it keeps every workflow and the worker's connection finds it again.
      const temporalOpts = { bin: bin.path, dbFile: join(config.home, 'temporal.db'), port: config.temporalPort, uiPort: config.temporalUiPort };
      const supervised = await supervisor.supervise('temporal', () => startDevServerRetrying(temporalOpts, log));
      dev = supervised.current();
      stops.push(() => supervised.stop());
      temporalAddress = dev.address;
      log(`temporal dev server on ${dev.address}, UI ${dev.uiUrl}`);
    }

    // Database: PostgreSQL when DATABASE_URL says so, else PGlite served on loopback.
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded: EmbeddedDatabase = await startEmbeddedDatabase(config.home, config.dbPort);
      stops.push(async () => {
        await embedded.stop();
        supervisor.stopped('database');
      });
      supervisor.inProcess('database');
      databaseUrl = embedded.url;
      log(`database: PGlite in ${join(config.home, 'db')}, served on ${databaseUrl.replace('postgres://postgres@', '')}`);
    }
    const database: Database = await openDatabase(databaseUrl, { migrate: true });
    stops.push(() => database.close());
    // A fresh platform gets its first admin; the secrets are shown on this start only (docs/security.md).
    const first = await bootstrapAdmin(database.db, { password: config.auth.adminPassword });
    if (first) {
      log(`first start: created the admin user "${first.username}"`);
      log(`  admin token (shown once, keep it): ${first.token}`);
      if (first.password) log(`  admin password (shown once): ${first.password}`);
    }
    const launcher = config.auth.required ? await launcherToken(database.db) : undefined;
    if (launcher) stops.push(() => revokeToken(database.db, launcher.id).then(() => {}));

    const connection = await Connection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.temporalNamespace });
    const svc: Services = { db: database.db, temporal, config, temporalUiUrl: dev?.uiUrl };

    const workerEnv = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: config.temporalNamespace, HEADRACE_HOME: config.home, HEADRACE_ARTIFACTS: config.artifacts, HEADRACE_DATA_ROOTS: config.dataRoots.join(',') };
    const workerLine = opts.workerLog ?? ((l) => log(`[worker] ${l}`));
    // The first start goes on at once (the worker connects while the rest starts); a restart is up once it polls.
    const startWorker = (env: Record<string, string>, queue: string, onLine: (l: string) => void) => async (restart: number) =>
      restart === 0 ? spawnWorker(env, queue, onLine) : spawnWorkerPolling(env, queue, onLine);
    const cpuWorker = await supervisor.supervise('worker', startWorker(workerEnv, 'cpu', workerLine));
    stops.push(() => cpuWorker.stop());
    const worker: WorkerProcess = { get child() { return cpuWorker.current().child; }, stop: () => cpuWorker.stop() };
    // Steps with `resources: { gpu: 1 }` go to headrace-gpu: a worker for it where nvidia-smi lists a GPU.
    const gpu = detectGpu();
    if (gpu.found) {
      log(`GPU found (${gpu.detail}): starting a worker for headrace-gpu`);
      const cuda = await cudaWorkerEnv();
      if (!cuda) log('the CUDA libraries are not set up (`headrace setup --gpu` obtains them): GPU steps will train on the CPU, and say so in their log');
      const gpuLine = opts.workerLog ?? ((l) => log(`[gpu worker] ${l}`));
      const gpuWorker = await supervisor.supervise('gpu-worker', startWorker({ ...workerEnv, ...cuda }, 'gpu', gpuLine));
      stops.push(() => gpuWorker.stop());
    }

    // The predict server follows the deployments in the same database and reads models from the same store.
    const predictEnv = { DATABASE_URL: databaseUrl, HEADRACE_HOME: config.home, HEADRACE_ARTIFACTS: config.artifacts };
    const predictLine = opts.predictLog ?? ((l) => log(`[predict] ${l}`));
    const predictServer = await supervisor.supervise('predict', () => spawnPredictServer(predictEnv, ['--host', config.host], predictLine));
    stops.push(() => predictServer.stop());
    const predict: PredictProcess = {
      get child() { return predictServer.current().child; },
      get url() { return predictServer.current().url; },
      stop: () => predictServer.stop(),
    };
    log(`predict server on ${predict.url}`);

    let web: Awaited<ReturnType<typeof nextHandler>> | undefined;
    if (opts.web !== false) {
      const build = await ensureWebBuild(log);
      web = await nextHandler(config.host, config.port, build.distDir);
      stops.push(() => web!.close());
    }
    const health = () => supervisor.health();
    const http = await startHttpServer({ svc, host: config.host, port: config.port, web: web?.handle, health });
    supervisor.inProcess('api');
    stops.push(async () => {
      await http.close();
      supervisor.stopped('api');
    });
    // Server-rendered pages read through the API in this same process (app/editor/initial.ts).
    process.env.HEADRACE_INTERNAL_URL = http.url;

    const runtimeFile = join(config.home, 'runtime.json');
    await writeFile(runtimeFile, JSON.stringify({ url: http.url, serveUrl: predict.url, temporalAddress, temporalUiUrl: dev?.uiUrl, databaseUrl, pid: process.pid }, null, 2));
    stops.push(() => rm(runtimeFile, { force: true }));

    return { url: http.url, temporalAddress, temporalUiUrl: dev?.uiUrl, databaseUrl, svc, worker, predict, serveUrl: predict.url, token: launcher?.token, health, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
