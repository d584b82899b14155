// Named connections to external databases (ingest.sql). No secret is stored in the row: the URL carries no password
// (refused here too, not only at the API); `passwordSecret` names a secret of the secret store holding it, or
// `passwordEnv` the worker's environment variable.
import { asc, eq, sql } from 'drizzle-orm';
import { connectionUrlProblem, type ConnectionKind } from '../../../dsl/connections';
import type { Db } from '../client';
import { connections } from '../schema';

export type ConnectionRow = typeof connections.$inferSelect;

export interface ConnectionInput {
  name: string;
  kind?: ConnectionKind;
  url: string;
  /** The worker's environment variable holding the password; null or absent: none (trust, a client certificate). */
  passwordEnv?: string | null;
  /** The secret store's secret holding the password (preferred to passwordEnv); null or absent: none. */
  passwordSecret?: string | null;
  description?: string | null;
  actor: string;
}

export async function listConnections(db: Db): Promise<ConnectionRow[]> {
  return db.select().from(connections).orderBy(asc(connections.name));
}

export async function getConnection(db: Db, name: string): Promise<ConnectionRow | undefined> {
  const [row] = await db.select().from(connections).where(eq(connections.name, name));
  return row;
}

/** Creates the connection, or replaces its URL, password variable and description; `created` says which. */
export async function setConnection(db: Db, input: ConnectionInput): Promise<ConnectionRow & { created: boolean }> {
  const problem = connectionUrlProblem(input.url);
  if (problem) throw new Error(`url ${problem}`);
  const values = {
    kind: input.kind ?? 'postgres',
    url: input.url,
    passwordEnv: input.passwordEnv ?? null,
    passwordSecret: input.passwordSecret ?? null,
    description: input.description ?? null,
  };
  const [row] = await db
    .insert(connections)
    .values({ name: input.name, ...values, createdBy: input.actor })
    .onConflictDoUpdate({ target: connections.name, set: { ...values, updatedAt: sql`now()` } })
    // xmax is 0 on a row this statement inserted, and the updating transaction's id on one it updated.
    .returning({ ...connectionColumns, inserted: sql<boolean>`(xmax = 0)` });
  const { inserted, ...rest } = row;
  return { ...rest, created: Boolean(inserted) };
}

/** Deletes it; false when there was none. */
export async function deleteConnection(db: Db, name: string): Promise<boolean> {
  const rows = await db.delete(connections).where(eq(connections.name, name)).returning({ name: connections.name });
  return rows.length > 0;
}

const connectionColumns = {
  name: connections.name,
  kind: connections.kind,
  url: connections.url,
  passwordEnv: connections.passwordEnv,
  passwordSecret: connections.passwordSecret,
  description: connections.description,
  createdBy: connections.createdBy,
  createdAt: connections.createdAt,
  updatedAt: connections.updatedAt,
};
