'use client';
// The run's identity and outcome: pipeline and version, status, times, error, and what one can do.
import Link from 'next/link';
import { useId, useState } from 'react';
import type { RunView } from '../../_lib/api-types';
import { isRunActive } from '../../_lib/api-types';
import { formatDuration, formatValue, spanMs } from '../../_lib/format';
import { pipelineRunsHref, runHref } from '../../_lib/links';
import { StateBadge } from '../state-badge';
import { Time } from '../time';
import { CancelButton } from './cancel-button';
import { RetryButton, retryWords } from './retry-button';
import { ReproduceButton } from './reproduce-button';
import { RunAgainButton } from './run-again-button';
import { RunAgainForm, useDeclaredParams } from './run-again-form';
import styles from './run-header.module.css';

export function RunHeader({ run, now }: { run: RunView; now: number }) {
  const params = Object.entries((run.params ?? {}) as Record<string, unknown>);
  const retriable = run.status === 'failed' || run.status === 'cancelled';
  const finished = !isRunActive(run.status);
  const declared = useDeclaredParams(run, finished);
  const [editing, setEditing] = useState(false);
  const formId = useId();
  return (
    <header className="run-header">
      <div className="run-title-row">
        <h1 id="run-title">
          <Link href={pipelineRunsHref(run.pipelineName)}>{run.pipelineName}</Link> <span className="version">v{run.pipelineVersion}</span>
        </h1>
        <StateBadge state={run.status} testId="run-status" />
        <div className="actions">
          {isRunActive(run.status) && <CancelButton runId={run.id} />}
          {retriable && <RetryButton runId={run.id} status={run.status} />}
          {finished && <RunAgainButton run={run} />}
          {finished && <ReproduceButton run={run} />}
          {finished && declared.length > 0 && (
            <button type="button" aria-expanded={editing} aria-controls={editing ? formId : undefined} onClick={() => setEditing(!editing)}>
              Edit params and run…
            </button>
          )}
          {run.temporalUrl && (
            <a href={run.temporalUrl} target="_blank" rel="noreferrer" className="button-link">
              Open in Temporal UI <span aria-hidden="true">↗</span>
            </a>
          )}
        </div>
      </div>
      {finished && (
        <ul className={`${styles.help} muted small`} data-testid="run-actions-help">
          {retriable && <li><strong>{retryWords(run.status).label}</strong>: {retryWords(run.status).help}</li>}
          <li>
            <strong>Run again</strong>: a fresh run of v{run.pipelineVersion}
            {params.length > 0 ? ' with the same params' : ''}, from the first step.
          </li>
          <li>
            <strong>Reproduce</strong>: the same, on the data versions this run read (from the store, even where a file has
            changed since), every step executed again; <span className="mono">headrace rerun {run.id.slice(0, 8)} --wait</span> also
            compares the metrics.
          </li>
          {declared.length > 0 && <li><strong>Edit params and run</strong>: the same, with params you change first.</li>}
        </ul>
      )}
      {finished && editing && declared.length > 0 && <RunAgainForm run={run} params={declared} id={formId} onCancel={() => setEditing(false)} />}
      <dl className="meta">
        <div>
          <dt>Started</dt>
          <dd>{run.startedAt ? <Time value={run.startedAt} /> : <span className="muted">not yet (queued <Time value={run.createdAt} />)</span>}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(spanMs(run.startedAt, run.finishedAt, now))}</dd>
        </div>
        <div>
          <dt>Trigger</dt>
          <dd>
            {run.trigger} <span className="muted">by {run.createdBy}</span>
            {run.triggerDetails && (
              <>
                {' · '}
                <span title={run.triggerDetails.event} data-testid="trigger-details">
                  {run.triggerDetails.endpoint ? (
                    <Link href={`/endpoints/${encodeURIComponent(run.triggerDetails.endpoint)}`}>{run.triggerDetails.summary}</Link>
                  ) : (
                    run.triggerDetails.summary
                  )}
                </span>
              </>
            )}
          </dd>
        </div>
        {params.length > 0 && (
          <div>
            <dt>Params</dt>
            <dd>
              {params.map(([k, v]) => (
                <span className="chip" key={k}>
                  {k} = {typeof v === 'object' ? JSON.stringify(v) : formatValue(v)}
                </span>
              ))}
            </dd>
          </div>
        )}
        <div>
          <dt>Run</dt>
          <dd className="mono small">{run.id}</dd>
        </div>
        {run.reproduces && (
          <div>
            <dt>Reproduces</dt>
            <dd className="mono small">
              <Link href={runHref(run.reproduces)} data-testid="reproduces">
                {run.reproduces.slice(0, 8)}
              </Link>
            </dd>
          </div>
        )}
        {run.retryOf && (
          <div>
            <dt>Retry of</dt>
            <dd className="mono small">
              <Link href={runHref(run.retryOf)} data-testid="retry-of">
                {run.retryOf.slice(0, 8)}
              </Link>
            </dd>
          </div>
        )}
      </dl>
      {run.error && (
        <div className="error-box" role="alert" data-testid="run-error">
          <strong>Run {run.status}</strong>
          <p className="pre">{run.error}</p>
        </div>
      )}
    </header>
  );
}
