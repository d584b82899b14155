'use client';
// Reads the run (every second until it finishes) and lays out its header, progress and steps.
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useCallback, useState } from 'react';
import { isRunActive } from '../../_lib/api-types';
import { errorData, errorMessage } from '../../_lib/errors';
import { sameJson } from '../../_lib/same-json';
import { stepViews } from '../../_lib/step-state';
import { useTRPC } from '../../_lib/trpc';
import { useNow } from '../../_lib/use-now';
import { ErrorBox, Loading } from '../query-state';
import { ApprovalPanel, waitingApprovals } from './approval-panel';
import { RunHeader } from './run-header';
import { RunOutcomeBlock } from './run-outcome';
import { StepList } from './step-list';
import { StepProgress } from './step-progress';
import { stepDuration } from './step-row';
import { Timeline } from './timeline';

// React Flow and elk load only with the graph, after the page shows.
const RunGraph = dynamic(() => import('../../editor/run-graph').then((m) => m.RunGraph), {
  ssr: false,
  loading: () => <div className="run-graph run-graph-loading muted small">Loading the graph…</div>,
});

export function RunView({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.run.get.queryOptions({ id }, { refetchInterval: (query) => (isRunActive(query.state.data?.status) ? 1_000 : false) }),
  );
  const active = isRunActive(q.data?.status);
  const now = useNow(active);
  // A node clicked in the graph: its row in the list opens and scrolls into view (n tells repeats apart).
  const [focus, setFocus] = useState<{ id: string; n: number } | undefined>();
  const onSelect = useCallback((id: string) => setFocus((f) => ({ id, n: (f?.n ?? 0) + 1 })), []);
  if (q.data === undefined) {
    if (!q.isError) return <Loading what="the run" />;
    const code = errorData(q.error)?.code;
    const title = code === 'NOT_FOUND' || code === 'BAD_REQUEST' ? `No run ${id}` : `Could not load run ${id}`;
    return <ErrorBox title={title} error={q.error} />;
  }
  const run = q.data;
  const views = stepViews(run.plan, run.steps, run.status);
  // run.plan is the pipeline version's plan, compiled with its default params: its gate values are
  // this run's only when the run kept those params.
  const showGates = sameJson(run.params, (run.plan as { params?: unknown } | null)?.params ?? {});
  return (
    <article className="run" aria-labelledby="run-title">
      <RunHeader run={run} now={now} />
      {q.isError && (
        <p className="stale small" role="status">
          Could not refresh ({errorMessage(q.error).slice(0, 120)}); showing the last state read{active ? ', trying again' : ''}.
        </p>
      )}
      {(run.waiting ?? []).map((w) => (
        <p key={w.taskQueue} className="stale small" role="status" data-testid="queue-wait">
          <strong>Waiting for a worker</strong> · {w.steps.join(', ')}: {w.message}.
        </p>
      ))}
      <ApprovalPanel runId={run.id} waiting={waitingApprovals(run.steps)} />
      <RunOutcomeBlock run={run} />
      <StepProgress views={views} />
      <RunGraph
        name={run.pipelineName}
        onSelect={onSelect}
        steps={views.map((v) => ({
          step: v.step,
          run: { state: v.state, duration: stepDuration(v, now), attempts: v.attempts.length, max: v.step.retry?.maximumAttempts },
        }))}
      />
      <Timeline views={views} run={run} now={now} />
      <StepList views={views} now={now} showGates={showGates} focus={focus} />
    </article>
  );
}
