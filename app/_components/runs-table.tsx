'use client';
// Runs, newest first: status, pipeline and version, trigger, started, duration; in the detailed list also the
// params and the key metrics (run.list's `metrics`). Every header sorts the runs loaded (click again: reverse).
// Polls while any is active; older runs load a page at a time (run.list's cursor). The detailed list lets two to
// ten runs be picked and compared side by side (/runs/compare).
import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { RunStatus, RunTrigger } from '../../dsl/states';
import { isRunActive, type RunListItem } from '../_lib/api-types';
import { formatDuration, formatNumber, formatValue, humanize, spanMs } from '../_lib/format';
import { runHref } from '../_lib/links';
import { useTRPC } from '../_lib/trpc';
import { useNow } from '../_lib/use-now';
import { Empty, ErrorBox, Loading } from './query-state';
import styles from './runs-table.module.css';
import { StateBadge } from './state-badge';
import { Time } from './time';

/** The metrics shown first when a run has them; the rest follow by name, up to MAX_METRICS columns. */
const HEADLINE = ['accuracy', 'macroF1', 'rmse', 'r2', 'logLoss', 'mae'];
const MAX_METRICS = 4;
/** A list of one pipeline gets a column per param, up to this many; other lists one Params column. */
const MAX_PARAMS = 5;
/** run.compare takes at most ten runs. */
const MAX_COMPARED = 10;

export const compareHref = (ids: string[]) => `/runs/compare?ids=${ids.join(',')}`;

type Column = {
  key: string;
  label: string;
  num?: boolean;
  /** The sort value; undefined sorts last in either direction. */
  value: (r: RunListItem, now: number) => string | number | undefined;
};

interface Props {
  pipeline?: string;
  status?: RunStatus;
  trigger?: RunTrigger;
  limit?: number;
  label?: string;
  /** Params and metrics columns (the runs page). */
  detailed?: boolean;
}

export function RunsTable({ pipeline, status, trigger, limit = 20, label = 'Runs', detailed = false }: Props) {
  const trpc = useTRPC();
  const q = useInfiniteQuery(
    trpc.run.list.infiniteQueryOptions(
      { pipeline, status, trigger, limit },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((r) => isRunActive(r.status))) ? 1_000 : 5_000),
      },
    ),
  );
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: 'started', desc: true });
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-MAX_COMPARED)));
  const runs = q.data?.pages.flatMap((p) => p.items);
  const active = runs?.some((r) => isRunActive(r.status)) ?? false;
  const now = useNow(active);
  if (runs === undefined) return q.isError ? <ErrorBox title="Could not load the runs" error={q.error} /> : <Loading what="runs" />;
  if (runs.length === 0) return <Empty>No {status ? `${status} ` : ''}runs{pipeline ? ` of ${pipeline}` : ''}{trigger ? ` started by ${trigger}` : ''} yet.</Empty>;

  const paramKeys = unionKeys(runs.map((r) => r.params));
  const perParam = detailed && pipeline !== undefined && paramKeys.length <= MAX_PARAMS;
  const metricKeys = orderMetrics(unionKeys(runs.map((r) => r.metrics ?? {}))).slice(0, MAX_METRICS);
  const columns: Column[] = [
    { key: 'status', label: 'Status', value: (r) => r.status },
    { key: 'run', label: 'Run', value: (r) => `${r.pipelineName}\u0000${String(r.pipelineVersion).padStart(8, '0')}` },
    { key: 'trigger', label: 'Trigger', value: (r) => r.trigger },
    ...(!detailed
      ? []
      : perParam
        ? paramKeys.map((k): Column => ({ key: `param:${k}`, label: k, num: true, value: (r) => sortable(r.params[k]) }))
        : paramKeys.length > 0
          ? [{ key: 'params', label: 'Params', value: (r: RunListItem) => paramText(r.params) || undefined }]
          : []),
    ...(detailed ? metricKeys.map((k): Column => ({ key: `metric:${k}`, label: humanize(k), num: true, value: (r) => r.metrics?.[k] })) : []),
    { key: 'started', label: 'Started', value: (r) => new Date(r.startedAt ?? r.createdAt).getTime() },
    { key: 'duration', label: 'Duration', num: true, value: (r, t) => spanMs(r.startedAt, r.finishedAt, t) },
  ];
  const by = columns.find((c) => c.key === sort.key) ?? columns[columns.length - 2];
  const sorted = [...runs].sort((a, b) => compare(by.value(a, now), by.value(b, now), sort.desc));
  const onSort = (key: string) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key === 'started' }));

  return (
    <>
      {detailed && (
        <p className="small" aria-live="polite">
          {picked.length >= 2 ? (
            <Link href={compareHref(picked)} className="strong">
              Compare {picked.length} runs
            </Link>
          ) : (
            <span className="muted">Tick two runs or more to compare their settings, data, metrics and curves.</span>
          )}
          {picked.length > 0 && (
            <>
              {' '}
              <button type="button" onClick={() => setPicked([])}>
                clear
              </button>
            </>
          )}
        </p>
      )}
      <div className={styles.scroll}>
        <table className={`grid ${styles.table}`} aria-label={label}>
          <thead>
            <tr>
              {detailed && (
                <th scope="col">
                  <span className="visually-hidden">Compare</span>
                </th>
              )}
              {columns.map((c) => {
                const on = c.key === by.key;
                return (
                  <th key={c.key} scope="col" className={c.num ? 'num' : undefined} aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : undefined}>
                    <button type="button" className={`${styles.sort} ${on ? styles.on : ''}`} onClick={() => onSort(c.key)} title={`Sort by ${c.label}`}>
                      {c.label}
                      <span aria-hidden="true" className={styles.arrow}>
                        {on ? (sort.desc ? '▼' : '▲') : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.id}>
                {detailed && (
                  <td>
                    <input type="checkbox" checked={picked.includes(r.id)} onChange={() => toggle(r.id)} aria-label={`Compare run ${r.id.slice(0, 8)}`} />
                  </td>
                )}
                {columns.map((c) => (
                  <Cell key={c.key} column={c} run={r} now={now} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {q.hasNextPage && (
        <p>
          <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? 'Loading…' : 'Older runs'}
          </button>
          {sort.key !== 'started' && <span className="muted small"> Sorting applies to the runs loaded.</span>}
        </p>
      )}
    </>
  );
}

function Cell({ column, run: r, now }: { column: Column; run: RunListItem; now: number }) {
  switch (column.key) {
    case 'status':
      return (
        <td>
          <StateBadge state={r.status} />
        </td>
      );
    case 'run':
      return (
        <td>
          <Link href={runHref(r.id)} className="strong">
            {r.pipelineName} v{r.pipelineVersion}
          </Link>{' '}
          <span className="mono muted small">{r.id.slice(0, 8)}</span>
        </td>
      );
    case 'trigger':
      // A retraining trigger says what fired it: "drift · penguins window 10:00", "data · data/penguins.csv changed".
      return (
        <td className="muted" title={r.triggerDetails?.event}>
          {r.triggerDetails?.summary ?? r.trigger}
        </td>
      );
    case 'params': {
      const text = paramText(r.params);
      return (
        <td className={`small mono ${styles.params}`} title={text}>
          {text || <span className="muted">—</span>}
        </td>
      );
    }
    case 'started':
      return (
        <td>
          <Time value={r.startedAt ?? r.createdAt} />
        </td>
      );
    case 'duration':
      return <td className="num">{formatDuration(spanMs(r.startedAt, r.finishedAt, now))}</td>;
    default: {
      const v = column.key.startsWith('param:') ? r.params[column.key.slice(6)] : r.metrics?.[column.key.slice(7)];
      return (
        <td className="num mono small" data-column={column.key}>
          {v === undefined ? <span className="muted">—</span> : typeof v === 'object' ? JSON.stringify(v) : formatValue(v)}
        </td>
      );
    }
  }
}

function unionKeys(records: Array<Record<string, unknown>>): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r)))].sort();
}

function orderMetrics(keys: string[]): string[] {
  return [...HEADLINE.filter((k) => keys.includes(k)), ...keys.filter((k) => !HEADLINE.includes(k))];
}

function paramText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

function sortable(v: unknown): string | number | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Numbers before text, text by locale; missing values last whichever the direction. */
function compare(a: string | number | undefined, b: string | number | undefined, desc: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : typeof a === 'number' ? -1 : typeof b === 'number' ? 1 : a.localeCompare(b);
  return desc ? -c : c;
}
