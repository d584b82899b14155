'use client';
// The saved pipelines: name (to its runs), description, latest version, last update.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { pipelineRunsHref } from '../_lib/links';
import { useTRPC } from '../_lib/trpc';
import { useNow } from '../_lib/use-now';
import { Empty, ErrorBox, Loading } from './query-state';
import { Time } from './time';

export function PipelinesTable() {
  const trpc = useTRPC();
  const q = useQuery(trpc.pipeline.list.queryOptions(undefined, { refetchInterval: 10_000 }));
  const now = useNow(true, 30_000);
  // A failed refresh keeps the last list on screen; only a first load that failed shows the error.
  if (q.data === undefined) return q.isError ? <ErrorBox title="Could not load the pipelines" error={q.error} /> : <Loading what="pipelines" />;
  if (q.data.length === 0) {
    return (
      <Empty>
        No pipelines yet. Run one with <code>headrace run examples/penguins/pipeline.yaml</code>, or{' '}
        <Link href="/pipelines/new">create one in the editor</Link>.
      </Empty>
    );
  }
  return (
    <table className="grid" aria-label="Pipelines">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Description</th>
          <th scope="col">Latest</th>
          <th scope="col">Updated</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {q.data.map((p) => (
          <tr key={p.id}>
            <td>
              <Link href={pipelineRunsHref(p.name)} className="strong" aria-label={`Runs of ${p.name}`}>
                {p.name}
              </Link>
            </td>
            <td className="wrap">{p.description ?? <span className="muted">—</span>}</td>
            <td>{p.latestVersion ? `v${p.latestVersion}` : <span className="muted">—</span>}</td>
            <td>
              <Time value={p.updatedAt} now={now} ago />
            </td>
            <td>
              <Link href={`/pipelines/${encodeURIComponent(p.name)}/edit`} aria-label={`Edit ${p.name}`}>
                Edit
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
