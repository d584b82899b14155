// The embedded platform inside the bench's process, as `headrace start` composes it: a Temporal dev server
// persisted to SQLite (WAL), PGlite on disk, a local artifact store and a worker on headrace-cpu — with the
// worker's activities open to wrapping, so a bench can time them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import { ensureTemporalCli } from '../../server/temporal/cli-binary';
import { freePort, startDevServer, type DevServer } from '../../server/temporal/dev-server';
import { createWorker, type WorkerOptions } from '../../workers/worker';
import { ROOT } from './harness';

export interface Embedded {
  svc: Services;
  database: Database;
  temporal: DevServer;
  client: Client;
  worker: Worker;
  stop(): Promise<void>;
}

export async function startEmbedded(opts: { activities?: WorkerOptions['activities'] } = {}): Promise<Embedded> {
  const home = mkdtempSync(join(tmpdir(), 'headrace-bench-'));
  const bin = await ensureTemporalCli();
  const temporal = await startDevServer({ bin: bin.path, port: await freePort(), headless: true, dbFile: join(home, 'temporal.db') });
  const database = await openDatabase(join(home, 'db'), { migrate: true });
  const store = new LocalArtifactStore(join(home, 'artifacts'));
  const config = loadConfig({ HEADRACE_HOME: home });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const { worker, connection: workerConnection } = await createWorker({
    address: temporal.address,
    namespace: 'default',
    taskQueue: 'headrace-cpu',
    cacheDir: join(ROOT, '.headrace', 'cache'),
    deps: { db: database.db, store },
    activities: opts.activities,
  });
  const running = worker.run();
  return {
    svc: { db: database.db, temporal: client, config },
    database,
    temporal,
    client,
    worker,
    async stop() {
      worker.shutdown();
      await running.catch(() => {});
      await workerConnection.close();
      await connection.close();
      await database.close();
      await temporal.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
