'use client';
// A pipeline's schedule (its `schedule:` triggers, one Temporal Schedule): the cron and time zone, active or
// paused and why, the next five fire times, and Pause / Resume with an optional reason for editors and admins.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { ErrorBox } from './query-state';
import { Time } from './time';

const EDITORS = new Set(['editor', 'admin']);

export function SchedulePanel({ pipeline }: { pipeline: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.pipeline.schedule.get.queryOptions({ name: pipeline }, { refetchInterval: 30_000 }));
  const me = useQuery(trpc.auth.me.queryOptions());
  const [reason, setReason] = useState('');
  const refresh = { onSuccess: (data: unknown) => {
    queryClient.setQueryData(trpc.pipeline.schedule.get.queryKey({ name: pipeline }), data as typeof q.data);
    setReason('');
  } };
  const pause = useMutation(trpc.pipeline.schedule.pause.mutationOptions(refresh));
  const resume = useMutation(trpc.pipeline.schedule.resume.mutationOptions(refresh));
  if (q.data === undefined) {
    // An unknown pipeline has no runs either: the table below says so; other failures are shown.
    return q.isError && q.error.data?.code !== 'NOT_FOUND' ? <ErrorBox title="Could not load the schedule" error={q.error} /> : null;
  }
  const { declared, state } = q.data;
  if (!declared && !state) return null;
  const paused = state?.paused ?? false;
  const mayChange = state !== null && EDITORS.has(me.data?.role ?? '');
  const toggle = paused ? resume : pause;
  const failed = pause.error ?? resume.error;
  return (
    <section className="schedule-panel" aria-labelledby="schedule-heading" data-testid="schedule-panel">
      <div className="schedule-head">
        <h2 id="schedule-heading">Schedule</h2>
        {state ? (
          <span className={`badge state-${paused ? 'waiting' : 'succeeded'}`} data-testid="schedule-state">
            <span className="badge-dot" aria-hidden="true" />
            {paused ? 'paused' : 'active'}
          </span>
        ) : (
          <span className="muted small">not created (save the pipeline again)</span>
        )}
        {declared && (
          <span className="small">
            {declared.crons.map((c) => (
              <code key={c} className="chip">
                {c}
              </code>
            ))}{' '}
            <span className="muted">
              {declared.timezone ?? 'UTC'} · overlap {declared.overlap}
              {state?.version ? ` · runs v${state.version}` : ''}
            </span>
          </span>
        )}
        {mayChange && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              toggle.mutate({ name: pipeline, ...(reason.trim() && { reason: reason.trim() }) });
            }}
          >
            <input type="text" className="text-input is-small" placeholder="Reason (optional)" aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            <button type="submit" disabled={toggle.isPending}>
              {toggle.isPending ? '…' : paused ? 'Resume' : 'Pause'}
            </button>
          </form>
        )}
      </div>
      {state?.note && <p className="small muted" data-testid="schedule-note">{state.note}</p>}
      {state && state.nextFireTimes.length > 0 && (
        <>
          <p className="small schedule-line">
            {paused ? 'Would fire next (nothing fires while paused):' : 'Next fires:'}
          </p>
          <ol className="small" aria-label="Next fire times">
            {state.nextFireTimes.map((t) => (
              <li key={new Date(t).toISOString()}>
                <Time value={t} />
              </li>
            ))}
          </ol>
        </>
      )}
      {state && (
        <p className="small muted schedule-line">
          {state.fires} fired · {state.skippedOverlap} skipped while a run was still going · {state.running} running
        </p>
      )}
      {failed && (
        <p className="error-text" role="alert">
          {errorMessage(failed)}
        </p>
      )}
    </section>
  );
}
