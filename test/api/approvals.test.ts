// run.approve / run.reject over HTTP with auth required, against real `approve` steps on a real Temporal dev
// server: granted, rejected, refused to a viewer and to a role the step does not list, a step that is not
// waiting (CONFLICT), and the audit row every call leaves with its actor.
import { and, eq, like } from 'drizzle-orm';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { auditLog } from '../../server/db/schema';
import { penguinsDir, pipelineSource, waitForRun } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';
import { gated, waitingStep } from './gated';

let h: Harness;
let editor: HeadraceClient;
let viewer: HeadraceClient;
let admin: HeadraceClient;

beforeAll(async () => {
  h = await startHarness({ api: true });
  editor = h.api.as('editor');
  viewer = h.api.as('viewer');
  admin = h.api.as('admin');
});

afterAll(async () => {
  await h?.stop();
});

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCClientError);
  return e as TRPCClientError<any>;
}

const auditOf = (runId: string) =>
  h.database.db
    .select({ actor: auditLog.actor, action: auditLog.action, outcome: auditLog.outcome, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.target, runId), like(auditLog.action, 'run.%')))
    .orderBy(auditLog.id);

describe('an approve step', () => {
  it('waits, shows who may decide, and continues when an editor approves with a reason', async () => {
    const run = await editor.run.start.mutate({ source: gated('approved') });
    const row = await waitingStep(viewer, run.id, 'review');
    expect(row.summary).toMatchObject({ approvers: ['editor', 'admin'], message: 'Look at the data first' });

    const refused = await refusal(viewer.run.approve.mutate({ id: run.id, step: 'review', reason: 'looks fine' }));
    expect(refused.data?.code).toBe('FORBIDDEN');

    const decision = await editor.run.approve.mutate({ id: run.id, step: 'review', reason: 'checked the sample' });
    expect(decision).toEqual({ id: run.id, step: 'review', approved: true, reason: 'checked the sample', actor: 'editor-user' });
    const done = await waitForRun(viewer, run.id);
    expect(done.status).toBe('succeeded');
    const review = done.steps.find((s) => s.stepId === 'review' && s.status === 'succeeded');
    expect(review?.summary).toMatchObject({ approval: { approved: true, actor: 'editor-user', reason: 'checked the sample' } });
    expect(done.steps.find((s) => s.stepId === 'after')?.status).toBe('succeeded');

    // Decided already: the workflow has finished, so nothing is waiting.
    const late = await refusal(admin.run.reject.mutate({ id: run.id, step: 'review', reason: 'too late' }));
    expect(late.data?.code).toBe('CONFLICT');
    expect(late.message).toMatch(/not waiting for approval/);

    // Every decision and every refused attempt, with its actor.
    expect(await auditOf(run.id)).toMatchObject([
      { actor: 'viewer-user', action: 'run.approve', outcome: 'denied', details: { step: 'review', reason: 'looks fine', code: 'FORBIDDEN' } },
      { actor: 'editor-user', action: 'run.approve', outcome: 'ok', details: { step: 'review', reason: 'checked the sample' } },
      { actor: 'admin-user', action: 'run.reject', outcome: 'error', details: { step: 'review', reason: 'too late', code: 'CONFLICT' } },
    ]);
  });

  it('fails the step and the run when rejected, with who and why', async () => {
    const run = await editor.run.start.mutate({ source: gated('rejected') });
    await waitingStep(viewer, run.id, 'review');
    const decision = await admin.run.reject.mutate({ id: run.id, step: 'review', reason: 'wrong data source' });
    expect(decision).toMatchObject({ approved: false, actor: 'admin-user' });
    const done = await waitForRun(viewer, run.id);
    expect(done.status).toBe('failed');
    const review = done.steps.find((s) => s.stepId === 'review' && s.status === 'failed');
    expect(review?.error).toBe('rejected by admin-user: wrong data source');
    expect(done.error).toMatch(/rejected by admin-user: wrong data source/);
  });

  it('takes a decision only from the roles it lists', async () => {
    const run = await editor.run.start.mutate({ source: gated('admins-only', '{ approvers: [admin], timeout: 1h }') });
    await waitingStep(viewer, run.id, 'review');
    const refused = await refusal(editor.run.approve.mutate({ id: run.id, step: 'review', reason: 'I checked' }));
    expect(refused.data?.code).toBe('FORBIDDEN');
    expect(refused.message).toBe('step "review" may be decided by admin; editor-user is editor');
    await admin.run.approve.mutate({ id: run.id, step: 'review', reason: 'I checked' });
    expect((await waitForRun(viewer, run.id)).status).toBe('succeeded');
  });

  it('refuses a step that does not exist or is not a waiting approval, and a decision without a reason', async () => {
    const run = await editor.run.start.mutate({ source: gated('not-waiting') });
    await waitingStep(viewer, run.id, 'review');
    const unknown = await refusal(editor.run.approve.mutate({ id: run.id, step: 'nope', reason: 'x' }));
    expect(unknown.data?.code).toBe('NOT_FOUND');
    expect(unknown.message).toMatch(/has no step "nope"/);
    const notApproval = await refusal(editor.run.approve.mutate({ id: run.id, step: 'after', reason: 'x' }));
    expect(notApproval.data?.code).toBe('CONFLICT');
    expect(notApproval.message).toMatch(/step "after" is a wait step, not an approval/);
    const blank = await refusal(editor.run.approve.mutate({ id: run.id, step: 'review', reason: '   ' }));
    expect(blank.data?.code).toBe('BAD_REQUEST');
    // Still waiting: none of these decided anything.
    await waitingStep(viewer, run.id, 'review');
    await editor.run.cancel.mutate({ id: run.id });
    expect((await waitForRun(viewer, run.id)).status).toBe('cancelled');
  });
});

describe('an approval before registration', () => {
  it('lands in the model version’s governance data with who decided and why', async () => {
    const source = pipelineSource('approved-model')
      .replace(/^  register:\n    uses: registry.register\n/m, '  signoff:\n    uses: approve\n    needs: [evaluate]\n    with: { message: "Check the confusion matrix" }\n  register:\n    uses: registry.register\n    needs: [signoff]\n');
    expect(source).toContain('uses: approve');
    const run = await editor.run.start.mutate({ source, baseDir: penguinsDir });
    await waitingStep(viewer, run.id, 'signoff', 120_000);
    await admin.run.approve.mutate({ id: run.id, step: 'signoff', reason: 'matrix is clean' });
    expect((await waitForRun(viewer, run.id)).status).toBe('succeeded');
    const [version] = (await viewer.model.list.query({ name: 'approved-model' })).filter((v) => v.runId === run.id);
    expect(version.approvals).toEqual([
      expect.objectContaining({ step: 'signoff', approved: true, actor: 'admin-user', reason: 'matrix is clean' }),
    ]);
  });
});
