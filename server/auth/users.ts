// Users: creation, lookup, password sign-in, and the first admin of a fresh platform.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { ROLES, type Role } from '../api/trpc';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { newSecret } from './secrets';
import { createToken } from './tokens';

export type UserRow = typeof users.$inferSelect;
export type PublicUser = Pick<UserRow, 'id' | 'username' | 'role' | 'disabled' | 'createdAt'>;

const publicColumns = { id: users.id, username: users.username, role: users.role, disabled: users.disabled, createdAt: users.createdAt };

export async function createUser(db: Db, input: { username: string; role: Role; password?: string }): Promise<PublicUser> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const [row] = await db.insert(users).values({ username: input.username, role: input.role, passwordHash }).returning(publicColumns);
  return row;
}

export const findUser = async (db: Db, username: string): Promise<UserRow | undefined> =>
  (await db.select().from(users).where(eq(users.username, username)).limit(1))[0];

export const listUsers = (db: Db): Promise<PublicUser[]> => db.select(publicColumns).from(users).orderBy(asc(users.username));

/** The user when the password is theirs (and they are enabled); the same work is done either way. */
export async function checkPassword(db: Db, username: string, password: string): Promise<UserRow | undefined> {
  const user = await findUser(db, username);
  if (!user?.passwordHash) {
    await verifyPassword(password, await decoyHash());
    return undefined;
  }
  const ok = await verifyPassword(password, user.passwordHash);
  return ok && !user.disabled ? user : undefined;
}

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/**
 * A fresh platform (no users yet) gets an admin user `admin` with the given password (or a random one)
 * and an API token (scopes api and predict). Returns the secrets to show once; undefined when users already exist.
 */
export async function bootstrapAdmin(db: Db, opts: { password?: string } = {}): Promise<{ username: string; password?: string; token: string } | undefined> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (n > 0) return undefined;
  const password = opts.password ?? newSecret().slice(0, 20);
  const admin = await createUser(db, { username: 'admin', role: 'admin', password });
  const { token } = await createToken(db, { userId: admin.id, name: 'bootstrap', scopes: ['api', 'predict'] });
  return { username: admin.username, password: opts.password ? undefined : password, token };
}

/**
 * A token for the launcher's own API calls (following the example run) when auth is required: it belongs
 * to the oldest admin, lasts a day at most, and the launcher revokes it when it stops.
 */
export async function launcherToken(db: Db): Promise<{ id: string; token: string } | undefined> {
  const [admin] = await db.select({ id: users.id }).from(users).where(sql`${users.role} = 'admin' and not ${users.disabled}`).orderBy(asc(users.createdAt)).limit(1);
  return admin ? createToken(db, { userId: admin.id, name: 'headrace start (launcher)', expiresInDays: 1 }) : undefined;
}
