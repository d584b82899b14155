// `headrace serve`: the predict server (the data plane) on HEADRACE_SERVE_PORT or 8080 at 127.0.0.1, answering
// for every endpoint with its current deployment, until SIGINT/SIGTERM. It reads the same database and artifact
// store as `headrace worker` (DATABASE_URL, HEADRACE_ARTIFACTS or HEADRACE_HOME): on the embedded platform the
// launcher serves PGlite on a socket, so this process connects to it like any other.
import { loadConfig } from '../../server/config';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase } from '../../server/db/client';
import { DEFAULT_SERVE_HOST, servePortFromEnv, startPredictServer } from '../../server/serving/server';

export interface ServeOptions {
  host?: string;
  port?: number;
  threads?: number;
}

export async function serveCommand(opts: ServeOptions): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (the embedded launcher sets it for the processes it starts)');
  const database = await openDatabase(config.databaseUrl);
  const server = await startPredictServer({
    db: database.db,
    artifacts: new LocalArtifactStore(config.artifactsDir),
    host: opts.host ?? DEFAULT_SERVE_HOST,
    port: opts.port ?? servePortFromEnv(),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    log: (line) => console.log(line),
  }).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  console.log(`predict server listening on ${server.url} (pid ${process.pid})`);
  // Ctrl+C reaches the whole process group and a launcher may then ask again with SIGTERM: stop once.
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  console.log('predict server stopping');
  await server.close();
  await database.close();
  return 0;
}
