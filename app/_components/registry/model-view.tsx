'use client';
// One model: its description and every version (newest first), each linked as vN with its stage, headline
// metrics, when it was registered and the run that made it.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { modelHref, runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { Empty, ErrorBox, Loading } from '../query-state';
import { Time } from '../time';
import { formatMetric, keyMetrics } from './metrics';
import './registry.css';

export function ModelView({ name }: { name: string }) {
  const trpc = useTRPC();
  const model = useQuery(trpc.model.get.queryOptions({ name }));
  const versions = useQuery(trpc.model.versions.queryOptions({ name }, { refetchInterval: 10_000 }));
  if (model.data === undefined) return model.isError ? <ErrorBox title={`Could not load model ${name}`} error={model.error} /> : <Loading what="the model" />;
  const m = model.data;
  const production = m.latest.production;
  const staging = m.latest.staging;
  return (
    <section aria-labelledby="model-heading">
      <p className="registry-crumbs">
        <Link href="/models">Models</Link> /
      </p>
      <div className="registry-title">
        <h1 id="model-heading">{m.name}</h1>
        <span className="muted">
          {m.versionCount} version{m.versionCount === 1 ? '' : 's'}
        </span>
      </div>
      {m.description && <p>{m.description}</p>}
      <dl className="meta" data-testid="model-summary">
        <div>
          <dt>In production</dt>
          <dd>{production ? <Link href={modelHref(m.name, production.version)}>v{production.version}</Link> : <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>In staging</dt>
          <dd>{staging ? <Link href={modelHref(m.name, staging.version)}>v{staging.version}</Link> : <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <Time value={m.createdAt} />
          </dd>
        </div>
      </dl>
      <h2 className="registry-wide">Versions</h2>
      {versions.data === undefined ? (
        versions.isError ? <ErrorBox title="Could not load the versions" error={versions.error} /> : <Loading what="versions" />
      ) : versions.data.length === 0 ? (
        <Empty>No versions yet.</Empty>
      ) : (
        <VersionsTable name={m.name} versions={versions.data} />
      )}
    </section>
  );
}

type Versions = Array<{
  id: string; version: number; stage: string; metrics: Record<string, number>; createdAt: Date | string;
  runId: string | null; stepId: string | null; registeredBy: string | null; tags: Record<string, string>;
}>;

function VersionsTable({ name, versions }: { name: string; versions: Versions }) {
  const metrics = keyMetrics(versions.map((v) => v.metrics));
  return (
    <table className="grid" aria-label={`Versions of ${name}`}>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Stage</th>
          {metrics.map((k) => (
            <th scope="col" className="num" key={k}>
              {k}
            </th>
          ))}
          <th scope="col">Created</th>
          <th scope="col">Registered by</th>
          <th scope="col">From run</th>
          <th scope="col">Tags</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.id} data-testid={`version-${v.version}`}>
            <td>
              <Link href={modelHref(name, v.version)} className="strong" aria-label={`${name} v${v.version}`}>
                v{v.version}
              </Link>
            </td>
            <td>
              <span className={`stage stage-${v.stage}`}>{v.stage}</span>
            </td>
            {metrics.map((k) => (
              <td className="num" key={k}>
                {formatMetric(k, v.metrics[k])}
              </td>
            ))}
            <td>
              <Time value={v.createdAt} />
            </td>
            <td>{v.registeredBy ?? <span className="muted">—</span>}</td>
            <td>
              {v.runId ? (
                <Link href={runHref(v.runId)} className="mono" aria-label={`Run ${v.runId}`}>
                  {v.runId.slice(0, 8)}
                </Link>
              ) : (
                <span className="muted">—</span>
              )}
              {v.stepId && <span className="muted small"> · {v.stepId}</span>}
            </td>
            <td>
              {Object.entries(v.tags).map(([k, val]) => (
                <span key={k} className="chip">
                  {k}={val}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
