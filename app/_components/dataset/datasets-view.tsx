'use client';
// The datasets page: the sources ingest steps read (a file, a URL…) with their number of versions and their newest
// table (dataset.sources), then the newest tables steps wrote (dataset.list).
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { formatNumber, shortHash } from '../../_lib/format';
import { datasetHref, lineageHref, runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { Empty, ErrorBox, Loading } from '../query-state';
import { Time } from '../time';
import './dataset.css';

const TABLES = 50;

export function DatasetsView() {
  return (
    <>
      <h1>Datasets</h1>
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources</h2>
        <Sources />
      </section>
      <section aria-labelledby="tables-heading">
        <h2 id="tables-heading">Tables</h2>
        <Tables />
      </section>
    </>
  );
}

function Sources() {
  const trpc = useTRPC();
  const q = useQuery(trpc.dataset.sources.queryOptions(undefined, { refetchInterval: 10_000 }));
  if (q.data === undefined) return q.isError ? <ErrorBox title="Could not load the sources" error={q.error} /> : <Loading what="sources" />;
  if (q.data.length === 0) return <Empty>No source read yet: a run&apos;s ingest steps record each file or URL they read.</Empty>;
  return (
    <div className="ds-scroll">
      <table className="grid ds-sources ds-list" aria-label="Sources">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">Versions</th>
            <th scope="col" className="num">Reads</th>
            <th scope="col">Last read</th>
            <th scope="col">Newest table</th>
            <th scope="col" className="num">Rows</th>
            <th scope="col"><span className="visually-hidden">Lineage</span></th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((s) => (
            <tr key={s.sourceKey} data-testid={`source-${s.sourceKey}`}>
              <th scope="row" className="mono ds-source-cell" title={s.sourceKey}>
                <Link href={`${datasetHref(s.latest.datasetId)}#versions`}>{s.label}</Link>
              </th>
              <td className="muted">{s.kind}</td>
              <td className="num">{s.versions}</td>
              <td className="num">{s.reads}</td>
              <td><Time value={s.lastReadAt} /></td>
              <td className="mono" title={s.latest.hash}><Link href={datasetHref(s.latest.datasetId)}>{shortHash(s.latest.hash)}</Link></td>
              <td className="num">{formatNumber(s.latest.rows)}</td>
              <td><Link href={lineageHref({ dataset: s.sourceKey })} aria-label={`Lineage of ${s.label}`}>lineage</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Tables() {
  const trpc = useTRPC();
  const q = useQuery(trpc.dataset.list.queryOptions({ limit: TABLES }, { refetchInterval: 10_000 }));
  if (q.data === undefined) return q.isError ? <ErrorBox title="Could not load the tables" error={q.error} /> : <Loading what="tables" />;
  if (q.data.items.length === 0) return <Empty>No table yet.</Empty>;
  return (
    <div className="ds-scroll">
      <table className="grid ds-list" aria-label="Tables">
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col" className="num">Rows</th>
            <th scope="col" className="num">Columns</th>
            <th scope="col">Written by</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {q.data.items.map((d) => (
            <tr key={d.id}>
              <th scope="row" className="mono" title={d.hash}><Link href={datasetHref(d.id)}>{shortHash(d.hash)}</Link></th>
              <td className="num">{formatNumber(d.rows)}</td>
              <td className="num">{d.schema.length}</td>
              <td>
                {d.runId ? (
                  <>
                    <Link href={runHref(d.runId)} className="mono">{d.runId.slice(0, 8)}</Link>
                    {d.stepId && <span className="muted"> · {d.stepId}</span>}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td><Time value={d.createdAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.data.nextCursor && <p className="muted small">The newest {TABLES} tables.</p>}
    </div>
  );
}
