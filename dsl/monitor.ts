// The monitor spec: what a `*.monitor.yaml` file (or a pipeline's `monitor:` section) declares for one endpoint —
// the window, the drift thresholds per feature, the dataset-drift rule, the quality and health bounds. Pure zod:
// the checker, the JSON Schema, the API and the monitor workflow all read this one definition.
import { z } from 'zod';
import { DURATION } from './grammar';

const Duration = z
  .string()
  .regex(DURATION, 'a duration like "30s", "10m", "1h" or "2d"')
  .describe('A duration like "30s", "10m", "1h", "2d"');

export const DriftThresholdsSpec = z
  .strictObject({
    psi: z.number().positive().optional().describe('PSI above this drifts (default 0.2)'),
    js: z.number().positive().max(1).optional().describe('Jensen–Shannon distance (natural log) above this drifts (default 0.1)'),
    ksPValue: z.number().positive().max(1).optional().describe('Kolmogorov–Smirnov p-value below this drifts, numeric features (default 0.05)'),
    chi2PValue: z.number().positive().max(1).optional().describe('Chi-squared p-value below this drifts, categorical features (default 0.05)'),
  })
  .describe('Drift thresholds: a feature drifts when any of its tests crosses its threshold');

const Bound = z
  .strictObject({
    min: z.number().optional().describe('Alert when the figure falls below this'),
    max: z.number().optional().describe('Alert when the figure rises above this'),
    severity: z.enum(['warning', 'critical']).optional().describe('The alert\'s severity (default warning)'),
  })
  .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'a bound needs min or max' });

export const MonitorSpec = z
  .strictObject({
    monitor: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'an endpoint name (lowercase letters, digits, ".", "_", "-")').describe('The endpoint watched'),
    description: z.string().optional(),
    window: z
      .union([Duration, z.strictObject({ predictions: z.number().int().min(10).describe('Close a window every N predictions') })])
      .default('1h')
      .describe('How long a window lasts ("1h"), or { predictions: N }'),
    features: z
      .record(z.string(), DriftThresholdsSpec)
      .optional()
      .describe('Thresholds per feature; the key "default" applies to every feature not named'),
    drift: z
      .strictObject({
        share: z.number().gt(0).max(1).default(0.5).describe('Dataset drift when at least this share of the features drift (default 0.5)'),
        severity: z.enum(['warning', 'critical']).optional(),
      })
      .optional()
      .describe('The dataset-drift rule (as Evidently\'s): the share of drifted features that raises a drift alert'),
    prediction: DriftThresholdsSpec.optional().describe('Thresholds for the drift of the predicted labels against the training target'),
    quality: z
      .strictObject({
        minLabelled: z.number().int().min(1).default(30).describe('Labelled rows a window needs before its quality is judged (default 30)'),
        accuracy: Bound.optional(),
        f1Macro: Bound.optional(),
        logLoss: Bound.optional(),
        rmse: Bound.optional(),
        mae: Bound.optional(),
      })
      .optional()
      .describe('Bounds on quality from late labels'),
    health: z
      .strictObject({
        errorRate: Bound.optional(),
        p99Ms: Bound.optional(),
        requests: Bound.optional(),
      })
      .optional()
      .describe('Bounds on serving health'),
  })
  .describe('A monitor: one endpoint watched window by window against its model\'s training profile');

export type MonitorSpec = z.infer<typeof MonitorSpec>;
export type DriftThresholdsSpec = z.infer<typeof DriftThresholdsSpec>;

/** The thresholds that apply to one feature: its own over the spec's `default` over the built-in defaults. */
export function thresholdsFor(spec: Pick<MonitorSpec, 'features'>, feature: string): Required<DriftThresholdsSpec> {
  return { ...DEFAULT_THRESHOLDS, ...(spec.features?.default ?? {}), ...(spec.features?.[feature] ?? {}) };
}

export const DEFAULT_THRESHOLDS: Required<DriftThresholdsSpec> = { psi: 0.2, js: 0.1, ksPValue: 0.05, chi2PValue: 0.05 };
