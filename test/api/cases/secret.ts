// Cases of secret.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts): the secret store.
// Editors list names; admins set, delete and rotate. No answer and no audit row ever holds a value; the stored row holds
// it sealed, and it opens to the same value for a worker of this platform.
import { expect } from 'vitest';
import { deleteSecret, getSealedSecret, listSecrets, putSecret } from '../../../server/db/repo/secrets';
import { seal } from '../../../server/secrets/cipher';
import { parseSecretKey } from '../../../server/secrets/key';
import { listAudit } from '../../../server/auth/audit-log';
import { readSecret, setSecret } from '../../../server/secrets/store';
import type { RouterCases } from './types';

export default {
  list: {
    role: 'editor',
    happy: async (env) => {
      await setSecret(env.h.svc.db, { name: 'listed-token', value: 'value-of-listed-token', description: 'the export API', actor: 'test' }, env.h.home);
      return undefined;
    },
    check: (result) => {
      const s = result.find((r: { name: string }) => r.name === 'listed-token');
      expect(s).toMatchObject({ description: 'the export API', createdBy: 'test', updatedBy: 'test', keyId: expect.stringMatching(/^[0-9a-f]{12}$/) });
      // Names and dates: no field that could hold a value.
      expect(Object.keys(s).sort()).toEqual(['createdAt', 'createdBy', 'description', 'keyId', 'name', 'updatedAt', 'updatedBy']);
      expect(JSON.stringify(result)).not.toContain('value-of-listed-token');
    },
  },
  set: {
    role: 'admin',
    bad: { input: { name: '1-starts-with-a-digit', value: 'long enough' }, field: 'name' },
    happy: (env) => ({ name: env.unique('warehouse-password'), value: 'hunter2-but-longer', description: 'the shop database' }),
    check: async (result, env) => {
      expect(result).toMatchObject({ description: 'the shop database', createdBy: 'admin-user', updatedBy: 'admin-user', created: true });
      expect(JSON.stringify(result)).not.toContain('hunter2');
      const sealed = await getSealedSecret(env.h.svc.db, result.name);
      expect(sealed!.sealed).toMatch(/^v1\.[0-9a-f]{12}\./);
      expect(sealed!.sealed).not.toContain('hunter2');
      expect(await readSecret(env.h.svc.db, result.name, env.h.home)).toBe('hunter2-but-longer');
      // Set again: replaced, the description kept, the answer says updated.
      const again = await env.as.admin.secret.set.mutate({ name: result.name, value: 'a-new-value' });
      expect(again).toMatchObject({ name: result.name, description: 'the shop database', created: false });
      expect(await readSecret(env.h.svc.db, result.name, env.h.home)).toBe('a-new-value');
      // A value too short to be blanked out of logs is refused, naming the field.
      const short = await env.as.admin.secret.set.mutate({ name: result.name, value: 'abc' })
        .then(() => undefined, (e: { data?: { code?: string; zod?: { fieldErrors?: Record<string, unknown> } } }) => [e.data?.code, Object.keys(e.data?.zod?.fieldErrors ?? {})]);
      expect(short).toEqual(['BAD_REQUEST', ['value']]);
      // The audit log names the secret, never its value.
      const { items } = await listAudit(env.h.svc.db, { limit: 50, action: 'secret.set' });
      expect(items.filter((i) => i.target === result.name).length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(items)).not.toMatch(/hunter2|a-new-value/);
    },
  },
  rotate: {
    role: 'admin',
    bad: { input: { newKey: 'yes' }, field: 'newKey' },
    happy: async (env) => {
      // One value under the current key, one under a key this platform does not have: the first is left, the
      // second reported, neither lost.
      await setSecret(env.h.svc.db, { name: env.unique('kept-token'), value: 'kept-value-1', actor: 'test' }, env.h.home);
      const stranger = parseSecretKey(Buffer.alloc(32, 9).toString('base64'), 'another platform');
      await putSecret(env.h.svc.db, { name: 'stranger-token', sealed: seal('stranger-token', 'from-elsewhere', stranger), keyId: stranger.id, actor: 'test' });
      return { newKey: false };
    },
    check: async (result, env) => {
      expect(result).toMatchObject({ keyId: expect.stringMatching(/^[0-9a-f]{12}$/), previousKeyId: null, resealed: [] });
      expect(result.current).toBeGreaterThanOrEqual(1);
      expect(result.unreadable).toEqual([expect.objectContaining({ name: 'stranger-token', keyId: parseSecretKey(Buffer.alloc(32, 9).toString('base64'), 'x').id })]);
      expect(result.unreadable[0].error).toContain('HEADRACE_SECRET_KEY_PREVIOUS');
      expect((await getSealedSecret(env.h.svc.db, 'stranger-token'))!.keyId).toBe(result.unreadable[0].keyId);
      await deleteSecret(env.h.svc.db, 'stranger-token');
    },
  },
  delete: {
    role: 'admin',
    bad: { input: { name: 'no spaces allowed' }, field: 'name' },
    happy: async (env) => {
      const name = env.unique('doomed-secret');
      await setSecret(env.h.svc.db, { name, value: 'soon-gone', actor: 'test' }, env.h.home);
      return { name };
    },
    check: async (result, env) => {
      expect(result).toEqual({ name: result.name, deleted: true });
      expect((await listSecrets(env.h.svc.db)).map((s) => s.name)).not.toContain(result.name);
      const reading = await readSecret(env.h.svc.db, result.name, env.h.home).then(() => 'read', (e: Error) => e.message);
      expect(reading).toBe(`secret ${result.name} is not set: an admin sets it with headrace secret set ${result.name}`);
      const again = await env.as.admin.secret.delete.mutate({ name: result.name }).catch((e: { data?: { code?: string } }) => e.data?.code);
      expect(again).toBe('NOT_FOUND');
    },
  },
} satisfies RouterCases;
