'use client';
// Promote / Archive for a version, offered to the roles the registry's rules allow: editors move versions to
// staging and to archived; production needs an admin (and the production gate, checked by the server). Each
// change asks for a reason, kept in the stage history and the audit log. A viewer gets no buttons.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '../../_lib/trpc';

type Stage = 'none' | 'staging' | 'production' | 'archived';
interface Move {
  to: Stage;
  label: string;
  tone: 'primary' | 'danger' | '';
  /** Roles allowed to make the move. */
  roles: string[];
}

/** The moves a version in `stage` offers (the server enforces the same rules). */
export function movesFrom(stage: string): Move[] {
  const editors = ['editor', 'admin'];
  switch (stage) {
    case 'none':
      return [{ to: 'staging', label: 'Promote to staging', tone: 'primary', roles: editors }, { to: 'archived', label: 'Archive', tone: 'danger', roles: editors }];
    case 'staging':
      return [{ to: 'production', label: 'Promote to production', tone: 'primary', roles: ['admin'] }, { to: 'archived', label: 'Archive', tone: 'danger', roles: editors }];
    case 'production':
      return [{ to: 'archived', label: 'Archive', tone: 'danger', roles: editors }];
    case 'archived':
      return [{ to: 'staging', label: 'Restore to staging', tone: '', roles: editors }];
    default:
      return [];
  }
}

export function StageActions({ name, version, stage }: { name: string; version: number; stage: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [move, setMove] = useState<Move | undefined>();
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const transition = useMutation(
    trpc.model.transition.mutationOptions({
      onSuccess: async () => {
        setMove(undefined);
        setReason('');
        await queryClient.invalidateQueries({ queryKey: trpc.model.pathKey() });
      },
    }),
  );
  const role = me.data?.role;
  if (role === undefined) return null;
  const all = movesFrom(stage);
  const mine = all.filter((m) => m.roles.includes(role));
  const withheld = all.filter((m) => !m.roles.includes(role));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (move) transition.mutate({ name, version, stage: move.to, reason: reason.trim() });
  };
  return (
    <div className="stage-actions" data-testid="stage-actions">
      {move === undefined ? (
        mine.length > 0 && (
          <div className="approval-actions">
            {mine.map((m) => (
              <button key={m.to} type="button" className={m.tone || undefined} onClick={() => setMove(m)}>
                {m.label}…
              </button>
            ))}
          </div>
        )
      ) : (
        <form onSubmit={submit} aria-label={move.label}>
          <label htmlFor={reasonId}>Why {move.label.toLowerCase()}? (kept in the stage history and the audit log)</label>
          <textarea id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required autoFocus />
          <div className="approval-actions">
            <button type="submit" className={move.tone || undefined} disabled={transition.isPending || reason.trim() === ''}>
              {transition.isPending ? 'Sending…' : `${move.label} as ${me.data?.username}`}
            </button>
            <button type="button" onClick={() => (setMove(undefined), transition.reset())} disabled={transition.isPending}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {withheld.length > 0 && (
        <p className="small muted" data-testid="stage-actions-note">
          Signed in as {me.data?.username} ({role}): {withheld.map((m) => `${m.label.toLowerCase()} needs ${m.roles.join(' or ')}`).join('; ')}.
        </p>
      )}
      {transition.error && (
        <p className="error-text" role="alert">
          {transition.error.message}
        </p>
      )}
    </div>
  );
}
