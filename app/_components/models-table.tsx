'use client';
// The model registry: every version with its stage, headline metrics, training data and origin.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { isObject } from '../_lib/artifacts';
import { formatNumber, shortHash } from '../_lib/format';
import { modelAnchor, runHref } from '../_lib/links';
import { useTRPC } from '../_lib/trpc';
import { Empty, ErrorBox, Loading } from './query-state';
import { Time } from './time';

const METRICS = ['accuracy', 'macroF1', 'logLoss'] as const;

function metric(metrics: unknown, key: string): string {
  const v = isObject(metrics) ? metrics[key] : undefined;
  return typeof v === 'number' ? formatNumber(v) : '—';
}

export function ModelsTable() {
  const trpc = useTRPC();
  const q = useQuery(trpc.model.list.queryOptions({}, { refetchInterval: 10_000 }));
  const loaded = q.isSuccess;
  // Links from a run page point at one version (#model-NAME-vN): bring it into view once it exists.
  useEffect(() => {
    if (loaded && window.location.hash) document.getElementById(decodeURIComponent(window.location.hash.slice(1)))?.scrollIntoView({ block: 'center' });
  }, [loaded]);
  if (q.isPending) return <Loading what="models" />;
  if (q.isError) return <ErrorBox title="Could not load the registry" error={q.error} />;
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
            <tr key={v.id} id={modelAnchor(v.name, v.version)} className="targetable">
              <td>
                <span className="strong">{v.name}</span> <span className="version">v{v.version}</span>
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
