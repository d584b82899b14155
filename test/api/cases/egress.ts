// Cases of egress.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts): the hosts pipelines
// and monitors may reach although restricted. Everyone reads the list; admins allow and revoke.
import { expect } from 'vitest';
import { allowEgressHost, listEgressHosts } from '../../../server/db/repo/egress-hosts';
import type { RouterCases } from './types';

export default {
  list: {
    role: 'viewer',
    happy: async (env) => {
      await allowEgressHost(env.h.svc.db, { host: 'listed.internal', note: 'the feature store', actor: 'test' });
      return undefined;
    },
    check: (result) => {
      expect(result.find((r: { host: string }) => r.host === 'listed.internal')).toMatchObject({ note: 'the feature store', createdBy: 'test' });
    },
  },
  allow: {
    role: 'admin',
    bad: { input: { host: 'not a host!' }, field: 'host' },
    happy: (env) => ({ host: `${env.unique('Warehouse')}.Internal`, note: 'the shop database' }),
    check: async (result, env) => {
      // Stored lowercase, as URLs compare hosts.
      expect(result).toMatchObject({ host: result.host.toLowerCase(), note: 'the shop database', createdBy: 'admin-user', created: true });
      expect(await env.as.admin.egress.allow.mutate({ host: result.host })).toMatchObject({ created: false, note: 'the shop database' });
      expect(await env.as.admin.egress.allow.mutate({ host: '*.corp.example' })).toMatchObject({ host: '*.corp.example' });
      expect(await env.as.admin.egress.allow.mutate({ host: '[fd00::1]' })).toMatchObject({ host: 'fd00::1' });
    },
  },
  revoke: {
    role: 'admin',
    bad: { input: { host: '' }, field: 'host' },
    happy: async (env) => {
      const host = `${env.unique('doomed')}.internal`;
      await allowEgressHost(env.h.svc.db, { host, actor: 'test' });
      return { host };
    },
    check: async (result, env) => {
      expect(result).toEqual({ host: result.host, revoked: true });
      expect((await listEgressHosts(env.h.svc.db)).map((h) => h.host)).not.toContain(result.host);
      const again = await env.as.admin.egress.revoke.mutate({ host: result.host }).catch((e: { data?: { code?: string } }) => e.data?.code);
      expect(again).toBe('NOT_FOUND');
    },
  },
} satisfies RouterCases;
