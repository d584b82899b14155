// Shapes of monitor.* (server/services/monitors.ts): the applied monitors, the stored windows with their drift per
// feature, quality and health (server/monitoring/stats/types.ts MonitorWindow), and the alerts raised.
import { z } from 'zod';
import { isoDate } from './date';
import { DURATION } from '../../../dsl/grammar';
import { ENDPOINT_NAME, ENDPOINT_NAME_RULE } from '../../db/repo/endpoints';
import { ALERT_KINDS } from '../../../dsl/monitor';
import { RunStatus } from '../../../dsl/states';

export const MonitorEndpoint = z.string().regex(ENDPOINT_NAME, `use ${ENDPOINT_NAME_RULE}`);
export const Since = z.string().trim().regex(DURATION, 'a duration: 30s, 10m, 1h, 7d');

/** A statistic: a number, or NaN where it could not be computed (an empty window). */
const Stat = z.union([z.number(), z.nan()]);
const TestOut = z.object({ statistic: Stat, pvalue: Stat });

export const FeatureDriftOut = z.object({
  kind: z.enum(['numeric', 'categorical']),
  rows: z.number(),
  nulls: z.number(),
  psi: Stat,
  js: Stat,
  ks: TestOut.optional(),
  chi2: TestOut.optional(),
  drifted: z.boolean(),
  reasons: z.array(z.string()),
  bins: z.object({ labels: z.array(z.string()), reference: z.array(Stat), current: z.array(Stat) }),
});

export const MonitorWindowOut = z.object({
  start: z.string(),
  end: z.string(),
  rows: z.number(),
  modelVersionId: z.string().nullable(),
  features: z.record(z.string(), FeatureDriftOut),
  dataset: z.object({ drifted: z.boolean(), share: Stat, threshold: z.number(), driftedFeatures: z.array(z.string()) }),
  prediction: FeatureDriftOut.nullable(),
  quality: z.object({
    labelled: z.number(),
    accuracy: Stat.optional(),
    f1Macro: Stat.optional(),
    logLoss: Stat.optional(),
    rmse: Stat.optional(),
    mae: Stat.optional(),
  }),
  health: z.object({
    requests: z.number(),
    errors: z.number(),
    errorRate: Stat,
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    p99Ms: z.number().nullable(),
  }),
});

export const StoredWindowOut = MonitorWindowOut.extend({ id: z.number().int(), computedAt: z.string() });

export const AlertOut = z.object({
  id: z.number().int(),
  endpoint: z.string(),
  windowId: z.number().int().nullable(),
  kind: z.string(),
  severity: z.string(),
  subject: z.string().nullable(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: isoDate(),
  /** The silence in force when it was raised (then it was stored, never sent). */
  silenceId: z.number().int().nullable(),
  silenced: z.boolean(),
  /** Its last delivery attempt to a webhook (null when none was made: no webhook, silenced, below minSeverity). */
  delivery: z.object({
    state: z.enum(['delivered', 'failed']),
    webhook: z.string(),
    attempt: z.number().int(),
    /** Attempts made in all, to every webhook. */
    attempts: z.number().int(),
    httpStatus: z.number().int().nullable(),
    error: z.string().nullable(),
    at: isoDate(),
  }).nullable(),
  /**
   * The retraining runs it started (a drift or performance trigger on the endpoint), and the model versions each
   * registered: the stage each is in now, and when it entered production (null: never).
   */
  retraining: z.array(z.object({
    runId: z.string().uuid(),
    pipeline: z.string(),
    status: RunStatus,
    createdAt: isoDate(),
    versions: z.array(z.object({ model: z.string(), version: z.number().int(), stage: z.string(), promotedAt: isoDate().nullable() })),
  })),
});

export const AlertKind = z.enum(ALERT_KINDS);

export const SilenceOut = z.object({
  id: z.number().int(),
  endpoint: z.string(),
  /** null: every kind. */
  kind: z.string().nullable(),
  /** null: every subject (feature, figure). */
  subject: z.string().nullable(),
  until: isoDate(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: isoDate(),
  /** Whether it is in force now. */
  active: z.boolean(),
});

export const DeliveryOut = z.object({
  id: z.number().int(),
  alertId: z.number().int(),
  /** The webhook's name in the monitor spec (never its URL). */
  webhook: z.string(),
  attempt: z.number().int(),
  ok: z.boolean(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: isoDate(),
});

export const DeliveriesOut = z.object({
  alertId: z.number().int(),
  endpoint: z.string(),
  silenced: z.boolean(),
  silence: SilenceOut.nullable(),
  /** Oldest attempt first. */
  deliveries: z.array(DeliveryOut),
});

export const MonitorProgressOut = z.object({
  endpoint: z.string(),
  windows: z.number(),
  lastWindowEnd: z.string().optional(),
  nextWindowEnd: z.string().optional(),
  lastError: z.string().optional(),
});

export const MonitorSummaryOut = z.object({
  endpoint: z.string(),
  version: z.number().int(),
  enabled: z.boolean(),
  /** The spec's window: a duration, or { predictions: N }. */
  window: z.union([z.string(), z.object({ predictions: z.number() })]),
  origin: z.string().nullable(),
  updatedAt: isoDate(),
  workflowId: z.string(),
  lastWindow: z.object({
    start: z.string(), end: z.string(), rows: z.number(), datasetDrifted: z.boolean(), driftedFeatures: z.array(z.string()),
  }).nullable(),
  lastAlert: z.object({ createdAt: isoDate(), severity: z.string(), kind: z.string(), message: z.string(), silenced: z.boolean() }).nullable(),
});

export const MonitorOut = z.object({
  id: z.string().uuid(),
  endpoint: z.string(),
  spec: z.record(z.string(), z.unknown()),
  source: z.string().nullable(),
  origin: z.string().nullable(),
  version: z.number().int(),
  enabled: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: isoDate(),
  updatedAt: isoDate(),
  workflowId: z.string(),
  /** The monitor's workflow as Temporal has it (null when it never started), and its progress when it runs. */
  workflow: z.object({ status: z.string(), progress: MonitorProgressOut.nullable() }).nullable(),
});

export const ApplyOut = z.object({
  /** The monitor's id; null for a dry run of a monitor not saved yet. */
  id: z.string().uuid().nullable(),
  endpoint: z.string(),
  status: z.enum(['created', 'updated', 'unchanged']),
  version: z.number().int(),
  workflowId: z.string(),
  dryRun: z.boolean(),
});

export const WindowsOut = z.object({
  endpoint: z.string(),
  /** Oldest first: the newest window is the last. */
  windows: z.array(StoredWindowOut),
  /** `MODEL@VERSION` of each model version the windows name. */
  models: z.record(z.string(), z.string()),
});

export const ComputeOut = z.object({
  endpoint: z.string(),
  window: MonitorWindowOut,
  models: z.record(z.string(), z.string()),
  /** Whether an applied monitor's spec was used (else the defaults). */
  applied: z.boolean(),
});
