'use client';
// Runs, newest first: status, pipeline and version, started, duration. Polls while any is active;
// older runs load a page at a time (run.list's cursor).
import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { isRunActive } from '../_lib/api-types';
import { formatDuration, spanMs } from '../_lib/format';
import { runHref } from '../_lib/links';
import { useTRPC } from '../_lib/trpc';
import { useNow } from '../_lib/use-now';
import { Empty, ErrorBox, Loading } from './query-state';
import { StateBadge } from './state-badge';
import { Time } from './time';

export function RunsTable({ pipeline, limit = 20, label = 'Runs' }: { pipeline?: string; limit?: number; label?: string }) {
  const trpc = useTRPC();
  const q = useInfiniteQuery(
    trpc.run.list.infiniteQueryOptions(
      { pipeline, limit },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((r) => isRunActive(r.status))) ? 1_000 : 5_000),
      },
    ),
  );
  const runs = q.data?.pages.flatMap((p) => p.items);
  const active = runs?.some((r) => isRunActive(r.status)) ?? false;
  const now = useNow(active);
  if (runs === undefined) return q.isError ? <ErrorBox title="Could not load the runs" error={q.error} /> : <Loading what="runs" />;
  if (runs.length === 0) return <Empty>No runs{pipeline ? ` of ${pipeline}` : ''} yet.</Empty>;
  return (
    <>
    <table className="grid" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Run</th>
          <th scope="col">Trigger</th>
          <th scope="col">Started</th>
          <th scope="col" className="num">
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td>
              <StateBadge state={r.status} />
            </td>
            <td>
              <Link href={runHref(r.id)} className="strong">
                {r.pipelineName} v{r.pipelineVersion}
              </Link>{' '}
              <span className="mono muted small">{r.id.slice(0, 8)}</span>
            </td>
            <td className="muted">{r.trigger}</td>
            <td>
              <Time value={r.startedAt ?? r.createdAt} />
            </td>
            <td className="num">{formatDuration(spanMs(r.startedAt, r.finishedAt, now))}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {q.hasNextPage && (
      <p>
        <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? 'Loading…' : 'Older runs'}
        </button>
      </p>
    )}
    </>
  );
}
