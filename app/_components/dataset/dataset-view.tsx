'use client';
// A dataset version: what it is (size, schema, where it came from), its columns' statistics, its first
// rows, and the runs and model versions that used it.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatNumber, shortHash } from '../../_lib/format';
import { lineageHref, modelHref, runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { Empty, ErrorBox, Loading } from '../query-state';
import { StateBadge } from '../state-badge';
import { Time } from '../time';
import { ColumnChart } from './column-chart';
import { SourceVersionsSection } from './source-versions';
import type { Cell, ColumnStats, DatasetDetail, DatasetPreview } from './types';
import './dataset.css';

const PREVIEW_ROWS = 20;
const MORE_ROWS = 100;

function stat(column: ColumnStats, v: number | string | null): string {
  if (v === null) return '—';
  if (typeof v === 'string') return column.type === 'date' ? v.slice(0, 19).replace('T', ' ') : v;
  return formatNumber(v);
}

function cell(v: Cell) {
  if (v === null) return <span className="muted">null</span>;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  return v;
}

export function DatasetView({ id }: { id: string }) {
  const trpc = useTRPC();
  const [limit, setLimit] = useState(PREVIEW_ROWS);
  const dataset = useQuery(trpc.dataset.get.queryOptions({ id }));
  const preview = useQuery(trpc.dataset.preview.queryOptions({ id, limit }, { placeholderData: (prev) => prev }));
  if (dataset.data === undefined) return dataset.isError ? <ErrorBox title="Could not load the dataset" error={dataset.error} /> : <Loading what="the dataset" />;
  const d = dataset.data;
  return (
    <>
      <DatasetHeader d={d} />
      <SourceVersionsSection datasetId={id} />
      <section aria-labelledby="columns-heading">
        <h2 id="columns-heading">Columns</h2>
        {preview.data ? (
          <ColumnsTable columns={preview.data.columns} rows={preview.data.total} />
        ) : preview.isError ? (
          <>
            <SchemaTable d={d} />
            <ErrorBox title="Could not read the table" error={preview.error} />
          </>
        ) : (
          <Loading what="column statistics" />
        )}
      </section>
      <section aria-labelledby="preview-heading">
        <div className="section-head">
          <h2 id="preview-heading">Preview</h2>
          {preview.data && (
            <span className="muted small">
              first {formatNumber(preview.data.rows.length)} of {formatNumber(preview.data.total)} rows
              {preview.data.rows.length < preview.data.total && limit < MORE_ROWS && (
                <>
                  {' · '}
                  <button type="button" className="ds-more" onClick={() => setLimit(MORE_ROWS)}>
                    show {MORE_ROWS}
                  </button>
                </>
              )}
            </span>
          )}
        </div>
        {preview.data ? <PreviewTable p={preview.data} /> : preview.isError ? null : <Loading what="rows" />}
      </section>
      <section aria-labelledby="used-heading">
        <h2 id="used-heading">Used by</h2>
        <UsedBy d={d} />
      </section>
    </>
  );
}

function DatasetHeader({ d }: { d: DatasetDetail }) {
  return (
    <section aria-labelledby="dataset-heading">
      <div className="run-title-row">
        <h1 id="dataset-heading">
          Dataset <span className="mono" title={d.hash}>{shortHash(d.hash)}</span>
        </h1>
        <Link className="button-link" href={lineageHref({ dataset: d.id })}>Lineage</Link>
      </div>
      <dl className="dataset-facts">
        <div>
          <dt>Size</dt>
          <dd data-testid="dataset-size">
            <strong>{formatNumber(d.rows)}</strong> rows × <strong>{d.schema.length}</strong> columns
          </dd>
        </div>
        <div>
          <dt>Written by</dt>
          <dd>
            {d.runId ? (
              <>
                <Link href={runHref(d.runId)} className="mono">{d.runId.slice(0, 8)}</Link>
                {d.stepId && <span className="muted"> · {d.stepId}</span>}
              </>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <Time value={d.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Stored as</dt>
          <dd className="mono small wrap" title={d.uri}>
            {d.format} · {shortHash(d.hash, 16)}…
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** The schema alone, when the statistics could not be read. */
function SchemaTable({ d }: { d: DatasetDetail }) {
  return (
    <table className="grid" aria-label="Schema">
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Type</th>
        </tr>
      </thead>
      <tbody>
        {d.schema.map((c) => (
          <tr key={c.name}>
            <td>{c.name}</td>
            <td className="mono muted">{c.type}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ColumnsTable({ columns, rows }: { columns: ColumnStats[]; rows: number }) {
  return (
    <div className="ds-scroll">
      <table className="grid dataset-columns" aria-label="Schema and column statistics">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">Nulls</th>
            <th scope="col" className="num">Distinct</th>
            <th scope="col" className="num">Min</th>
            <th scope="col" className="num">Max</th>
            <th scope="col" className="num">Mean</th>
            <th scope="col">Distribution</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name} data-testid={`column-${c.name}`}>
              <th scope="row" className="strong">{c.name}</th>
              <td className="mono muted">{c.type}</td>
              <td className="num" title={rows ? `${((c.nulls / rows) * 100).toFixed(1)} % of rows` : undefined}>
                {c.nulls === 0 ? <span className="muted">0</span> : formatNumber(c.nulls)}
              </td>
              <td className="num">
                {formatNumber(c.distinct)}
                {!c.distinctExact && '+'}
              </td>
              <td className="num clip" title={c.min === null ? undefined : String(c.min)}>{stat(c, c.min)}</td>
              <td className="num clip" title={c.max === null ? undefined : String(c.max)}>{stat(c, c.max)}</td>
              <td className="num" title={c.type === 'boolean' ? 'fraction true' : undefined}>{stat(c, c.mean)}</td>
              <td>
                <ColumnChart column={c} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PreviewTable({ p }: { p: DatasetPreview }) {
  if (p.rows.length === 0) return <Empty>The table has no rows.</Empty>;
  const names = p.columns.map((c) => c.name);
  const numeric = new Set(p.columns.filter((c) => c.type === 'number' || c.type === 'integer').map((c) => c.name));
  return (
    <div className="ds-scroll">
      <table className="grid dataset-preview" aria-label="Preview rows">
        <thead>
          <tr>
            <th scope="col" className="num muted">#</th>
            {names.map((n) => (
              <th scope="col" key={n} className={numeric.has(n) ? 'num' : undefined}>{n}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r, i) => (
            <tr key={i}>
              <td className="num muted">{i + 1}</td>
              {names.map((n) => (
                <td key={n} className={numeric.has(n) ? 'num' : undefined}>{cell(r[n] ?? null)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UsedBy({ d }: { d: DatasetDetail }) {
  return (
    <div className="dataset-used">
      <div>
        <h3>Runs</h3>
        {d.uses.length === 0 ? (
          <Empty>No run step has recorded reading or writing it.</Empty>
        ) : (
          <table className="grid" aria-label="Runs that used it">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Pipeline</th>
                <th scope="col">Step</th>
                <th scope="col">Use</th>
                <th scope="col">Run status</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {d.uses.map((u) => (
                <tr key={`${u.runId}-${u.stepId}-${u.direction}`}>
                  <td>
                    <Link href={runHref(u.runId)} className="mono" aria-label={`Run ${u.runId}`}>{u.runId.slice(0, 8)}</Link>
                  </td>
                  <td>{u.pipeline}</td>
                  <td>{u.stepId}</td>
                  <td>{u.direction}</td>
                  <td>
                    <StateBadge state={u.runStatus} />
                  </td>
                  <td>
                    <Time value={u.at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h3>Models trained on it</h3>
        {d.models.length === 0 ? (
          <Empty>No model version was trained on it.</Empty>
        ) : (
          <ul className="dataset-models" aria-label="Models trained on it">
            {d.models.map((m) => (
              <li key={m.id}>
                <Link href={modelHref(m.name, m.version)}>
                  <span className="strong">{m.name}</span> <span className="version">v{m.version}</span>
                </Link>{' '}
                <span className={`stage stage-${m.stage}`}>{m.stage}</span>
                {m.runId && (
                  <span className="muted small">
                    {' '}from run <Link href={runHref(m.runId)} className="mono">{m.runId.slice(0, 8)}</Link>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
