// The embedded database: PGlite in HEADRACE_HOME/db, owned by the launcher and served on 127.0.0.1
// through pglite-socket so the worker and every other client speak the `postgres` driver, as in production.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationsFolder } from '../../server/db/client';
import { isInitialized, migratedTemplate } from '../../server/db/pglite-template';
import { BatchQueue, type MessageObserver } from './pglite-queue';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** `observe`: told of every protocol message the database runs (a bench counts statements with it). */
export async function startEmbeddedDatabase(home: string, port: number, opts: { observe?: MessageObserver } = {}): Promise<EmbeddedDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const dir = join(home, 'db');
  await mkdir(dir, { recursive: true });
  // A first start loads the migrated template (the launcher's migrations then find nothing to do).
  const template = isInitialized(dir) ? undefined : await migratedTemplate(migrationsFolder);
  const db = await PGlite.create({ dataDir: dir, ...(template ? { loadDataDir: template } : {}) });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 64 });
  // Replace the message queue before any client connects (see pglite-queue.ts for why).
  (server as unknown as { queryQueue: BatchQueue }).queryQueue = new BatchQueue(db, opts.observe);
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw new Error(`could not serve the embedded database on 127.0.0.1:${port} (${(err as Error).message}); set HEADRACE_DB_PORT`, { cause: err });
  }
  const actualPort = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@127.0.0.1:${actualPort}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
