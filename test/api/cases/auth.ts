// Cases of auth.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts). Owned by H1.
import { expect } from 'vitest';
import type { RouterCases } from './types';

export default {
  me: {
    role: 'viewer',
    happy: () => undefined,
    check: (result, env) => {
      expect(result).toEqual({ userId: env.users.viewer.id, username: 'viewer-user', role: 'viewer', via: 'token' });
    },
  },
  login: {
    role: 'public',
    bad: { input: { username: '', password: 'x' }, field: 'username' },
    happy: (env) => ({ username: env.users.editor.username, password: env.users.editor.password, tokenName: 'laptop' }),
    check: async (result, env) => {
      expect(result).toMatchObject({ username: 'editor-user', role: 'editor' });
      expect(result.token).toMatch(/^hr_/);
      expect(await env.client(result.token).auth.me.query()).toMatchObject({ username: 'editor-user', via: 'token' });
    },
  },
} satisfies RouterCases;
