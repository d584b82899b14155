'use client';
// Reads the run (every second until it finishes) and lays out its header, progress and steps.
import { useQuery } from '@tanstack/react-query';
import { isRunActive } from '../../_lib/api-types';
import { stepViews } from '../../_lib/step-state';
import { useTRPC } from '../../_lib/trpc';
import { useNow } from '../../_lib/use-now';
import { ErrorBox, Loading } from '../query-state';
import { RunHeader } from './run-header';
import { StepList } from './step-list';
import { StepProgress } from './step-progress';

export function RunView({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.run.get.queryOptions({ id }, { refetchInterval: (query) => (isRunActive(query.state.data?.status) ? 1_000 : false) }),
  );
  const active = isRunActive(q.data?.status);
  const now = useNow(active);
  if (q.isPending) return <Loading what="the run" />;
  if (q.isError) return <ErrorBox title={`Could not load run ${id}`} error={q.error} />;
  const run = q.data;
  const views = stepViews(run.plan, run.steps, run.status);
  return (
    <article className="run" aria-labelledby="run-title">
      <RunHeader run={run} now={now} />
      <StepProgress views={views} />
      <StepList views={views} now={now} />
    </article>
  );
}
