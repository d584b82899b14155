// `matrix:`, `parallelism:` and `select:`: a sweep only on a trainer that reports what `select` compares; every
// swept key a setting of the kind and not also in `with:`; each trial's settings valid for the kind (the error at
// the swept key, naming the trial); `select` on a figure the trials give (validation figures need a validation
// split); `parallelism` and `select` only beside a matrix.
import type { Node } from 'yaml';
import { asMap, entriesOf, toJS } from '../../parse/nodes';
import type { StepAst } from '../../parse/ast';
import { substitute } from '../../parse/templates';
import { closest } from '../../suggest';
import { defaultMode, MAX_TRIALS, Select, sweepTrials, type SelectMetric, type Trial } from '../../sweep';
import type { CheckContext } from '../context';
import type { Rule } from '../rule';

/** The trainers a sweep can drive, and the figures their trials report for `select`. */
export const SWEEPABLE: Record<string, readonly SelectMetric[]> = {
  'train.mlp': ['loss', 'val_loss', 'val_accuracy', 'val_rmse'],
  'train.logistic': ['loss'],
};

export interface CheckedSweep {
  trials: Array<Trial & { config: Record<string, unknown> }>;
  parallelism: number;
  select: { metric: SelectMetric; mode: 'min' | 'max'; stopping: 'median' | 'none' };
}

const checked = new WeakMap<StepAst, CheckedSweep | null>();

/** The step's sweep with each trial's full settings, or null when it has none or it does not check. */
export function sweepOf(ctx: CheckContext, step: StepAst): CheckedSweep | null {
  if (!step.matrix && !step.parallelism && !step.select) return null; // most steps: nothing to check or keep
  if (!checked.has(step)) checked.set(step, check(ctx, step));
  return checked.get(step)!;
}

function check(ctx: CheckContext, step: StepAst): CheckedSweep | null {
  if (!step.matrix) {
    for (const key of ['parallelism', 'select'] as const) {
      if (step[key]) ctx.report(step[key].keyNode, `step '${step.id}': ${key} belongs to a sweep; add a matrix: of settings to sweep`, 'sweep');
    }
    return null;
  }
  const where = (key: 'matrix' | 'parallelism' | 'select') => step[key]?.keyNode;
  const kindName = step.uses?.value ?? '';
  const metrics = SWEEPABLE[kindName];
  const kind = ctx.kindOf(step);
  if (!metrics || !kind) {
    ctx.report(where('matrix'), `step '${step.id}': matrix: sweeps a trainer (${Object.keys(SWEEPABLE).join(', ')}), not ${kindName || 'this step'}`, 'sweep');
    return null;
  }
  if (step.cache) ctx.report(step.cache.keyNode, `step '${step.id}': a sweep is not cached (its trials run each time); remove cache:`, 'sweep');
  const { value: matrix } = substitute(toJS(step.matrix.value, ctx.ast.doc) ?? {}, ctx.params);
  const entries = entriesOf(asMap(step.matrix.value, ctx.ast.doc), ctx.ast.doc);
  const nodeOf = (key: string | undefined): Node | null | undefined => (key ? entries.find((e) => e.key === key)?.keyNode : undefined) ?? step.matrix!.keyNode;
  if (typeof matrix !== 'object' || matrix === null || Array.isArray(matrix)) {
    ctx.report(step.matrix.keyNode, `step '${step.id}': matrix must map settings to their values`, 'sweep');
    return null;
  }
  const settings = Object.keys((kind.config as unknown as { shape?: Record<string, unknown> }).shape ?? {});
  const base = (ctx.config(step).raw ?? {}) as Record<string, unknown>;
  let ok = true;
  for (const key of Object.keys(matrix)) {
    if (key === 'random') continue;
    if (!settings.includes(key)) {
      const near = closest(key, settings);
      ctx.report(nodeOf(key), `step '${step.id}': ${key} is not a setting of ${kindName}${near ? ` (did you mean ${near}?)` : ''}`, 'sweep');
      ok = false;
    } else if (key in base) {
      ctx.report(nodeOf(key), `step '${step.id}': ${key} is set in with: and swept in matrix:; keep one`, 'sweep');
      ok = false;
    }
  }
  const expanded = sweepTrials(matrix as Record<string, unknown>);
  if (!expanded.ok) {
    ctx.report(nodeOf(expanded.key), `step '${step.id}': ${expanded.message}`, 'sweep');
    return null;
  }
  if (!ok) return null;
  const trials: CheckedSweep['trials'] = [];
  for (const t of expanded.trials) {
    const parsed = kind.config.safeParse({ ...base, ...t.values });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = String(issue.path[0] ?? '');
      const shown = Object.entries(t.values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
      ctx.report(nodeOf(key in t.values ? key : undefined), `step '${step.id}': trial ${t.index} (${shown}): ${key ? `${key}: ` : ''}${issue.message}`, 'sweep');
      return null;
    }
    trials.push({ ...t, config: parsed.data as Record<string, unknown> });
  }
  const selectRaw = (step.select ? toJS(step.select.value, ctx.ast.doc) : undefined) ?? { metric: metrics.includes('val_loss') ? 'val_loss' : 'loss' };
  const select = Select.safeParse(selectRaw);
  if (!select.success) {
    ctx.report(step.select?.keyNode, `step '${step.id}': select must be { metric: ${metrics.join('|')}, mode: min|max, stopping: median|none }`, 'sweep');
    return null;
  }
  const metric = select.data.metric;
  if (!metrics.includes(metric)) {
    ctx.report(step.select?.keyNode, `step '${step.id}': ${kindName} trials report ${metrics.join(', ')}, not ${metric}`, 'sweep');
    return null;
  }
  if (metric.startsWith('val_')) {
    const without = trials.find((t) => !((t.config.validationFraction as number | undefined) ?? 0));
    if (without) {
      ctx.report(step.select?.keyNode ?? step.matrix.keyNode, `step '${step.id}': select ${metric} needs a validation split; set validationFraction (trial ${without.index} has none)`, 'sweep');
      return null;
    }
    const task = (t: Trial & { config: Record<string, unknown> }) => t.config.task;
    if (metric === 'val_accuracy' && trials.some((t) => task(t) === 'regression')) {
      ctx.report(step.select?.keyNode, `step '${step.id}': val_accuracy is a classifier's; a regression reports val_rmse`, 'sweep');
      return null;
    }
  }
  const parallelism = step.parallelism ? toJS(step.parallelism.value, ctx.ast.doc) : undefined;
  if (parallelism !== undefined && !(Number.isInteger(parallelism) && (parallelism as number) >= 1 && (parallelism as number) <= MAX_TRIALS)) {
    ctx.report(step.parallelism?.keyNode, `step '${step.id}': parallelism must be a whole number from 1 to ${MAX_TRIALS}`, 'sweep');
    return null;
  }
  return {
    trials,
    parallelism: Math.min(trials.length, (parallelism as number | undefined) ?? 2),
    select: { metric, mode: select.data.mode ?? defaultMode(metric), stopping: select.data.stopping },
  };
}

export const sweep: Rule = (ctx) => {
  for (const step of ctx.ast.steps) sweepOf(ctx, step);
};
