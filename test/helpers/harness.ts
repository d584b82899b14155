// An in-test platform: a real Temporal dev server, a real database (PGlite in memory unless given a URL),
// a real artifact store in a temp folder, and a worker running inside the test process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import type { DevServer } from '../../server/temporal/dev-server';
import { createWorker, type WorkerOptions } from '../../workers/worker';
import { startTestTemporal } from './temporal';

export interface Harness {
  svc: Services;
  database: Database;
  store: LocalArtifactStore;
  temporal: DevServer;
  client: Client;
  worker: Worker;
  home: string;
  stop(): Promise<void>;
}

export async function startHarness(opts: { activities?: WorkerOptions['activities']; databaseUrl?: string } = {}): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), 'headrace-test-'));
  const temporal = await startTestTemporal();
  const database = await openDatabase(opts.databaseUrl ?? 'memory://', { migrate: true });
  const store = new LocalArtifactStore(join(home, 'artifacts'));
  const config = loadConfig({ HEADRACE_HOME: home });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const { worker, connection: workerConnection } = await createWorker({
    address: temporal.address,
    namespace: 'default',
    taskQueue: 'headrace-cpu',
    cacheDir: join(process.cwd(), '.headrace', 'cache'),
    deps: { db: database.db, store },
    activities: opts.activities,
  });
  const running = worker.run();
  return {
    svc: { db: database.db, temporal: client, config },
    database, store, temporal, client, worker, home,
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
