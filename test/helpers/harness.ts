// An in-process platform: a real Temporal dev server, a real database (PGlite in memory unless given a URL),
// a real artifact store in a temp folder, and a worker running inside the calling process. Auth is required;
// with `api: true` it also serves the HTTP API and signs in a viewer, an editor and an admin. With `persisted`
// (the benches) Temporal keeps its history in SQLite and PGlite lives on disk, as `headrace start` runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { openArtifactStore } from '../../server/artifacts/open';
import type { ArtifactStore } from '../../server/artifacts/store';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import { startApi, type TestApi } from './api';
import { ensureTemporalCli, workflowBundleDir } from '../../server/temporal/cli-binary';
import { PIPELINE_TASK_QUEUE } from '../../server/temporal/contract';
import { startDevServerOnFreePort, type DevServer } from '../../server/temporal/dev-server';
import { createWorker, type WorkerOptions } from '../../workers/worker';
import { startTestTemporal } from './temporal';

export interface Harness {
  svc: Services;
  database: Database;
  /** The platform's store: a folder in the home, or the S3 location `env` names. */
  store: ArtifactStore;
  temporal: DevServer;
  client: Client;
  worker: Worker;
  home: string;
  /** The HTTP API with a user and a token per role (only with `api: true`). */
  api: TestApi;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  activities?: WorkerOptions['activities'];
  databaseUrl?: string;
  api?: boolean;
  /** Temporal on SQLite and PGlite on disk under the harness's home (outside vitest too: no injected CLI path). */
  persisted?: boolean;
  /** The platform's data roots (default: the temp folder and the working directory). */
  dataRoots?: string[];
  /** More of the platform's environment, e.g. HEADRACE_ARTIFACTS=s3://… and the AWS variables of an S3 store. */
  env?: Record<string, string>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), opts.persisted ? 'headrace-bench-' : 'headrace-test-'));
  const temporal = opts.persisted
    ? await startDevServerOnFreePort({ bin: (await ensureTemporalCli()).path, headless: true, dbFile: join(home, 'temporal.db') })
    : await startTestTemporal();
  const database = await openDatabase(opts.databaseUrl ?? (opts.persisted ? join(home, 'db') : 'memory://'), { migrate: true });
  // Tests keep their pipelines and data in temp folders and examples/: both are data roots here.
  const dataRoots = opts.dataRoots ?? [tmpdir(), process.cwd()];
  const config = loadConfig({ HEADRACE_HOME: home, HEADRACE_AUTH: 'required', HEADRACE_DATA_ROOTS: dataRoots.join(','), ...opts.env });
  const store = openArtifactStore(config);
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const { worker, connection: workerConnection } = await createWorker({
    address: temporal.address,
    namespace: 'default',
    taskQueue: PIPELINE_TASK_QUEUE,
    cacheDir: workflowBundleDir(),
    deps: { db: database.db, store, dataRoots: config.dataRoots, home },
    activities: opts.activities,
  });
  const running = worker.run();
  const svc: Services = { db: database.db, temporal: client, config };
  const api = opts.api ? await startApi(svc) : undefined;
  return {
    svc,
    database, store, temporal, client, worker, home,
    get api(): TestApi {
      if (!api) throw new Error('startHarness({ api: true }) serves the API');
      return api;
    },
    async stop() {
      await api?.close();
      worker.shutdown();
      // A worker that failed while a test ran failed that test already; at teardown it is only reported.
      await running.catch((err: unknown) => console.error('the test worker stopped with an error:', err));
      await workerConnection.close();
      await connection.close();
      await database.close();
      await temporal.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
