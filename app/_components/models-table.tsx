'use client';
// The model registry: every version with its stage, headline metrics, training data and origin; each model
// links to its page and each version to its own.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isObject } from '../_lib/artifacts';
import { shortHash } from '../_lib/format';
import { modelAnchor, modelHref, modelPageHref, runHref } from '../_lib/links';
import { useTRPC } from '../_lib/trpc';
import { Empty, ErrorBox, Loading } from './query-state';
import { Time } from './time';

const METRICS = ['accuracy', 'macroF1', 'logLoss'] as const;

/** Fixed decimals so a column of versions compares at a glance. */
function metric(metrics: unknown, key: string): string {
  const v = isObject(metrics) ? metrics[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(key === 'logLoss' ? 4 : 3) : '—';
}

export function ModelsTable() {
  const trpc = useTRPC();
  const q = useQuery(trpc.model.list.queryOptions({}, { refetchInterval: 10_000 }));
  const loaded = q.data !== undefined;
  // Links from a run page point at one version (#model-NAME-vN): mark it and bring it into view once
  // the list is there (the browser's own :target misses rows rendered after navigation).
  const [target, setTarget] = useState('');
  useEffect(() => {
    const read = () => setTarget(decodeURIComponent(window.location.hash.slice(1)));
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  useEffect(() => {
    if (loaded && target) document.getElementById(target)?.scrollIntoView({ block: 'center' });
  }, [loaded, target]);
  if (q.data === undefined) return q.isError ? <ErrorBox title="Could not load the registry" error={q.error} /> : <Loading what="models" />;
  if (q.data.length === 0) return <Empty>No model versions yet. A pipeline with a <code>registry.register</code> step adds them.</Empty>;
  return (
    <table className="grid" aria-label="Model versions">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Stage</th>
          {METRICS.map((m) => (
            <th scope="col" className="num" key={m}>
              {m}
            </th>
          ))}
          <th scope="col">Created</th>
          <th scope="col">Training data</th>
          <th scope="col">From run</th>
        </tr>
      </thead>
      <tbody>
        {q.data.map((v) => {
          const datasets = Array.isArray(v.trainingDatasets) ? (v.trainingDatasets as unknown[]).map(String) : [];
          return (
            <tr
              key={v.id}
              id={modelAnchor(v.name, v.version)}
              className={target === modelAnchor(v.name, v.version) ? 'targeted' : undefined}
              aria-current={target === modelAnchor(v.name, v.version) ? 'location' : undefined}
            >
              <td>
                <Link href={modelPageHref(v.name)} className="strong" aria-label={`Model ${v.name}`}>
                  {v.name}
                </Link>{' '}
                <Link href={modelHref(v.name, v.version)} className="version" aria-label={`${v.name} v${v.version}`}>
                  v{v.version}
                </Link>
              </td>
              <td>
                <span className={`stage stage-${v.stage}`}>{v.stage}</span>
              </td>
              {METRICS.map((m) => (
                <td className="num" key={m}>
                  {metric(v.metrics, m)}
                </td>
              ))}
              <td>
                <Time value={v.createdAt} />
              </td>
              <td>
                {datasets.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  datasets.map((h) => (
                    <span key={h} className="mono chip" title={h}>
                      {shortHash(h)}
                    </span>
                  ))
                )}
              </td>
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
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
