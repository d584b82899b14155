// Opens the database: PGlite (embedded, in-process) or PostgreSQL through postgres.js — one schema for both.
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { isInitialized, migratedTemplate } from './pglite-template';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  url: string;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** `postgres://…` uses PostgreSQL; `pglite:PATH`, `memory://` or a plain folder path open PGlite in this process. */
export async function openDatabase(url: string, opts: { migrate?: boolean; max?: number } = {}): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, opts);
  return openPglite(url, opts);
}

async function openPostgres(url: string, opts: { migrate?: boolean; max?: number }): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  if (opts.migrate) await migratePostgres(url);
  const client = postgres(url, { max: opts.max ?? 5, onnotice: () => {}, idle_timeout: 30 });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: 'postgres', url, close: () => client.end({ timeout: 5 }) };
}

/** Migrations run on one dedicated connection under an advisory lock, so concurrent starters do not race. */
async function migratePostgres(url: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(727274)`;
    await migrate(drizzle(client), { migrationsFolder });
    await client`select pg_advisory_unlock(727274)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function openPglite(url: string, opts: { migrate?: boolean }): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dataDir = url === 'memory://' ? undefined : url.replace(/^pglite:/, '');
  // A new database to migrate starts from the migrated template (server/db/pglite-template.ts).
  const template = opts.migrate && (!dataDir || !isInitialized(dataDir)) ? await migratedTemplate(migrationsFolder) : undefined;
  const client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(template ? { loadDataDir: template } : {}) });
  const db = drizzle(client, { schema });
  if (opts.migrate) {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(db, { migrationsFolder });
  }
  return { db: db as unknown as Db, kind: 'pglite', url, close: () => client.close() };
}

/** `db.execute()` returns `{ rows }` on PGlite and an array on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** postgres.js's client as the platform uses it directly (prepared statements, LISTEN). */
export interface PostgresJsClient {
  (...args: unknown[]): unknown;
  options?: { prepare?: boolean };
  unsafe<T>(query: string, params: unknown[], options: { prepare: boolean }): Promise<T[]>;
  listen(channel: string, onnotify: (payload: string) => void, onlisten?: () => void): Promise<{ unlisten(): Promise<void> }>;
}

/** PGlite's client as the platform uses it directly. */
export interface PgliteClient {
  query<T>(query: string, params: unknown[]): Promise<{ rows: T[] }>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

/** The driver under a drizzle handle, for what drizzle does not offer (prepared statements, LISTEN/NOTIFY). */
export function driverOf(db: Db): { kind: 'postgres'; client: PostgresJsClient } | { kind: 'pglite'; client: PgliteClient } {
  const client = (db as unknown as { $client: unknown }).$client;
  if (typeof client === 'function' && typeof (client as { unsafe?: unknown }).unsafe === 'function') return { kind: 'postgres', client: client as PostgresJsClient };
  if (client && typeof client === 'object' && typeof (client as { query?: unknown }).query === 'function') return { kind: 'pglite', client: client as PgliteClient };
  throw new Error('the database handle is neither postgres.js nor PGlite');
}

/**
 * Runs one statement whose text never changes (its values ride in the parameters) as a prepared statement: on
 * postgres.js the connection parses and plans it once and binds it after (drizzle's query builder sends each
 * statement unnamed, parsed and planned every time); PGlite in this process runs it through its own extended
 * protocol. For the hottest writes only (a step's result), where the parse and plan cost more than the insert.
 */
export async function executePrepared<T = Record<string, unknown>>(db: Db, text: string, params: unknown[]): Promise<T[]> {
  const driver = driverOf(db);
  if (driver.kind === 'pglite') return (await driver.client.query<T>(text, params)).rows;
  // `?prepare=false` on DATABASE_URL (a pooler that cannot keep named statements, docs/deploy.md) is obeyed here too.
  return [...(await driver.client.unsafe<T>(text, params, { prepare: driver.client.options?.prepare !== false }))];
}
