// endpoint.* over HTTP with auth required: who may deploy and roll back, the audit rows of allowed and refused
// changes, and the one-sentence refusals a client sees (a version outside staging/production, a strategy that
// is not available yet, nothing to roll back to).
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../server/auth/audit-log';
import { startHarness, type Harness } from '../helpers/harness';
import { fixtureModel, type FixtureModel } from '../serving/deployments-fixtures';

let h: Harness;
let m: FixtureModel;

beforeAll(async () => {
  h = await startHarness({ api: true });
  m = await fixtureModel(h.database.db, 'api', ['staging', 'none', 'production'], {}, h.store);
});

afterAll(async () => {
  await h?.stop();
});

async function refused(p: Promise<unknown>): Promise<TRPCClientError<any>> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(TRPCClientError);
  return err as TRPCClientError<any>;
}

describe('endpoint.deploy and endpoint.rollback', () => {
  it('are refused to a viewer, and the refusal is audited', async () => {
    const e = await refused(h.api.as('viewer').endpoint.deploy.mutate({ endpoint: 'api-viewer', model: `${m.name}@1` }));
    expect(e.data?.code).toBe('FORBIDDEN');
    expect(e.message).toBe('needs role editor; viewer-user is viewer');
    expect((await refused(h.api.as('viewer').endpoint.rollback.mutate({ endpoint: 'api-viewer' }))).data?.code).toBe('FORBIDDEN');
    const rows = (await listAudit(h.database.db, { limit: 50, actor: 'viewer-user' })).items.filter((r) => r.target === 'api-viewer');
    expect(rows.map((r) => [r.action, r.outcome]).sort()).toEqual([['endpoint.deploy', 'denied'], ['endpoint.rollback', 'denied']]);
    expect((await refused(h.api.as('viewer').endpoint.get.query({ name: 'api-viewer' }))).data?.code).toBe('NOT_FOUND');
  });

  it('let an editor deploy and an admin roll back, each audited with the endpoint and the deployment', async () => {
    const first = await h.api.as('editor').endpoint.deploy.mutate({ endpoint: 'api-main', model: `${m.name}@1`, reason: 'launch' });
    const second = await h.api.as('admin').endpoint.deploy.mutate({ endpoint: 'api-main', model: `${m.name}@production` });
    expect([first.number, second.number, second.variants[0].version]).toEqual([1, 2, 3]);
    const back = await h.api.as('admin').endpoint.rollback.mutate({ endpoint: 'api-main', reason: 'v3 is slow' });
    expect(back).toMatchObject({ number: 3, undone: 2, restored: 1, actor: 'admin-user', reason: 'v3 is slow' });
    expect(back.variants[0]).toMatchObject({ model: m.name, version: 1 });

    const rows = (await listAudit(h.database.db, { limit: 50 })).items.filter((r) => r.target === 'api-main');
    expect(rows.map((r) => [r.action, r.actor, r.outcome, (r.details as { id?: string }).id]).reverse()).toEqual([
      ['endpoint.deploy', 'editor-user', 'ok', first.id],
      ['endpoint.deploy', 'admin-user', 'ok', second.id],
      ['endpoint.rollback', 'admin-user', 'ok', back.id],
    ]);
    const viewed = await h.api.as('viewer').endpoint.get.query({ name: 'api-main' });
    expect(viewed.history.map((d) => `${d.number}:${d.status}`)).toEqual(['3:active', '2:rolled_back', '1:superseded']);
  });

  it('refuse in one sentence: a version outside staging and production, a strategy not available, nothing to roll back to', async () => {
    const stage = await refused(h.api.as('editor').endpoint.deploy.mutate({ endpoint: 'api-refused', model: `${m.name}@2` }));
    expect(stage.data?.code).toBe('CONFLICT');
    expect(stage.message).toBe(`${m.name}@2 is in stage none and only staging or production versions take traffic: promote it first (headrace promote ${m.name} 2 staging --reason TEXT)`);
    const strategy = await refused(h.api.as('editor').endpoint.deploy.mutate({ endpoint: 'api-refused', model: `${m.name}@1`, strategy: 'canary' as 'replace' }));
    expect(strategy.data?.code).toBe('BAD_REQUEST');
    expect(strategy.message).toMatch(/^strategy\b.*replace.*canary/);
    await h.api.as('editor').endpoint.deploy.mutate({ endpoint: 'api-once', model: `${m.name}@1` });
    const nothing = await refused(h.api.as('editor').endpoint.rollback.mutate({ endpoint: 'api-once' }));
    expect(nothing.data?.code).toBe('CONFLICT');
    expect(nothing.message).toBe('endpoint api-once has nothing to roll back to: deployment #1 is the first it had');
    const unknown = await refused(h.api.as('editor').endpoint.rollback.mutate({ endpoint: 'api-nowhere' }));
    expect([unknown.data?.code, unknown.message]).toEqual(['NOT_FOUND', 'no endpoint named api-nowhere']);
  });
});
