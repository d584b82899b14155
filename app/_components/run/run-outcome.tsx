'use client';
// What the run produced, in one block: the evaluation metrics (every Metrics output of its finished steps) and
// the model versions it registered, each linked to its version page. Nothing while the run has neither.
import Link from 'next/link';
import type { ArtifactRef } from '../../../dsl/refs';
import type { RunView } from '../../_lib/api-types';
import { formatNumber, humanize } from '../../_lib/format';
import { modelHref } from '../../_lib/links';
import styles from './run-outcome.module.css';

const HEADLINE = ['accuracy', 'macroF1', 'rmse', 'r2', 'logLoss', 'mae'];

export interface RunOutcome {
  /** Metric name → value, in the headline order, then by name; a later step's figure wins. */
  metrics: Array<[string, number]>;
  versions: Array<{ name: string; version: number; stage: string; step: string }>;
}

/** The outcome of a run's steps: the latest succeeded or cached attempt of each, in the order they finished. */
export function runOutcome(steps: RunView['steps']): RunOutcome {
  const latest = new Map<string, RunView['steps'][number]>();
  for (const s of steps) {
    if (s.status !== 'succeeded' && s.status !== 'cached') continue;
    const seen = latest.get(s.stepId);
    if (!seen || s.attempt >= seen.attempt) latest.set(s.stepId, s);
  }
  const done = [...latest.values()].sort((a, b) => new Date(a.finishedAt ?? 0).getTime() - new Date(b.finishedAt ?? 0).getTime());
  const values: Record<string, number> = {};
  const versions: RunOutcome['versions'] = [];
  for (const s of done) {
    for (const ref of Object.values((s.outputs ?? {}) as Record<string, ArtifactRef>)) {
      if (ref?.type === 'Metrics') Object.assign(values, ref.values);
      else if (ref?.type === 'ModelVersion') versions.push({ name: ref.name, version: ref.version, stage: ref.stage, step: s.stepId });
    }
  }
  const keys = Object.keys(values).sort();
  const ordered = [...HEADLINE.filter((k) => k in values), ...keys.filter((k) => !HEADLINE.includes(k))];
  return { metrics: ordered.map((k) => [k, values[k]]), versions };
}

export function RunOutcomeBlock({ run }: { run: RunView }) {
  const { metrics, versions } = runOutcome(run.steps);
  if (metrics.length === 0 && versions.length === 0) return null;
  return (
    <section className={styles.outcome} aria-labelledby="run-outcome-heading" data-testid="run-outcome">
      <h2 id="run-outcome-heading">Outcome</h2>
      {metrics.length > 0 && (
        <dl className={styles.metrics} aria-label="Metrics">
          {metrics.map(([k, v]) => (
            <div key={k}>
              <dt>{humanize(k)}</dt>
              <dd className="mono">{formatNumber(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {versions.length > 0 && (
        <p className={styles.versions}>
          {versions.map((v, i) => (
            <span key={`${v.name}-${v.version}`}>
              {i > 0 && ' · '}
              Registered{' '}
              <Link href={modelHref(v.name, v.version)} className="strong">
                {v.name} v{v.version}
              </Link>{' '}
              <span className="chip">{v.stage}</span>
              <span className="muted small"> by step {v.step}</span>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
