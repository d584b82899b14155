// Sweeps: `matrix:` on a training step runs one trial per combination of settings (a grid), or `random:` samples
// of them, `parallelism` at a time; `select:` names the metric whose best trial the step passes downstream, and
// losing trials stop early by the median stopping rule. The checker expands the trials (sweepTrials) and checks
// each one's settings against the kind; the Plan carries them (PlanStep.sweep).
import { z } from 'zod';
import { mulberry32 } from './random';

/** The most trials one sweep may run. */
export const MAX_TRIALS = 100;

/** What `select.metric` may name: the trained model's figures on its validation split, or on its training rows. */
export const SELECT_METRICS = ['val_loss', 'val_accuracy', 'val_rmse', 'loss'] as const;
export type SelectMetric = (typeof SELECT_METRICS)[number];

export const SweepRange = z.strictObject({
  min: z.number().describe('Smallest value'),
  max: z.number().describe('Largest value'),
  scale: z.enum(['linear', 'log']).default('linear').describe('Sample uniformly, or uniformly in log space (min > 0)'),
  integer: z.boolean().default(false).describe('Round to whole numbers'),
});
export type SweepRange = z.infer<typeof SweepRange>;

export const SweepRandom = z.strictObject({
  samples: z.number().int().min(1).max(MAX_TRIALS).describe('Trials to sample'),
  seed: z.number().int().default(0).describe('Seed of the sampling'),
});

/** `matrix:` as written: setting → values (a list; with `random:` also a range). */
export const Matrix = z
  .record(z.string(), z.unknown())
  .describe('Settings to sweep: SETTING: [values…] (a grid), or random: { samples, seed } with lists and { min, max, scale } ranges');

export const Select = z.strictObject({
  metric: z.enum(SELECT_METRICS).describe('The trial figure that decides the best trial'),
  mode: z.enum(['min', 'max']).optional().describe('Whether lower or higher is better (default: max for accuracy, min otherwise)'),
  stopping: z.enum(['median', 'none']).default('median').describe('Stop a trial early when its best so far is worse than the median of the others at the same epoch'),
});
export type Select = z.infer<typeof Select>;

export interface Trial {
  /** 1-based. */
  index: number;
  /** The swept settings' values of this trial. */
  values: Record<string, unknown>;
}

/** The better direction of a metric when `mode` is not given. */
export const defaultMode = (metric: SelectMetric): 'min' | 'max' => (metric === 'val_accuracy' ? 'max' : 'min');

export { trialStepId } from './trial-step-id';

export type Expanded = { ok: true; trials: Trial[] } | { ok: false; key?: string; message: string };

/**
 * The trials of a matrix, in a fixed order: a grid is the product of the lists, the first setting varying
 * slowest; `random:` draws `samples` trials (a list's value uniformly, a range as its scale says) from its seed.
 */
export function sweepTrials(matrix: Record<string, unknown>): Expanded {
  const { random, ...settings } = matrix;
  const keys = Object.keys(settings);
  if (keys.length === 0) return { ok: false, message: 'matrix needs at least one setting to sweep' };
  if (random !== undefined) {
    const r = SweepRandom.safeParse(random);
    if (!r.success) return { ok: false, key: 'random', message: `random must be { samples: 1–${MAX_TRIALS}, seed }` };
    const axes: Array<{ key: string; draw: (u: number) => unknown }> = [];
    for (const key of keys) {
      const v = settings[key];
      if (Array.isArray(v)) {
        if (v.length === 0) return { ok: false, key, message: `${key} needs at least one value` };
        axes.push({ key, draw: (u) => v[Math.min(v.length - 1, Math.floor(u * v.length))] });
        continue;
      }
      const range = SweepRange.safeParse(v);
      if (!range.success) return { ok: false, key, message: `${key} must be a list of values or a range { min, max, scale: linear|log, integer }` };
      const { min, max, scale, integer } = range.data;
      if (!(max >= min)) return { ok: false, key, message: `${key}: max must be at least min` };
      if (scale === 'log' && !(min > 0)) return { ok: false, key, message: `${key}: a log range needs min > 0` };
      axes.push({
        key,
        draw: (u) => {
          const x = scale === 'log' ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
          return integer ? Math.round(x) : Number(x.toPrecision(6));
        },
      });
    }
    const rand = mulberry32(r.data.seed);
    const trials = Array.from({ length: r.data.samples }, (_, i) => ({
      index: i + 1,
      values: Object.fromEntries(axes.map((a) => [a.key, a.draw(rand())])),
    }));
    return { ok: true, trials };
  }
  let combos: Array<Record<string, unknown>> = [{}];
  for (const key of keys) {
    const v = settings[key];
    if (!Array.isArray(v) || v.length === 0) {
      return { ok: false, key, message: `${key} must be a non-empty list of values (ranges need random: { samples, seed })` };
    }
    combos = combos.flatMap((c) => v.map((x) => ({ ...c, [key]: x })));
    if (combos.length > MAX_TRIALS) return { ok: false, key, message: `the matrix makes more than ${MAX_TRIALS} trials` };
  }
  return { ok: true, trials: combos.map((values, i) => ({ index: i + 1, values })) };
}
