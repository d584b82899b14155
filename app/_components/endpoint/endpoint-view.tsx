'use client';
// One endpoint: what serves it now (variants, weights, per-variant traffic, latency, errors, shadow comparison),
// the rollout's progress and decisions, Deploy / Promote variant / Rollback for editors and admins, how to call it,
// the ONNX file with its signature, and every deployment it had.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../_lib/trpc';
import { monitoringHref } from '../monitoring/links';
import { ErrorBox, Loading } from '../query-state';
import { Time } from '../time';
import { EndpointActions } from './actions';
import { DeploymentHistory } from './history';
import { ModelFiles } from './model-file';
import { RolloutPanel } from './rollout-panel';
import { UsagePanel } from './usage-panel';
import { DeployStatus } from './variants';
import { VariantsPanel } from './variants-panel';
import '../registry/registry.css';
import './endpoint.css';

export const REFRESH_MS = 3000;

export function EndpointView({ name }: { name: string }) {
  const trpc = useTRPC();
  const [minutes, setMinutes] = useState(5);
  const q = useQuery(trpc.endpoint.get.queryOptions({ name }, { refetchInterval: REFRESH_MS }));
  const stats = useQuery(trpc.endpoint.stats.queryOptions({ endpoint: name, minutes }, { refetchInterval: REFRESH_MS }));
  if (q.data === undefined) return q.isError ? <ErrorBox title={`Could not load endpoint ${name}`} error={q.error} /> : <Loading what="the endpoint" />;
  const e = q.data;
  const d = e.current;
  return (
    <section aria-labelledby="endpoint-heading" className="endpoint-page">
      <p className="registry-crumbs">
        <Link href="/endpoints">Endpoints</Link> /
      </p>
      <div className="registry-title">
        <h1 id="endpoint-heading">{e.name}</h1>
        {d ? (
          <>
            <DeployStatus status={d.status} testId="endpoint-status" />
            <span className="muted" data-testid="endpoint-current">
              deployment #{d.number} · {d.strategy}
            </span>
          </>
        ) : (
          <span className="muted">no deployment</span>
        )}
        <Link href={monitoringHref(e.name)} data-testid="endpoint-monitoring-link">Monitoring</Link>
        <EndpointActions endpoint={e} />
      </div>
      <dl className="meta endpoint-meta">
        {e.description && (
          <div>
            <dt>Description</dt>
            <dd>{e.description}</dd>
          </div>
        )}
        <div>
          <dt>Callers</dt>
          <dd>{e.requireToken ? 'need a token with the predict scope' : 'need no token'}</dd>
        </div>
        <div>
          <dt>Prediction log</dt>
          <dd>{e.logSampleRate === 0 ? 'off' : `${Math.round(e.logSampleRate * 1000) / 10} % of requests`}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <Time value={e.createdAt} /> by {e.createdBy}
          </dd>
        </div>
      </dl>
      {d && <VariantsPanel endpoint={e.name} deployment={d} stats={stats.data} statsError={stats.error} minutes={minutes} setMinutes={setMinutes} />}
      {d && <RolloutPanel endpoint={e.name} deployment={d} stats={stats.data} />}
      {d && (
        <div className="registry-grid endpoint-grid">
          <UsagePanel endpoint={e.name} deployment={d} requireToken={e.requireToken} serveUrl={stats.data?.serveUrl} />
          <ModelFiles deployment={d} />
        </div>
      )}
      <DeploymentHistory endpoint={e} />
    </section>
  );
}
