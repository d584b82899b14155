'use client';
// The run's `approve` steps that wait for a person: what to check, who may decide and until when, and — for a
// signed-in editor or admin whose role the step lists — Approve and Reject, each asking for a reason.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { APPROVER_ROLES } from '../../../dsl/catalog/control';
import type { StepRun } from '../../_lib/api-types';
import { useTRPC } from '../../_lib/trpc';
import { Time } from '../time';

export interface WaitingApproval {
  step: string;
  message?: string;
  approvers: string[];
  until?: string;
}

/** The waiting `approve` rows of a run (and deploy.lifecycle rows waiting for their approval), with what the workflow recorded when it began to wait. */
export function waitingApprovals(steps: StepRun[]): WaitingApproval[] {
  return steps
    // A deploy.lifecycle step waits for a person the same way, through the same `decide` path.
    .filter((s) => s.status === 'waiting' && (s.kind === 'approve' || s.kind === 'deploy.lifecycle'))
    .map((s) => {
      const w = (s.summary ?? {}) as { approvers?: unknown; message?: unknown; until?: unknown };
      const approvers = Array.isArray(w.approvers) && w.approvers.length > 0 ? w.approvers.filter((a): a is string => typeof a === 'string') : [...APPROVER_ROLES];
      return { step: s.stepId, approvers, message: typeof w.message === 'string' ? w.message : undefined, until: typeof w.until === 'string' ? w.until : undefined };
    });
}

export function ApprovalPanel({ runId, waiting }: { runId: string; waiting: WaitingApproval[] }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (waiting.length === 0) return null;
  return (
    <section className="approvals" aria-label="Waiting for approval">
      {waiting.map((w) => (
        <Approval key={w.step} runId={runId} w={w} role={me.data?.role} username={me.data?.username} />
      ))}
    </section>
  );
}

function Approval({ runId, w, role, username }: { runId: string; w: WaitingApproval; role?: string; username?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<'approve' | 'reject' | undefined>();
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const done = { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.run.get.queryKey({ id: runId }) }) };
  const approve = useMutation(trpc.run.approve.mutationOptions(done));
  const reject = useMutation(trpc.run.reject.mutationOptions(done));
  const pending = approve.isPending || reject.isPending;
  const failed = approve.error ?? reject.error;
  const mayDecide = role !== undefined && w.approvers.includes(role);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const input = { id: runId, step: w.step, reason: reason.trim() };
    if (choice === 'approve') approve.mutate(input);
    else if (choice === 'reject') reject.mutate(input);
  };
  return (
    <div className="approval" data-testid={`approval-${w.step}`}>
      <p className="approval-title">
        <span className="badge state-waiting">
          <span className="badge-dot" aria-hidden="true" />
          waiting for approval
        </span>{' '}
        step <strong>{w.step}</strong>
      </p>
      {w.message && <p className="approval-message">{w.message}</p>}
      <p className="small muted">
        May decide: {w.approvers.map((a) => `${a}s`).join(' and ')}
        {w.until && (
          <>
            {' '}· ends as rejected <Time value={w.until} /> if nobody decides
          </>
        )}
      </p>
      {mayDecide ? (
        choice === undefined ? (
          <div className="approval-actions">
            <button type="button" className="primary" onClick={() => setChoice('approve')}>
              Approve…
            </button>
            <button type="button" className="danger" onClick={() => setChoice('reject')}>
              Reject…
            </button>
          </div>
        ) : (
          <form className="approval-form" onSubmit={submit}>
            <label htmlFor={reasonId}>{choice === 'approve' ? 'Why approve?' : 'Why reject?'} (kept with the decision and in the audit log)</label>
            <textarea id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required autoFocus />
            <div className="approval-actions">
              <button type="submit" className={choice === 'approve' ? 'primary' : 'danger'} disabled={pending || reason.trim() === ''}>
                {pending ? 'Sending…' : choice === 'approve' ? `Approve as ${username}` : `Reject as ${username}`}
              </button>
              <button type="button" onClick={() => setChoice(undefined)} disabled={pending}>
                Cancel
              </button>
            </div>
          </form>
        )
      ) : (
        role && (
          <p className="small muted">
            You are signed in as {username} ({role}): only {w.approvers.join(' or ')} may decide.
          </p>
        )
      )}
      {failed && (
        <p className="error-text" role="alert">
          {failed.message}
        </p>
      )}
    </div>
  );
}
