// The secret store's rows. Listing returns names, descriptions and dates, never the sealed value; only
// getSealedSecret (used by server/secrets/read.ts, in workers) reads that.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { secrets } from '../schema';

export interface SecretInfo {
  name: string;
  description: string | null;
  keyId: string;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

const infoColumns = {
  name: secrets.name,
  description: secrets.description,
  keyId: secrets.keyId,
  createdBy: secrets.createdBy,
  createdAt: secrets.createdAt,
  updatedBy: secrets.updatedBy,
  updatedAt: secrets.updatedAt,
};

export async function listSecrets(db: Db): Promise<SecretInfo[]> {
  return db.select(infoColumns).from(secrets).orderBy(asc(secrets.name));
}

export async function getSealedSecret(db: Db, name: string): Promise<{ sealed: string; keyId: string } | undefined> {
  const [row] = await db.select({ sealed: secrets.sealed, keyId: secrets.keyId }).from(secrets).where(eq(secrets.name, name));
  return row;
}

/** Stores a sealed value under the name, new or replacing; the description is kept when not given. */
export async function putSecret(
  db: Db, input: { name: string; sealed: string; keyId: string; description?: string | null; actor: string },
): Promise<SecretInfo & { created: boolean }> {
  const set = {
    sealed: input.sealed, keyId: input.keyId, updatedBy: input.actor, updatedAt: sql`now()`,
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
  const [row] = await db
    .insert(secrets)
    .values({ name: input.name, sealed: input.sealed, keyId: input.keyId, description: input.description ?? null, createdBy: input.actor, updatedBy: input.actor })
    .onConflictDoUpdate({ target: secrets.name, set })
    // xmax is 0 on a row this statement inserted, and the updating transaction's id on one it updated.
    .returning({ ...infoColumns, inserted: sql<boolean>`(xmax = 0)` });
  const { inserted, ...info } = row;
  return { ...info, created: Boolean(inserted) };
}

export async function deleteSecret(db: Db, name: string): Promise<boolean> {
  const rows = await db.delete(secrets).where(eq(secrets.name, name)).returning({ name: secrets.name });
  return rows.length > 0;
}

/** Every sealed value with its key id, for a rotation (server/secrets/store.ts rotateSecrets). */
export async function listSealedSecrets(db: Db): Promise<Array<{ name: string; sealed: string; keyId: string }>> {
  return db.select({ name: secrets.name, sealed: secrets.sealed, keyId: secrets.keyId }).from(secrets).orderBy(asc(secrets.name));
}

/** Replaces a sealed value by the same value under another key, unless it changed since `was` was read. */
export async function resealSecret(db: Db, input: { name: string; was: string; sealed: string; keyId: string; actor: string }): Promise<boolean> {
  const rows = await db
    .update(secrets)
    .set({ sealed: input.sealed, keyId: input.keyId, updatedBy: input.actor, updatedAt: sql`now()` })
    .where(and(eq(secrets.name, input.name), eq(secrets.sealed, input.was)))
    .returning({ name: secrets.name });
  return rows.length > 0;
}
