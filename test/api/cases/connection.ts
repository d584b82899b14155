// Cases of connection.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts): the databases ingest.sql
// reads. Viewers list them and see no secret; admins set and delete them; a URL holding a password is refused.
import { expect } from 'vitest';
import { getConnection, setConnection } from '../../../server/db/repo/connections';
import type { RouterCases } from './types';

export default {
  list: {
    role: 'viewer',
    happy: async (env) => {
      await setConnection(env.h.svc.db, {
        name: 'listed-warehouse', url: 'postgres://reader@db.example:5432/shop', passwordEnv: 'SHOP_PASSWORD', description: 'orders', actor: 'test',
      });
      return undefined;
    },
    check: (result) => {
      const c = result.find((r: { name: string }) => r.name === 'listed-warehouse');
      expect(c).toMatchObject({ kind: 'postgres', url: 'postgres://reader@db.example:5432/shop', passwordEnv: 'SHOP_PASSWORD', description: 'orders', createdBy: 'test' });
      // The name of the variable, never a value: there is no field that could hold one.
      expect(Object.keys(c).sort()).toEqual(['createdAt', 'createdBy', 'description', 'kind', 'name', 'passwordEnv', 'passwordSecret', 'updatedAt', 'url']);
    },
  },
  set: {
    role: 'admin',
    bad: { input: { name: 'warehouse', url: 'postgres://reader:hunter2@db.example:5432/shop' }, field: 'url' },
    happy: (env) => ({ name: env.unique('warehouse'), url: 'postgres://reader@db.example:5432/shop?sslmode=require', passwordEnv: 'WAREHOUSE_PASSWORD', description: 'the shop' }),
    check: async (result, env) => {
      expect(result).toMatchObject({ kind: 'postgres', url: 'postgres://reader@db.example:5432/shop?sslmode=require', passwordEnv: 'WAREHOUSE_PASSWORD', createdBy: 'admin-user', created: true });
      const again = await env.as.admin.connection.set.mutate({ name: result.name, url: 'postgres://reader@db2.example/shop' });
      expect(again).toMatchObject({ name: result.name, url: 'postgres://reader@db2.example/shop', passwordEnv: null, description: null, created: false });
      expect(await getConnection(env.h.svc.db, result.name)).toMatchObject({ url: 'postgres://reader@db2.example/shop', createdBy: 'admin-user' });
      // A password in the query string is refused as well, naming the field.
      const refused = await env.as.admin.connection.set.mutate({ name: result.name, url: 'postgres://reader@db.example/shop?password=hunter2' })
        .then(() => undefined, (e: { message: string; data?: { code?: string } }) => [e.data?.code, e.message]);
      expect(refused).toEqual(['BAD_REQUEST', expect.stringMatching(/^url holds password= in its query/)]);
    },
  },
  delete: {
    role: 'admin',
    bad: { input: { name: 'Not A Name' }, field: 'name' },
    happy: async (env) => {
      const name = env.unique('doomed');
      await setConnection(env.h.svc.db, { name, url: 'postgres://reader@db.example/shop', actor: 'test' });
      return { name };
    },
    check: async (result, env) => {
      expect(result).toEqual({ name: result.name, deleted: true });
      expect(await getConnection(env.h.svc.db, result.name)).toBeUndefined();
      const again = await env.as.admin.connection.delete.mutate({ name: result.name }).catch((e: { data?: { code?: string } }) => e.data?.code);
      expect(again).toBe('NOT_FOUND');
    },
  },
} satisfies RouterCases;
