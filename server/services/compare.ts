// Comparing runs side by side (experiment tracking): for two or more runs, the settings of their training and
// evaluation steps with the keys that differ, the tables each model was trained on (by content hash), every scalar
// metric, and the training curves (one per training step; a resumed attempt's epochs replace the killed one's). What `run.compare`, the compare page and `headrace compare` show.
// A model version (penguins@3, penguins@production) stands for the run that registered it.
import { trainingCurves, type EpochRow } from '../db/repo/training-epochs';
import type { Plan } from '../../dsl/plan';
import type { RunStatus } from '../../dsl/states';
import type { Services } from './context';
import { ServiceError } from './errors';
import { resolveModelSpec } from './endpoints';
import { getRunView, resolveRunId } from './runs';

/** Step groups whose settings and data are compared. */
const COMPARED_GROUPS = ['train.', 'evaluate.', 'prepare.'];

export interface ComparedRun {
  id: string;
  pipeline: string;
  version: number;
  status: RunStatus;
  createdAt: Date;
  params: Record<string, unknown>;
}

export interface ComparedStep {
  stepId: string;
  kind: string;
  /** The step's settings per run id (null: the run has no such step). */
  config: Record<string, Record<string, unknown> | null>;
  /** Settings keys whose values are not the same in every run that has the step. */
  differs: string[];
  /** Training steps: the hash of the table each run trained on. */
  trainedOn?: Record<string, string | null>;
}

export interface ComparedMetric {
  stepId: string;
  name: string;
  values: Record<string, number | null>;
}

export interface ComparedCurve {
  runId: string;
  stepId: string;
  epochs: EpochRow[];
}

export interface RunComparison {
  runs: ComparedRun[];
  steps: ComparedStep[];
  metrics: ComparedMetric[];
  curves: ComparedCurve[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A run id (or a prefix of one), or a model version (MODEL@VERSION, @STAGE or @ALIAS): the run that made it. */
async function runOf(svc: Services, ref: string): Promise<string> {
  if (!ref.includes('@')) return resolveRunId(svc, ref);
  const version = await resolveModelSpec(svc, ref);
  if (!version.runId) throw new ServiceError('BAD_REQUEST', `${ref} (${version.name} v${version.version}) was registered by hand, not by a run: there is nothing to compare it by`);
  return version.runId;
}

export async function compareRuns(svc: Services, refs: string[], opts: { points?: number } = {}): Promise<RunComparison> {
  if (refs.length < 2) throw new ServiceError('BAD_REQUEST', 'name at least two runs to compare');
  const ids = [...new Set(await Promise.all(refs.map((r) => runOf(svc, r))))];
  if (ids.length < 2) throw new ServiceError('BAD_REQUEST', `${refs.join(' and ')} name the same run: name at least two runs to compare`);
  const views = await Promise.all(ids.map((id) => getRunView(svc, id)));

  const runs: ComparedRun[] = views.map((v) => ({
    id: v.id, pipeline: v.pipelineName, version: v.pipelineVersion, status: v.status, createdAt: v.createdAt, params: (v.params ?? {}) as Record<string, unknown>,
  }));

  // Steps of the compared groups, in the order they first appear across the runs' plans.
  const order: Array<{ stepId: string; kind: string }> = [];
  for (const v of views) {
    for (const s of (v.plan as Plan).steps) {
      if (COMPARED_GROUPS.some((g) => s.uses.startsWith(g)) && !order.some((o) => o.stepId === s.id)) order.push({ stepId: s.id, kind: s.uses });
    }
  }
  const steps: ComparedStep[] = order.map(({ stepId, kind }) => {
    const config: ComparedStep['config'] = {};
    const trainedOn: Record<string, string | null> = {};
    for (const v of views) {
      const planned = (v.plan as Plan).steps.find((s) => s.id === stepId);
      config[v.id] = planned ? planned.config : null;
      const done = v.steps.filter((s) => s.stepId === stepId && s.status === 'succeeded').at(-1);
      const model = (done?.outputs as { model?: { trainingDatasets?: string[] } } | null)?.model;
      trainedOn[v.id] = model?.trainingDatasets?.[0] ?? null;
    }
    const present = Object.values(config).filter((c): c is Record<string, unknown> => c !== null);
    const keys = [...new Set(present.flatMap((c) => Object.keys(c)))];
    const differs = keys.filter((k) => present.some((c) => !same(c[k], present[0][k])) || present.length < views.length);
    return { stepId, kind, config, differs, ...(kind.startsWith('train.') ? { trainedOn } : {}) };
  });

  // Every scalar of every Metrics output, by step and name.
  const metrics = new Map<string, ComparedMetric>();
  for (const v of views) {
    for (const s of v.steps) {
      if (s.status !== 'succeeded') continue;
      for (const out of Object.values((s.outputs ?? {}) as Record<string, { type?: string; values?: Record<string, number> }>)) {
        if (out?.type !== 'Metrics' || !out.values) continue;
        for (const [name, value] of Object.entries(out.values)) {
          const k = `${s.stepId}/${name}`;
          let m = metrics.get(k);
          if (!m) metrics.set(k, (m = { stepId: s.stepId, name, values: Object.fromEntries(ids.map((id) => [id, null])) }));
          m.values[v.id] = value;
        }
      }
    }
  }

  // In the order the runs were named.
  const curves: ComparedCurve[] = (await trainingCurves(svc.db, ids, { points: opts.points }))
    .sort((a, b) => ids.indexOf(a.runId) - ids.indexOf(b.runId))
    .map(({ runId, stepId, epochs }) => ({ runId, stepId, epochs }));
  return { runs, steps, metrics: [...metrics.values()], curves };
}
