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
import { startDevServer, type DevServer } from '../../server/temporal/dev-server';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './database';
import { acquireLock } from './lock';
import { ensureWebBuild, nextHandler } from './web';
import { spawnPredictServer, type PredictProcess } from './predict-process';
import { cudaWorkerEnv } from './cuda-libraries';
import { detectGpu } from './gpu';
import { spawnWorker, type WorkerProcess } from './worker-process';

export interface PlatformOptions {
  web?: boolean;
  log?: (m: string) => void;
  workerLog?: (line: string) => void;
  /** Lines of the predict server's process (default: the log, prefixed). */
  predictLog?: (line: string) => void;
}

export interface Platform {
  url: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  databaseUrl: string;
  svc: Services;
  worker: WorkerProcess;
  /** The predict server (the data plane: `POST /v1/endpoints/NAME/predict`, `/v2/...`), a child process. */
  predict: PredictProcess;
  /** Its URL (127.0.0.1:HEADRACE_SERVE_PORT, 8080 by default). */
  serveUrl: string;
  /** An admin token for the launcher's own API calls when auth is required (revoked on stop). */
  token?: string;
  stop(): Promise<void>;
}

export async function startPlatform(config: HeadraceConfig, opts: PlatformOptions = {}): Promise<Platform> {
  const log = opts.log ?? (() => {});
  await mkdir(config.home, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
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
      dev = await startDevServer({ bin: bin.path, dbFile: join(config.home, 'temporal.db'), port: config.temporalPort, uiPort: config.temporalUiPort });
      stops.push(() => dev!.stop());
      temporalAddress = dev.address;
      log(`temporal dev server on ${dev.address}, UI ${dev.uiUrl}`);
    }

    // Database: PostgreSQL when DATABASE_URL says so, else PGlite served on loopback.
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded: EmbeddedDatabase = await startEmbeddedDatabase(config.home, config.dbPort);
      stops.push(() => embedded.stop());
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
    const worker = spawnWorker(workerEnv, 'cpu', opts.workerLog ?? ((l) => log(`[worker] ${l}`)));
    stops.push(() => worker.stop());
    // Steps with `resources: { gpu: 1 }` go to headrace-gpu: a worker for it where nvidia-smi lists a GPU.
    const gpu = detectGpu();
    if (gpu.found) {
      log(`GPU found (${gpu.detail}): starting a worker for headrace-gpu`);
      const cuda = await cudaWorkerEnv();
      if (!cuda) log('the CUDA libraries are not set up (`headrace setup --gpu` obtains them): GPU steps will train on the CPU, and say so in their log');
      const gpuWorker = spawnWorker({ ...workerEnv, ...cuda }, 'gpu', opts.workerLog ?? ((l) => log(`[gpu worker] ${l}`)));
      stops.push(() => gpuWorker.stop());
    }

    // The predict server follows the deployments in the same database and reads models from the same store.
    const predict = await spawnPredictServer(
      { DATABASE_URL: databaseUrl, HEADRACE_HOME: config.home, HEADRACE_ARTIFACTS: config.artifacts },
      ['--host', config.host],
      opts.predictLog ?? ((l) => log(`[predict] ${l}`)),
    );
    stops.push(() => predict.stop());
    log(`predict server on ${predict.url}`);

    let web: Awaited<ReturnType<typeof nextHandler>> | undefined;
    if (opts.web !== false) {
      const build = await ensureWebBuild(log);
      web = await nextHandler(config.host, config.port, build.distDir);
      stops.push(() => web!.close());
    }
    const http = await startHttpServer({ svc, host: config.host, port: config.port, web: web?.handle });
    stops.push(() => http.close());
    // Server-rendered pages read through the API in this same process (app/editor/initial.ts).
    process.env.HEADRACE_INTERNAL_URL = http.url;

    const runtimeFile = join(config.home, 'runtime.json');
    await writeFile(runtimeFile, JSON.stringify({ url: http.url, serveUrl: predict.url, temporalAddress, temporalUiUrl: dev?.uiUrl, databaseUrl, pid: process.pid }, null, 2));
    stops.push(() => rm(runtimeFile, { force: true }));

    return { url: http.url, temporalAddress, temporalUiUrl: dev?.uiUrl, databaseUrl, svc, worker, predict, serveUrl: predict.url, token: launcher?.token, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
