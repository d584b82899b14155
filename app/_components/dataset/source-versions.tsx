'use client';
// The versions of the source a dataset was read from, over time (dataset.versions), and two of them compared:
// columns added, removed or retyped, and each column's profile figures side by side (dataset.compare).
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatNumber, shortHash } from '../../_lib/format';
import { datasetHref, lineageHref, runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { Empty, ErrorBox, Loading } from '../query-state';
import { Time } from '../time';
import type { DatasetComparison, SourceVersion, SourceVersions } from './types';

function bytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** A file's name, a URL's host and path: the label without its folders. */
function shortLabel(label: string): string {
  return label.replace(/^.*[\\/](?=[^\\/]+$)/, '');
}

export function SourceVersionsSection({ datasetId }: { datasetId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.dataset.versions.queryOptions({ dataset: datasetId }));
  if (q.data === undefined) return q.isError ? <ErrorBox title="Could not load the source's versions" error={q.error} /> : <Loading what="the source's versions" />;
  // A table made by a step from other tables has no source of its own.
  if (q.data === null) return null;
  return <Versions key={datasetId} s={q.data} datasetId={datasetId} />;
}

function Versions({ s, datasetId }: { s: SourceVersions; datasetId: string }) {
  const current = s.versions.find((v) => v.datasetId === datasetId || v.hash === datasetId) ?? s.versions[0];
  // By default this version against the one before it (or, for the first, against the next).
  const older = s.versions.find((v) => v.version === current.version - 1) ?? s.versions.find((v) => v.version === current.version + 1);
  const [pick, setPick] = useState<{ a: number; b: number }>(() =>
    older && older.version < current.version ? { a: older.version, b: current.version } : { a: current.version, b: older?.version ?? current.version });
  const a = s.versions.find((v) => v.version === pick.a);
  const b = s.versions.find((v) => v.version === pick.b);
  const comparable = s.versions.length > 1;
  return (
    <section id="versions" aria-labelledby="versions-heading">
      <div className="section-head">
        <h2 id="versions-heading">Versions of its source</h2>
        <span className="muted small">
          <span className="mono" title={s.label}>{shortLabel(s.label)}</span> · {s.kind} · {s.versions.length} version{s.versions.length === 1 ? '' : 's'} ·{' '}
          <Link href={lineageHref({ dataset: s.sourceKey })}>lineage of the source</Link>
        </span>
      </div>
      <p className="muted small wrap ds-source-label" title={s.sourceKey}>{s.label}</p>
      <div className="ds-scroll">
        <table className="grid ds-versions ds-list" aria-label="Versions of the source">
          <thead>
            <tr>
              {comparable && <th scope="col" className="ds-pick">A</th>}
              {comparable && <th scope="col" className="ds-pick">B</th>}
              <th scope="col">Version</th>
              <th scope="col">First read</th>
              <th scope="col">Last read</th>
              <th scope="col" className="num">Size</th>
              <th scope="col" className="num">Rows</th>
              <th scope="col" className="num">Columns</th>
              <th scope="col">Table</th>
              <th scope="col">Content sha256</th>
              <th scope="col">Read by</th>
            </tr>
          </thead>
          <tbody>
            {s.versions.map((v) => (
              <VersionRow key={v.datasetId} v={v} current={v === current} comparable={comparable} pick={pick} onPick={setPick} />
            ))}
          </tbody>
        </table>
      </div>
      {comparable ? (
        a && b && a !== b ? <Comparison a={a} b={b} /> : <p className="muted small">Pick two different versions under A and B to compare them.</p>
      ) : (
        <p className="muted small">One version so far: a read of the source that gives another table adds the next, and they can be compared here.</p>
      )}
    </section>
  );
}

function VersionRow({ v, current, comparable, pick, onPick }: {
  v: SourceVersion; current: boolean; comparable: boolean; pick: { a: number; b: number }; onPick(p: { a: number; b: number }): void;
}) {
  return (
    <tr data-testid={`version-${v.version}`} className={current ? 'ds-current' : undefined}>
      {comparable && (
        <td className="ds-pick">
          <input type="radio" name="compare-a" aria-label={`Compare from v${v.version}`} checked={pick.a === v.version} onChange={() => onPick({ ...pick, a: v.version })} />
        </td>
      )}
      {comparable && (
        <td className="ds-pick">
          <input type="radio" name="compare-b" aria-label={`Compare to v${v.version}`} checked={pick.b === v.version} onChange={() => onPick({ ...pick, b: v.version })} />
        </td>
      )}
      <th scope="row">
        {current ? <span className="strong">v{v.version}</span> : <Link href={datasetHref(v.datasetId)}>v{v.version}</Link>}
        {current && <span className="muted small"> (this one)</span>}
      </th>
      <td><Time value={v.firstReadAt} /></td>
      <td><Time value={v.lastReadAt} /></td>
      <td className="num">{bytes(v.bytes)}</td>
      <td className="num">{formatNumber(v.rows)}</td>
      <td className="num">{v.columns}</td>
      <td className="mono" title={v.hash}><Link href={datasetHref(v.datasetId)}>{shortHash(v.hash)}</Link></td>
      <td className="mono muted" title={v.contentHash ?? undefined}>{v.contentHash ? shortHash(v.contentHash) : '—'}</td>
      <td>
        <ul className="ds-readers" aria-label={`Runs that read v${v.version}`}>
          {v.runs.map((r) => (
            <li key={`${r.runId}-${r.stepId}`}>
              <Link href={runHref(r.runId)} className="mono" title={`${r.pipeline}: step ${r.stepId}, ${r.runStatus}`}>{r.runId.slice(0, 8)}</Link>
              <span className="muted small"> {r.pipeline}</span>
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

type Figures = NonNullable<DatasetComparison['columns'][number]['a']>;
type FigureName = keyof Figures;
const FIGURES: Array<{ key: FigureName; label: string }> = [
  { key: 'nulls', label: 'Nulls' },
  { key: 'distinct', label: 'Distinct' },
  { key: 'min', label: 'Min' },
  { key: 'max', label: 'Max' },
  { key: 'mean', label: 'Mean' },
];

function figure(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v);
  return /^\d{4}-\d\d-\d\dT/.test(v) ? v.slice(0, 19).replace('T', ' ') : v;
}

function Comparison({ a, b }: { a: SourceVersion; b: SourceVersion }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.dataset.compare.queryOptions({ a: a.datasetId, b: b.datasetId }));
  const title = `v${a.version} → v${b.version}`;
  return (
    <div className="ds-compare" aria-labelledby="compare-heading">
      <h3 id="compare-heading">Compare {title}</h3>
      {q.data === undefined ? (
        q.isError ? <ErrorBox title={`Could not compare ${title}`} error={q.error} /> : <Loading what="the comparison" />
      ) : (
        <ComparisonBody c={q.data} a={a} b={b} />
      )}
    </div>
  );
}

function ComparisonBody({ c, a, b }: { c: DatasetComparison; a: SourceVersion; b: SourceVersion }) {
  const changed = c.columns.filter((col) => col.change !== 'same');
  const delta = c.b.rows - c.a.rows;
  return (
    <>
      <ul className="ds-schema-changes" aria-label="Schema changes">
        <li>
          Rows {formatNumber(c.a.rows)} → {formatNumber(c.b.rows)}{' '}
          <span className={delta === 0 ? 'muted' : 'ds-delta'}>({delta > 0 ? '+' : ''}{formatNumber(delta)})</span>
        </li>
        {changed.length === 0 && <li className="muted">Same columns, of the same types</li>}
        {changed.map((col) => (
          <li key={col.name} className={`ds-change ds-change-${col.change}`}>
            <span className="ds-change-tag">{col.change}</span> <span className="strong">{col.name}</span>{' '}
            <span className="mono muted">
              {col.change === 'added' ? col.typeB : col.change === 'removed' ? col.typeA : `${col.typeA} → ${col.typeB}`}
            </span>
          </li>
        ))}
      </ul>
      <div className="ds-scroll">
        <table className="grid ds-compare-table ds-list" aria-label="Column profile differences">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              {FIGURES.map((f) => (
                <th scope="col" key={f.key} className="num">
                  {f.label} <span className="muted small">v{a.version} → v{b.version}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.columns.map((col) => (
              <tr key={col.name} data-testid={`compare-${col.name}`} className={col.change === 'same' && col.differs.length === 0 ? 'ds-unchanged' : undefined}>
                <th scope="row" className="strong">{col.name}</th>
                <td className="mono muted">{col.change === 'retyped' ? `${col.typeA} → ${col.typeB}` : col.typeB ?? col.typeA}</td>
                {FIGURES.map((f) => {
                  const differs = col.differs.includes(f.key);
                  return (
                    <td key={f.key} className={`num${differs ? ' ds-differs' : ''}`} data-differs={differs || undefined}>
                      {col.a && col.b ? (
                        differs ? <>{figure(col.a[f.key])} → <strong>{figure(col.b[f.key])}</strong></> : figure(col.b[f.key])
                      ) : (
                        <span className="muted">{figure((col.b ?? col.a)?.[f.key])}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.columns.length === 0 && <Empty>Neither table has columns.</Empty>}
    </>
  );
}
