// Whether a rerun reproduced its run: every metric each evaluation step produced, compared value for value.
import { latestFinished, type RunView } from './follow';

export interface MetricDifference {
  /** `step.metric`, e.g. `evaluate.accuracy`. */
  metric: string;
  before: number | null;
  after: number | null;
}

export interface Reproduction {
  /** Metrics compared (the union of both runs'). */
  compared: number;
  equal: boolean;
  differences: MetricDifference[];
}

/** Each step's metrics by `step.metric`, from its latest succeeded (or cached) attempt. */
export function metricsOf(run: Pick<RunView, 'steps'>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [stepId, s] of latestFinished(run.steps)) {
    for (const ref of Object.values((s.outputs ?? {}) as Record<string, { type?: string; values?: Record<string, number> }>)) {
      if (ref?.type !== 'Metrics' || !ref.values) continue;
      for (const [name, v] of Object.entries(ref.values)) out.set(`${stepId}.${name}`, v);
    }
  }
  return out;
}

export function compareMetrics(before: Pick<RunView, 'steps'>, after: Pick<RunView, 'steps'>): Reproduction {
  const a = metricsOf(before);
  const b = metricsOf(after);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const differences = names
    .filter((n) => !Object.is(a.get(n), b.get(n)))
    .map((metric) => ({ metric, before: a.get(metric) ?? null, after: b.get(metric) ?? null }));
  return { compared: names.length, equal: differences.length === 0, differences };
}
