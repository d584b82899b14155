// The HTTP API of a test platform with auth required, and a signed-in user per role.
import type { Role } from '../../server/api/trpc';
import { ROLES } from '../../server/api/trpc';
import { createHeadraceClient, type HeadraceClient } from '../../server/api/client';
import { createToken } from '../../server/auth/tokens';
import { checkPassword, createUser } from '../../server/auth/users';
import { startHttpServer } from '../../server/http';
import type { Services } from '../../server/services/context';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  /** An API token of this user (no expiry). */
  token: string;
}

export interface TestApi {
  url: string;
  /** `viewer-user`, `editor-user`, `admin-user`. */
  users: Record<Role, TestUser>;
  /** A client signed in as that role's user, or with the given token; `anonymous()` sends no credentials. */
  as(role: Role): HeadraceClient;
  withToken(token: string): HeadraceClient;
  anonymous(): HeadraceClient;
  close(): Promise<void>;
}

export async function startApi(svc: Services, web?: Parameters<typeof startHttpServer>[0]['web']): Promise<TestApi> {
  if (!svc.config.auth.required) throw new Error('the test API runs with auth required');
  const http = await startHttpServer({ svc, host: '127.0.0.1', port: 0, web });
  const users = {} as Record<Role, TestUser>;
  for (const role of ROLES) {
    const password = `${role}-password-1`;
    const user = await roleUser(svc, role, password);
    const { token } = await createToken(svc.db, { userId: user.id, name: `test ${role}` });
    users[role] = { id: user.id, username: user.username, password, token };
  }
  const withToken = (token: string) => createHeadraceClient({ url: http.url, token });
  return {
    url: http.url,
    users,
    as: (role) => withToken(users[role].token),
    withToken,
    anonymous: () => createHeadraceClient({ url: http.url }),
    close: () => http.close(),
  };
}

/**
 * The role's test user: made here, or — on a PostgreSQL database several test files share — the one another file
 * made first (the same name and password), so two files starting at once do not trip on the unique name.
 */
async function roleUser(svc: Services, role: Role, password: string): Promise<{ id: string; username: string }> {
  const username = `${role}-user`;
  try {
    return await createUser(svc.db, { username, role, password });
  } catch (err) {
    const existing = await checkPassword(svc.db, username, password);
    if (!existing) throw err;
    return existing;
  }
}
