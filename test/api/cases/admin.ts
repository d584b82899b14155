// Cases of admin.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts). Owned by H1.
import { expect } from 'vitest';
import { referencedHashes } from '../../../server/artifacts/gc';
import { parseArtifactUri } from '../../../server/artifacts/store';
import { createToken } from '../../../server/auth/tokens';
import { createUser } from '../../../server/auth/users';
import type { CaseEnv, RouterCases } from './types';

/** The token revokeToken's happy path revokes, so its check can prove the token is refused at once. */
let revoked: { id: string; token: string } | undefined;

/** A user made for one case (a fresh name, so a case never changes the role users the others rely on), with a token. */
const subjects: Record<string, { username: string; token: string }> = {};
async function subject(env: CaseEnv, key: string, role: 'viewer' | 'editor', password?: string) {
  const user = await createUser(env.h.svc.db, { username: env.unique(key), role, password });
  const { token } = await createToken(env.h.svc.db, { userId: user.id, name: key });
  subjects[key] = { username: user.username, token };
  return subjects[key];
}

export default {
  users: {
    role: 'admin',
    happy: () => undefined,
    check: (result) => {
      expect(result.map((u: { username: string; role: string }) => `${u.username}:${u.role}`)).toEqual(
        expect.arrayContaining(['admin-user:admin', 'editor-user:editor', 'viewer-user:viewer']),
      );
      for (const u of result) expect(Object.keys(u)).not.toContain('passwordHash');
    },
  },
  createUser: {
    role: 'admin',
    bad: { input: { username: 'Not A Name', role: 'viewer' }, field: 'username' },
    happy: (env) => ({ username: env.unique('user'), role: 'editor', password: 'a-long-password' }),
    check: async (result, env) => {
      expect(result).toMatchObject({ role: 'editor', disabled: false });
      const login = await env.anonymous.auth.login.mutate({ username: result.username, password: 'a-long-password' });
      expect(login.role).toBe('editor');
    },
  },
  setUserRole: {
    role: 'admin',
    bad: { input: { username: 'Not A Name', role: 'editor' }, field: 'username' },
    happy: async (env) => {
      const { username, token } = await subject(env, 'promoted', 'viewer');
      expect(await env.client(token).auth.me.query()).toMatchObject({ username, role: 'viewer' });
      return { username, role: 'editor' };
    },
    check: async (result, env) => {
      const { username, token } = subjects.promoted;
      expect(result).toMatchObject({ username, role: 'editor', disabled: false });
      // The user's own token carries the new role from its next request.
      expect(await env.client(token).auth.me.query()).toMatchObject({ username, role: 'editor', via: 'token' });
    },
  },
  setUserDisabled: {
    role: 'admin',
    bad: { input: { username: 'leaver', disabled: 'yes' }, field: 'disabled' },
    happy: async (env) => {
      const { username, token } = await subject(env, 'disabled', 'editor');
      expect(await env.client(token).auth.me.query()).toMatchObject({ username });
      return { username, disabled: true };
    },
    check: async (result, env) => {
      const { username, token } = subjects.disabled;
      expect(result).toMatchObject({ username, role: 'editor', disabled: true });
      const refused = await env.client(token).auth.me.query().catch((e: { data?: { code?: string } }) => e.data?.code);
      expect(refused).toBe('UNAUTHORIZED');
    },
  },
  resetPassword: {
    role: 'admin',
    bad: { input: { username: 'viewer-user', password: 'short' }, field: 'password' },
    happy: async (env) => {
      const { username } = await subject(env, 'forgetful', 'viewer', 'the-old-password');
      return { username };
    },
    check: async (result, env) => {
      const { username } = subjects.forgetful;
      expect(result).toMatchObject({ username, role: 'viewer', disabled: false });
      // Without a password given, a random one is in this answer (only): it signs in, the old one no longer does.
      expect(result.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(await env.anonymous.auth.login.mutate({ username, password: result.password })).toMatchObject({ username });
      const old = await env.anonymous.auth.login.mutate({ username, password: 'the-old-password' }).catch((e: { data?: { code?: string } }) => e.data?.code);
      expect(old).toBe('UNAUTHORIZED');
    },
  },
  createToken: {
    role: 'admin',
    bad: { input: { name: '' }, field: 'name' },
    happy: (env) => ({ name: env.unique('ci'), expiresInDays: 7, username: env.users.viewer.username }),
    check: async (result, env) => {
      expect(result.token).toMatch(/^hr_[A-Za-z0-9_-]{43}$/);
      expect(result.prefix).toBe(result.token.slice(0, 9));
      const days = (result.expiresAt.getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      expect(days).toBeLessThanOrEqual(7);
      expect(await env.client(result.token).auth.me.query()).toMatchObject({ username: 'viewer-user', role: 'viewer', via: 'token' });
      // Without `scopes` a token is an API token.
      expect(result.scopes).toEqual(['api']);
    },
  },
  revokeToken: {
    role: 'admin',
    bad: { input: { id: 'not-a-uuid' }, field: 'id' },
    happy: async (env) => {
      revoked = await createToken(env.h.svc.db, { userId: env.users.editor.id, name: env.unique('to-revoke') });
      expect(await env.client(revoked.token).auth.me.query()).toMatchObject({ username: 'editor-user' });
      return { id: revoked.id };
    },
    check: async (result, env) => {
      expect(result).toEqual({ id: revoked!.id, revoked: true });
      const refused = await env.client(revoked!.token).auth.me.query().catch((e: { data?: { code?: string } }) => e.data?.code);
      expect(refused).toBe('UNAUTHORIZED');
    },
  },
  tokens: {
    role: 'admin',
    bad: { input: { username: 'Not A Name' }, field: 'username' },
    happy: (env) => ({ username: env.users.editor.username }),
    check: (result) => {
      expect(result.length).toBeGreaterThan(0);
      expect(result.every((t: { username: string }) => t.username === 'editor-user')).toBe(true);
      expect(result.map((t: { name: string }) => t.name)).toContain('test editor');
      for (const t of result) {
        expect(Object.keys(t)).not.toContain('tokenHash');
        expect(t.prefix).toMatch(/^hr_.{6}$/);
        expect(t.scopes).toContain('api');
      }
    },
  },
  audit: {
    role: 'admin',
    bad: { input: { limit: 0 }, field: 'limit' },
    // The seed saved the pipeline twice: two rows, one per page.
    happy: () => ({ limit: 1, action: 'pipeline.save' }),
    check: async (result, env) => {
      expect(result.items).toHaveLength(1);
      expect(result.items[0]).toMatchObject({ action: 'pipeline.save', actor: 'editor-user', outcome: 'ok' });
      expect(result.nextCursor).toBe(String(result.items[0].id));
      const next = await env.as.admin.admin.audit.query({ limit: 1, action: 'pipeline.save', cursor: result.nextCursor });
      expect(next.items).toHaveLength(1);
      expect(next.items[0].id).toBeLessThan(result.items[0].id);
    },
  },
  gc: {
    role: 'admin',
    bad: { input: { olderThan: 'soon' }, field: 'olderThan' },
    // A dry run with no grace period: it lists what the seed runs left unreferenced (their checkpoints), removes nothing.
    happy: () => ({ dryRun: true, olderThan: '0s' }),
    check: async (result, env) => {
      expect(result.dryRun).toBe(true);
      expect(result.stored.count).toBeGreaterThan(result.removed.length);
      expect(result.kept.referenced).toBeGreaterThan(0);
      const referenced = await referencedHashes(env.h.svc.db);
      for (const a of result.removed) {
        const { hash } = parseArtifactUri(a.uri);
        expect(referenced.has(hash)).toBe(false);
        expect(await env.h.store.has(hash)).toBe(true);
      }
      expect(result.removedBytes).toBe(result.removed.reduce((n: number, a: { size: number }) => n + a.size, 0));
    },
  },
} satisfies RouterCases;
