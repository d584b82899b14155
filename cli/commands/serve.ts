// `headrace serve`: the predict server (the data plane) on HEADRACE_SERVE_PORT or 8080 at 127.0.0.1, answering
// for every endpoint with its current deployment, until SIGINT/SIGTERM. It reads the same database and artifact
// store as `headrace worker` (DATABASE_URL, HEADRACE_ARTIFACTS or HEADRACE_HOME): on the embedded platform the
// launcher serves PGlite on a socket, so this process connects to it like any other.
import { loadConfig } from '../../server/config';
import { openArtifactStore } from '../../server/artifacts/open';
import { openDatabase } from '../../server/db/client';
import { DEFAULT_SERVE_HOST, servePortFromEnv, startPredictServer } from '../../server/serving/server';
import { rerunWithSingleThreadedGc, SINGLE_THREADED_GC, wantsSingleThreadedGc } from './serve-gc';

export interface ServeOptions {
  host?: string;
  port?: number;
  threads?: number;
}

export async function serveCommand(opts: ServeOptions): Promise<number> {
  if (wantsSingleThreadedGc()) return rerunWithSingleThreadedGc();
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (the embedded launcher sets it for the processes it starts)');
  const database = await openDatabase(config.databaseUrl);
  const server = await startPredictServer({
    db: database.db,
    artifacts: openArtifactStore(config),
    host: opts.host ?? DEFAULT_SERVE_HOST,
    port: opts.port ?? servePortFromEnv(),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    log: (line) => console.log(line),
  }).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  const gc = process.execArgv.includes(SINGLE_THREADED_GC) ? ', single-threaded GC' : '';
  console.log(`predict server listening on ${server.url} (pid ${process.pid}${gc})`);
  // Ctrl+C reaches the whole process group, and a parent (a launcher, or this command run again on one core) may
  // pass it on or ask again with SIGTERM: every signal after the first is absorbed while stopping. A parent that
  // started this process with an IPC channel and died closes it: stop then too.
  await new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
    if (process.send) process.once('disconnect', () => resolve());
  });
  console.log('predict server stopping');
  await server.close();
  await database.close();
  if (process.connected) process.disconnect(); // the IPC channel would keep this process alive
  return 0;
}
