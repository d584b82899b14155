// Users: creation, lookup, password sign-in, and the first admin of a fresh platform.
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';
import { ServiceError } from '../services/errors';
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

// --- what admins change about a user (admin.setUserRole, admin.setUserDisabled, admin.resetPassword) ----------

async function existingUser(db: Db, username: string): Promise<UserRow> {
  const user = await findUser(db, username);
  if (!user) throw new ServiceError('NOT_FOUND', `no user "${username}"`);
  return user;
}

/** Refuses a change that would leave the platform without an enabled admin (no one could manage users again). */
async function keepAnAdmin(db: Db, user: UserRow, after: { role: string; disabled: boolean }): Promise<void> {
  const losesAdmin = user.role === 'admin' && !user.disabled && (after.role !== 'admin' || after.disabled);
  if (!losesAdmin) return;
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, user.id)));
  if (n === 0) throw new ServiceError('CONFLICT', `"${user.username}" is the last enabled admin: make another admin first`);
}

/** Gives the user another role; sessions and tokens carry the new role from their next request (they are read per request). */
export async function setUserRole(db: Db, username: string, role: Role): Promise<PublicUser> {
  const user = await existingUser(db, username);
  await keepAnAdmin(db, user, { role, disabled: user.disabled });
  const [row] = await db.update(users).set({ role }).where(eq(users.id, user.id)).returning(publicColumns);
  return row;
}

/**
 * Disables (or enables again) a user. A disabled user's sessions end, and their tokens are refused by the API from
 * the next request (by predict servers within their 5 s cache); the tokens come back if the user is enabled again.
 */
export async function setUserDisabled(db: Db, username: string, disabled: boolean): Promise<PublicUser> {
  const user = await existingUser(db, username);
  await keepAnAdmin(db, user, { role: user.role, disabled });
  const [row] = await db.update(users).set({ disabled }).where(eq(users.id, user.id)).returning(publicColumns);
  if (disabled) await db.delete(sessions).where(eq(sessions.userId, user.id));
  return row;
}

/**
 * Sets a new password (the given one, or a random one returned to show once) and ends the user's browser sessions;
 * API tokens are kept (revoke them with admin.revokeToken when they may have leaked too).
 */
export async function resetPassword(db: Db, username: string, password?: string): Promise<{ user: PublicUser; password?: string }> {
  const user = await existingUser(db, username);
  const chosen = password ?? newSecret().slice(0, 20);
  await db.update(users).set({ passwordHash: await hashPassword(chosen) }).where(eq(users.id, user.id));
  await db.delete(sessions).where(eq(sessions.userId, user.id));
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, user.id));
  return { user: row, password: password === undefined ? chosen : undefined };
}
