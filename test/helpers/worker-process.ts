// A platform whose workers are separate processes, for tests that SIGKILL one: a Temporal dev server, the
// embedded database (PGlite served over pglite-socket, as `headrace start` runs it) shared by the test and the
// workers, and `startWorker()`, which spawns `headrace worker --queue cpu` and answers once it polls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../cli/platform/database';
import { spawnWorker, type WorkerProcess } from '../../cli/platform/worker-process';
import { openDatabase, type Database } from '../../server/db/client';
import type { DevServer } from '../../server/temporal/dev-server';
import { startTestTemporal } from './temporal';

export interface WorkerPlatform {
  home: string;
  /** What the workers run with (DATABASE_URL, TEMPORAL_ADDRESS, HEADRACE_HOME, HEADRACE_ARTIFACTS and `extraEnv`). */
  env: Record<string, string>;
  temporal: DevServer;
  embedded: EmbeddedDatabase;
  database: Database;
  connection: Connection;
  /** Spawns a worker process; resolves once it polls, fails when it exits first. */
  startWorker(): Promise<WorkerProcess>;
  /** Stops every worker it started, then the rest, and removes the home folder. */
  stop(): Promise<void>;
}

/** `extraEnv` goes to the workers too (e.g. an S3 store: HEADRACE_ARTIFACTS=s3://… and the AWS variables). */
export async function startWorkerPlatform(prefix: string, extraEnv: Record<string, string> = {}): Promise<WorkerPlatform> {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const workers: WorkerProcess[] = [];
  let temporal: DevServer | undefined;
  let embedded: EmbeddedDatabase | undefined;
  let database: Database | undefined;
  let connection: Connection | undefined;
  const stop = async () => {
    for (const w of workers) await w.stop();
    await connection?.close();
    await database?.close();
    await embedded?.stop();
    await temporal?.stop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    temporal = await startTestTemporal();
    // Port 0: the server takes a free port as it listens (a port found free first can be taken by another process's
    // connection before the listen, as one CI run saw).
    embedded = await startEmbeddedDatabase(home, 0);
    database = await openDatabase(embedded.url, { migrate: true });
    connection = await Connection.connect({ address: temporal.address });
  } catch (err) {
    await stop();
    throw err;
  }
  const env = { DATABASE_URL: embedded.url, TEMPORAL_ADDRESS: temporal.address, HEADRACE_HOME: home, HEADRACE_ARTIFACTS: join(home, 'artifacts'), ...extraEnv };
  return {
    home, env, temporal, embedded, database, connection, stop,
    startWorker: () => new Promise((ready, fail) => {
      const w = spawnWorker(env, 'cpu', (line) => { if (line.includes('worker polling')) ready(w); });
      workers.push(w);
      w.child.once('exit', (code) => fail(new Error(`worker exited early (${code})`)));
    }),
  };
}
