// `headrace api`: the API server alone (the tRPC API, /healthz, model downloads, data uploads, trigger webhooks and,
// unless --no-web, the web app) against an external PostgreSQL (DATABASE_URL), a Temporal cluster (TEMPORAL_ADDRESS)
// and the artifact store (HEADRACE_ARTIFACTS), until SIGINT/SIGTERM. Unlike `headrace start` it starts nothing
// else: no Temporal dev server, no PGlite, no worker, no predict server — those run as their own processes
// (`headrace worker`, `headrace serve`; docs/deploy.md). Any number of these may serve one database.
import { sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { bootstrapAdmin } from '../../server/auth/users';
import { loadConfig } from '../../server/config';
import { openDatabase, type Db } from '../../server/db/client';
import { startHttpServer } from '../../server/http';
import type { Services } from '../../server/services/context';
import { Supervisor } from '../platform/supervisor';

/** The line `headrace api` prints once it answers, followed by its URL. */
export const API_READY = 'api listening on';

export interface ApiOptions {
  host?: string;
  port?: number;
  /** false: the API only, without the Next.js app (no web build needed). */
  web?: boolean;
}

export async function apiCommand(opts: ApiOptions): Promise<number> {
  const config = loadConfig(opts.host !== undefined ? { ...process.env, HEADRACE_HOST: opts.host } : process.env);
  if (!config.databaseUrl) {
    throw new Error('DATABASE_URL is not set: `headrace api` serves an external PostgreSQL (`headrace start` embeds a database)');
  }
  if (!config.temporalAddress) {
    throw new Error('TEMPORAL_ADDRESS is not set: `headrace api` connects to a Temporal cluster (`headrace start` embeds a dev server)');
  }
  const host = config.host;
  const port = opts.port ?? config.port;
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((e: unknown) => console.error(`stop: ${(e as Error).message}`));
  };
  try {
    // Migrations run under an advisory lock (server/db/client.ts): replicas starting together do not race.
    const database = await openDatabase(config.databaseUrl, { migrate: true });
    closers.push(() => database.close());
    const first = await firstAdmin(database.db, config.auth.adminPassword);
    if (first) {
      console.log(`first start: created the admin user "${first.username}"`);
      console.log(`  admin token (shown once, keep it): ${first.token}`);
      if (first.password) console.log(`  admin password (shown once): ${first.password}`);
    }
    const connection = await Connection.connect({ address: config.temporalAddress });
    closers.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.temporalNamespace });
    const svc: Services = { db: database.db, temporal, config };

    let web: { handle: Parameters<typeof startHttpServer>[0]['web']; close(): Promise<void> } | undefined;
    if (opts.web !== false) {
      const { ensureWebBuild, nextHandler } = await import('../platform/web');
      const build = await ensureWebBuild((m) => console.log(m));
      web = await nextHandler(host, port, build.distDir);
      closers.push(() => web!.close());
    }
    // /healthz lists this process as its one component (nothing queried: a liveness and readiness check).
    const supervisor = new Supervisor(() => {});
    supervisor.inProcess('api');
    const http = await startHttpServer({ svc, host, port, web: web?.handle, health: () => supervisor.health() });
    closers.push(() => http.close());
    // Server-rendered pages read through the API in this same process (app/editor/initial.ts).
    process.env.HEADRACE_INTERNAL_URL = http.url;
    console.log(`${API_READY} ${http.url} (pid ${process.pid}${web ? '' : ', no web app'})`);
  } catch (err) {
    await closeAll();
    throw err;
  }
  // Ctrl+C reaches the whole process group and a parent may ask again with SIGTERM: stop once.
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  console.log('api stopping');
  await closeAll();
  return 0;
}

/**
 * The first admin of an empty database, made by one replica only: replicas starting together take a transaction
 * advisory lock first, so the others find the user and create none.
 */
async function firstAdmin(db: Db, password: string | undefined) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
    return bootstrapAdmin(tx as unknown as Db, { password });
  });
}
