'use client';
// The saved pipelines: name (to its runs), description, latest version, last update; Edit, and for editors and
// admins Rename and Duplicate, each asking for the new name in a row under the pipeline's.
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { pipelineRunsHref } from '../_lib/links';
import { useTRPC } from '../_lib/trpc';
import { useNow } from '../_lib/use-now';
import { PipelineNameChange, type NameChangeDone, type NameChangeKind } from './pipeline-name-change';
import { Empty, ErrorBox, Loading } from './query-state';
import styles from './pipelines-table.module.css';
import { Time } from './time';

const EDITORS = new Set(['editor', 'admin']);
const COLUMNS = 5;

export function PipelinesTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.pipeline.list.queryOptions(undefined, { refetchInterval: 10_000 }));
  const me = useQuery(trpc.auth.me.queryOptions());
  const now = useNow(true, 30_000);
  const [acting, setActing] = useState<{ name: string; kind: NameChangeKind } | undefined>();
  const [done, setDone] = useState<NameChangeDone | undefined>();
  const mayChange = EDITORS.has(me.data?.role ?? '');
  const finish = (d: NameChangeDone) => {
    setActing(undefined);
    setDone(d);
    void queryClient.invalidateQueries({ queryKey: trpc.pipeline.list.queryKey() });
  };
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
    <>
      {done && <Notice done={done} />}
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
            <Fragment key={p.id}>
              <tr>
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
                <td className={styles.actions}>
                  <Link href={`/pipelines/${encodeURIComponent(p.name)}/edit`} aria-label={`Edit ${p.name}`}>
                    Edit
                  </Link>
                  {mayChange && (['rename', 'duplicate'] as const).map((kind) => (
                    <button
                      key={kind}
                      type="button"
                      className={styles.action}
                      aria-label={`${kind === 'rename' ? 'Rename' : 'Duplicate'} ${p.name}`}
                      aria-expanded={acting?.name === p.name && acting.kind === kind}
                      onClick={() => {
                        setDone(undefined);
                        setActing(acting?.name === p.name && acting.kind === kind ? undefined : { name: p.name, kind });
                      }}
                    >
                      {kind === 'rename' ? 'Rename' : 'Duplicate'}
                    </button>
                  ))}
                </td>
              </tr>
              {acting?.name === p.name && (
                <tr className="targeted">
                  <td colSpan={COLUMNS}>
                    <PipelineNameChange key={acting.kind} from={p.name} kind={acting.kind} onDone={finish} onCancel={() => setActing(undefined)} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** What the last rename or duplicate did, with a link to the result (and, for a renamed file, what to change in it). */
function Notice({ done }: { done: NameChangeDone }) {
  const edit = `/pipelines/${encodeURIComponent(done.name)}/edit`;
  return (
    <p className={styles.notice} role="status" data-testid="pipelines-notice">
      {done.kind === 'rename' ? `Renamed ${done.from} to ` : `Duplicated ${done.from} as `}
      <Link href={edit}>{done.name}</Link>
      {done.kind === 'rename' ? ` (v${done.version}, its runs and schedule moved with it).` : ' (v1, no runs yet).'}
      {done.origin && <> The file {done.origin} still says <code>name: {done.from}</code>: change it too before the next apply.</>}
    </p>
  );
}
