// The audit log: every mutation of the API, whether it succeeds, is refused (no credentials, wrong role) or
// fails on bad input, leaves exactly one row naming who, what, the target and the outcome. The mutations
// are read from the router and driven with the matrix's cases (test/api/cases/).
import { count, desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { appRouter } from '../../server/api/root';
import { auditLog } from '../../server/db/schema';
import { caseEnv } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';
import { loadCases, type CaseEnv } from './cases/types';

const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
  .filter(([, p]) => p._def.type === 'mutation')
  .map(([path]) => path)
  .sort();

const cases = await loadCases();

let h: Harness;
let env: CaseEnv;

beforeAll(async () => {
  h = await startHarness({ api: true });
  env = await caseEnv(h);
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

const rows = async () => (await h.database.db.select({ n: count() }).from(auditLog))[0].n;
const mutate = (client: HeadraceClient, path: string, input: unknown) =>
  (path.split('.').reduce<any>((o, k) => o[k], client).mutate(input) as Promise<unknown>).then(() => 'ok', () => 'refused');

/** Makes one call and returns the audit rows it added (every one of them). */
async function rowsOf(call: () => Promise<string>) {
  const before = await rows();
  const outcome = await call();
  const added = await h.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit((await rows()) - before);
  return { outcome, added };
}

describe('the audit log', () => {
  it('knows the mutations it must see', () => {
    expect(mutations).toEqual(expect.arrayContaining(['admin.createToken', 'admin.revokeToken', 'auth.login', 'pipeline.save', 'run.start', 'run.cancel']));
  });

  for (const path of mutations) {
    it(`${path}: one row when it succeeds, one when refused, one when its input is bad`, async () => {
      const c = cases[path];
      expect(c, `${path} has no case in test/api/cases/`).toBeDefined();
      const input = await c.happy(env);
      const user = c.role === 'public' ? undefined : env.users[c.role];
      const client = user ? env.client(user.token) : env.anonymous;

      if (c.role !== 'public') {
        const denied = await rowsOf(() => mutate(env.anonymous, path, input));
        expect(denied.outcome).toBe('refused');
        expect(denied.added).toHaveLength(1);
        expect(denied.added[0]).toMatchObject({ actor: 'anonymous', action: path, outcome: 'denied' });
      }
      if (c.bad) {
        const bad = await rowsOf(() => mutate(client, path, c.bad!.input));
        expect(bad.added).toHaveLength(1);
        expect(bad.added[0]).toMatchObject({ action: path, outcome: 'error', details: { code: 'BAD_REQUEST' } });
      }
      const ok = await rowsOf(() => mutate(client, path, input));
      expect(ok.outcome).toBe('ok');
      expect(ok.added).toHaveLength(1);
      expect(ok.added[0]).toMatchObject({ action: path, outcome: 'ok', actor: path === 'auth.login' ? 'anonymous' : user!.username });
      expect(ok.added[0].at).toBeInstanceOf(Date);
    });
  }

  it('records a refused role as denied, with the caller and the target', async () => {
    const r = await rowsOf(() => mutate(env.as.viewer, 'pipeline.save', { source: env.seed.source }));
    expect(r.added).toHaveLength(1);
    expect(r.added[0]).toMatchObject({ actor: 'viewer-user', action: 'pipeline.save', outcome: 'denied', details: { code: 'FORBIDDEN' } });
    const t = await rowsOf(() => mutate(env.as.admin, 'admin.revokeToken', { id: '00000000-0000-4000-8000-000000000000' }));
    expect(t.added[0]).toMatchObject({ actor: 'admin-user', target: '00000000-0000-4000-8000-000000000000', outcome: 'error', details: { code: 'NOT_FOUND' } });
  });

  it('never records a password or a token', async () => {
    const dump = JSON.stringify(await h.database.db.select().from(auditLog));
    for (const u of Object.values(env.users)) {
      expect(dump).not.toContain(u.password);
      expect(dump).not.toContain(u.token);
    }
  });
});
