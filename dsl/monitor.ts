// The monitor spec: what a `*.monitor.yaml` file (or a pipeline's `monitor:` section) declares for one endpoint —
// the window, the drift thresholds per feature, the dataset-drift rule, the quality and health bounds. Pure zod:
// the checker, the JSON Schema, the API and the monitor workflow all read this one definition.
import { z } from 'zod';
import { ENV_NAME, HeaderName, HeaderValue } from './http-headers';
import { SecretName } from './secret-ref';
import { DURATION } from './duration';
import { ENDPOINT_NAME, ENDPOINT_NAME_RULE } from './names';

/** Every kind of alert a monitor (or a lifecycle whose canary rolled back) raises. */
export const ALERT_KINDS = ['drift', 'prediction_drift', 'quality', 'health', 'lifecycle'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** An alert's severities, least severe first. */
export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

const Severity = z.enum(ALERT_SEVERITIES);

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
    severity: Severity.optional().describe('The alert\'s severity (default warning)'),
  })
  .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'a bound needs min or max' });

export const WebhookSpec = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'a webhook name (lowercase letters, digits, ".", "_", "-")')
      .describe('The webhook\'s name: what the delivery log records (never its URL)'),
    url: z.string().regex(/^https?:\/\/\S+$/, 'an http:// or https:// URL').optional()
      .describe('Where alerts are posted (a URL holding a token belongs in urlSecret)'),
    urlEnv: z.string().regex(ENV_NAME, 'an environment variable name').optional()
      .describe('The worker\'s environment variable holding the URL (e.g. a Slack incoming webhook with its token)'),
    urlSecret: SecretName.optional()
      .describe('The secret store\'s secret holding the URL (headrace secret set NAME), e.g. a Slack incoming webhook with its token'),
    minSeverity: Severity.optional().describe('Only alerts of this severity or above are sent (default warning: all)'),
    headers: z.record(HeaderName, HeaderValue).optional()
      .describe('Extra request headers; a secret one as { secret: NAME } (the secret store) or { env: NAME }'),
  })
  .refine((w) => [w.url, w.urlEnv, w.urlSecret].filter((u) => u !== undefined).length === 1, { message: 'a webhook needs one of url, urlSecret or urlEnv' })
  .describe('A webhook alerts are posted to as Slack-compatible JSON');

export const AlertsSpec = z
  .strictObject({
    webhooks: z.array(WebhookSpec).max(20).default([])
      .refine((ws) => new Set(ws.map((w) => w.name)).size === ws.length, { message: 'webhook names must be unique' })
      .describe('Webhooks each alert is sent to (retried, every attempt in the delivery log)'),
  })
  .describe('Where alerts are sent');

export const MonitorSpec = z
  .strictObject({
    monitor: z.string().regex(ENDPOINT_NAME, `an endpoint name (${ENDPOINT_NAME_RULE})`).describe('The endpoint watched'),
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
        severity: Severity.optional(),
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
    alerts: AlertsSpec.optional(),
  })
  .describe('A monitor: one endpoint watched window by window against its model\'s training profile');

export type MonitorSpec = z.infer<typeof MonitorSpec>;

/**
 * A pipeline's `monitor:` section: a monitor spec without `monitor:`, watching the endpoint of the pipeline's
 * deploy step (deploy.endpoint, deploy.rollout or deploy.lifecycle) unless `endpoint:` names one. Saving the
 * pipeline applies it, as `headrace apply` applies a `*.monitor.yaml` file.
 */
export const PipelineMonitorSection = MonitorSpec.omit({ monitor: true })
  .extend({
    endpoint: MonitorSpec.shape.monitor
      .optional()
      .describe('The endpoint watched (default: the endpoint of the pipeline\'s deploy step)'),
  })
  .describe('A monitor for the endpoint this pipeline deploys to: applied with each saved version of the pipeline');
export type PipelineMonitorSection = z.infer<typeof PipelineMonitorSection>;

/** The step kinds whose `with.endpoint` is where the pipeline deploys. */
export const DEPLOYING_KINDS = ['deploy.endpoint', 'deploy.rollout', 'deploy.lifecycle'] as const;

/** The endpoints a pipeline's deploy steps name (`with.endpoint`), each once, in step order. */
export function deployEndpoints(steps: ReadonlyArray<{ uses: string; config: unknown }>): string[] {
  const out = new Set<string>();
  for (const s of steps) {
    const e = (s.config as { endpoint?: unknown } | undefined)?.endpoint;
    if ((DEPLOYING_KINDS as readonly string[]).includes(s.uses) && typeof e === 'string') out.add(e);
  }
  return [...out];
}

export type DriftThresholdsSpec = z.infer<typeof DriftThresholdsSpec>;
export type WebhookSpec = z.infer<typeof WebhookSpec>;

/** The thresholds that apply to one feature: its own over the spec's `default` over the built-in defaults. */
export function thresholdsFor(spec: Pick<MonitorSpec, 'features'>, feature: string): Required<DriftThresholdsSpec> {
  return { ...DEFAULT_THRESHOLDS, ...(spec.features?.default ?? {}), ...(spec.features?.[feature] ?? {}) };
}

export const DEFAULT_THRESHOLDS: Required<DriftThresholdsSpec> = { psi: 0.2, js: 0.1, ksPValue: 0.05, chi2PValue: 0.05 };
