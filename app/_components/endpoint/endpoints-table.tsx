'use client';
// Every endpoint with its current deployment (strategy, variants with model@version and weight, status) and what
// it served over the last 5 minutes (requests/s, p99, errors), refreshed every few seconds.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { monitoringHref } from '../monitoring/links';
import { Empty, ErrorBox, Loading } from '../query-state';
import { Time } from '../time';
import type { EndpointListItem } from './types';
import { formatLatency, formatPercent, formatRps } from './usage';
import { DeployStatus, endpointHref, VariantChips } from './variants';
import './endpoint.css';

const REFRESH_MS = 5000;

export function EndpointsTable() {
  const trpc = useTRPC();
  const q = useQuery(trpc.endpoint.list.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  if (q.data === undefined) return q.isError ? <ErrorBox title="Could not load the endpoints" error={q.error} /> : <Loading what="endpoints" />;
  if (q.data.length === 0) {
    return (
      <Empty>
        No endpoints yet. <code>headrace deploy ENDPOINT MODEL@VERSION</code> or a pipeline&apos;s <code>deploy.endpoint</code> or <code>deploy.rollout</code> step creates one.
      </Empty>
    );
  }
  return (
    <div className="table-scroll">
      <table className="grid endpoints-table" aria-label="Endpoints">
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">Strategy</th>
            <th scope="col">Variants</th>
            <th scope="col">Status</th>
            <th scope="col" className="num" title="Requests per second over the last 5 minutes (shadow copies not counted)">
              Req/s
            </th>
            <th scope="col" className="num" title="99th percentile latency over the last 5 minutes">
              p99
            </th>
            <th scope="col" className="num" title="Share of requests answered with an error over the last 5 minutes">
              Errors
            </th>
            <th scope="col">Deployed</th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((e) => (
            <EndpointRow key={e.name} e={e} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EndpointRow({ e }: { e: EndpointListItem }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.endpoint.stats.queryOptions({ endpoint: e.name, minutes: 5 }, { refetchInterval: REFRESH_MS }));
  const t = stats.data?.answering;
  const d = e.current;
  return (
    <tr data-testid={`endpoint-${e.name}`}>
      <td>
        <Link href={endpointHref(e.name)} className="strong" aria-label={`Endpoint ${e.name}`}>
          {e.name}
        </Link>
        {e.requireToken && (
          <span className="chip" title="Callers send a token with the predict scope">
            token
          </span>
        )}
        {e.description && <div className="small muted">{e.description}</div>}
        <div className="small">
          <Link href={monitoringHref(e.name)} aria-label={`Monitoring of ${e.name}`}>monitoring</Link>
        </div>
      </td>
      <td>{d ? d.strategy : <span className="muted">—</span>}</td>
      <td>{d ? <VariantChips variants={d.variants} /> : <span className="muted">no deployment</span>}</td>
      <td>{d ? <DeployStatus status={d.status} /> : <span className="muted">—</span>}</td>
      <td className="num" data-testid="endpoint-rps">
        {t ? formatRps(t.rps) : '…'}
      </td>
      <td className="num" data-testid="endpoint-p99">
        {t ? formatLatency(t.p99Ms, t.requests) : '…'}
      </td>
      <td className="num" data-testid="endpoint-errors">
        {t ? (t.requests > 0 ? <span className={t.errors > 0 ? 'error-text' : undefined}>{formatPercent(t.errorRate)}</span> : '—') : '…'}
      </td>
      <td>{d ? <Time value={d.createdAt} /> : <span className="muted">—</span>}</td>
    </tr>
  );
}
