// The drizzle schema: the one source of the database's shape (migrations are generated from it).
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { RUN_STATUSES, RUN_TRIGGERS, STEP_STATUSES } from '../../dsl/states';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const pipelines = pgTable('pipelines', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description'),
  archived: boolean('archived').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pipelineVersions = pgTable('pipeline_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  pipelineId: uuid('pipeline_id').notNull().references(() => pipelines.id),
  version: integer('version').notNull(),
  source: text('source').notNull(),
  sourceHash: text('source_hash').notNull(),
  plan: jsonb('plan').notNull(),
  /** Path of the file it came from, when it came from one. */
  origin: text('origin'),
  /** The editor's elk layout of this version ({ stepId: { x, y } }), computed once after saving. */
  layout: jsonb('layout'),
  author: text('author').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('pipeline_versions_pipeline_version').on(t.pipelineId, t.version)]);

export const runs = pgTable('runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  pipelineId: uuid('pipeline_id').notNull().references(() => pipelines.id),
  pipelineVersionId: uuid('pipeline_version_id').notNull().references(() => pipelineVersions.id),
  workflowId: text('workflow_id').notNull().unique(),
  /** RunStatus of dsl/states.ts (text in SQL, typed here). */
  status: text('status', { enum: RUN_STATUSES }).notNull().default('queued'),
  /** RunTrigger of dsl/states.ts. */
  trigger: text('trigger', { enum: RUN_TRIGGERS }).notNull().default('manual'),
  params: jsonb('params').notNull().default({}),
  /** The Plan this run executes (params substituted): what the workflow was given. */
  plan: jsonb('plan').notNull(),
  error: text('error'),
  createdBy: text('created_by').notNull(),
  /** A client-chosen key: starting a run again with the same key returns the first run. */
  idempotencyKey: text('idempotency_key'),
  /** The failed run this one retries (its finished steps are reused, recorded as `cached`). */
  retryOf: uuid('retry_of'),
  /** The run this one reproduces: the same version and seeds on the data versions that run read (`headrace rerun`). */
  reproduces: uuid('reproduces'),
  /** The run whose workflow started this one (a monitor's retraining run, a sweep's trial). */
  parentRunId: uuid('parent_run_id'),
  /** What fired a data, drift or performance trigger: { event, endpoint?, alertId?, windowId?, source?, ... }. */
  triggerDetails: jsonb('trigger_details'),
  createdAt: createdAt(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  index('runs_pipeline_created').on(t.pipelineId, t.createdAt),
  index('runs_created').on(t.createdAt, t.id),
  uniqueIndex('runs_idempotency_key').on(t.idempotencyKey).where(sql`idempotency_key is not null`),
]);

export const stepRuns = pgTable('step_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  runId: uuid('run_id').notNull().references(() => runs.id),
  stepId: text('step_id').notNull(),
  attempt: integer('attempt').notNull(),
  kind: text('kind').notNull(),
  /** StepStatus of dsl/states.ts (text in SQL, typed here). */
  status: text('status', { enum: STEP_STATUSES }).notNull(),
  outputs: jsonb('outputs'),
  /** Small, human-facing facts about the step (rows dropped, epochs, device…). */
  summary: jsonb('summary'),
  error: text('error'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  durationMs: integer('duration_ms'),
  /**
   * sha256 of what determines the step's result (kind, kind version, config, input hashes, source file
   * hashes, code hash): set on succeeded attempts, looked up by `cache: true` steps (docs/caching.md).
   */
  cacheKey: text('cache_key'),
  /**
   * A training attempt's latest stored checkpoint (its epoch and artifact), written as it is stored: the next
   * attempt resumes from the newest of these, which the throttled heartbeat may not carry yet.
   */
  checkpoint: jsonb('checkpoint').$type<{ epoch: number; hash: string; uri: string }>(),
}, (t) => [
  uniqueIndex('step_runs_run_step_attempt').on(t.runId, t.stepId, t.attempt),
  index('step_runs_cache_key').on(t.cacheKey).where(sql`cache_key is not null`),
]);

/**
 * Experiment tracking: one row per epoch of a training step's attempt (train.logistic, train.mlp), written in
 * batches while it trains (server/db/repo/training-epochs.ts), so the run page draws the curves live and
 * `headrace compare` overlays runs. Absent figures are null (no validation split, a trainer that does not time).
 */
export const trainingEpochs = pgTable('training_epochs', {
  runId: uuid('run_id').notNull().references(() => runs.id),
  stepId: text('step_id').notNull(),
  attempt: integer('attempt').notNull(),
  epoch: integer('epoch').notNull(),
  loss: doublePrecision('loss').notNull(),
  valLoss: doublePrecision('val_loss'),
  /** Validation accuracy (classification) or RMSE (regression). */
  valMetric: doublePrecision('val_metric'),
  samplesPerSecond: doublePrecision('samples_per_second'),
  lr: doublePrecision('lr'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.runId, t.stepId, t.attempt, t.epoch] })]);

export const datasets = pgTable('datasets', {
  id: uuid('id').primaryKey().defaultRandom(),
  hash: text('hash').notNull().unique(),
  uri: text('uri').notNull(),
  format: text('format').notNull().default('arrow-ipc'),
  schema: jsonb('schema').notNull(),
  rows: integer('rows').notNull(),
  profile: jsonb('profile'),
  runId: uuid('run_id').references(() => runs.id),
  stepId: text('step_id'),
  createdAt: createdAt(),
});

export const models = pgTable('models', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description'),
  createdAt: createdAt(),
});

export const modelVersions = pgTable('model_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  modelId: uuid('model_id').notNull().references(() => models.id),
  version: integer('version').notNull(),
  artifactUri: text('artifact_uri').notNull(),
  artifactHash: text('artifact_hash').notNull(),
  framework: text('framework').notNull().default('onnx'),
  /** none | staging | production | archived */
  stage: text('stage').notNull().default('none'),
  signature: jsonb('signature').notNull(),
  trainingDatasets: jsonb('training_datasets').notNull().default([]),
  metrics: jsonb('metrics').notNull().default({}),
  tags: jsonb('tags').notNull().default({}),
  /** What this version is (the register step's `description`); the model's own description is on `models`. */
  description: text('description'),
  notes: text('notes'),
  /** Where it came from: run, step, pipeline version, training summary. */
  lineage: jsonb('lineage').notNull().default({}),
  runId: uuid('run_id').references(() => runs.id),
  stepId: text('step_id'),
  // The registry fields recorded at registration (docs/registry.md); null on versions registered before them.
  /** The training step's succeeded attempt. */
  trainingStartedAt: timestamp('training_started_at', { withTimezone: true }),
  trainingFinishedAt: timestamp('training_finished_at', { withTimezone: true }),
  /** The trainer's runtime figures: epochs, final loss, device, rows, milliseconds. */
  runtime: jsonb('runtime').notNull().default({}),
  /** The training step's resolved config (defaults applied, params substituted). */
  hyperparameters: jsonb('hyperparameters').notNull().default({}),
  /** The model's inputs in order, with their column types in the training table: [{ name, type }]. */
  features: jsonb('features').notNull().default([]),
  /** The training data's profile (server/monitoring/stats/types.ts DataProfile): the reference for drift. */
  profile: jsonb('profile'),
  pipelineVersionId: uuid('pipeline_version_id').references(() => pipelineVersions.id),
  sourceHash: text('source_hash'),
  /** Who asked for the run that registered it, and why it was registered. */
  registeredBy: text('registered_by'),
  reason: text('reason'),
  /** Decisions of the run's `approve` steps: [{ step, approved, actor, reason, at }]. */
  approvals: jsonb('approvals').notNull().default([]),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('model_versions_model_version').on(t.modelId, t.version),
  // One registration per (run, step): a retried activity finds its version instead of adding one.
  uniqueIndex('model_versions_run_step').on(t.runId, t.stepId).where(sql`run_id is not null`),
]);

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target'),
  outcome: text('outcome').notNull(),
  details: jsonb('details'),
});

/** Log lines a step wrote, in order (`id` is the cursor). */
export const stepLogs = pgTable('step_logs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  runId: uuid('run_id').notNull().references(() => runs.id),
  stepId: text('step_id').notNull(),
  attempt: integer('attempt').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  /** debug | info | warn | error */
  level: text('level').notNull().default('info'),
  message: text('message').notNull(),
}, (t) => [index('step_logs_run_step').on(t.runId, t.stepId, t.id)]);

/** Which run step read or wrote a dataset (lineage for `dataset.get`). */
export const datasetUses = pgTable('dataset_uses', {
  id: uuid('id').primaryKey().defaultRandom(),
  datasetId: uuid('dataset_id').notNull().references(() => datasets.id),
  runId: uuid('run_id').notNull().references(() => runs.id),
  stepId: text('step_id').notNull(),
  /** read | wrote */
  direction: text('direction').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('dataset_uses_once').on(t.datasetId, t.runId, t.stepId, t.direction)]);

/**
 * What an ingest step read, each time it read it (docs/data.md, "Versions"): the source's identity (`sourceKey`:
 * a file's path, a URL without its query string, a connection and a query's hash, a folder's pattern), the table
 * it became, and what identifies the bytes read. A source's versions are its distinct tables over time.
 */
export const sourceReads = pgTable('source_reads', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stable across reads of the same source: `file:PATH`, `http:URL`, `sql:CONNECTION:SHA256(QUERY)`, `glob:PATTERN`. */
  sourceKey: text('source_key').notNull(),
  /** The step kind that read it (ingest.csv, ingest.http, ingest.sql…). */
  kind: text('kind').notNull(),
  /** How it is shown: the path, the URL, the connection and the query's first line. */
  label: text('label').notNull(),
  datasetId: uuid('dataset_id').notNull().references(() => datasets.id),
  bytes: bigint('bytes', { mode: 'number' }),
  /** sha256 of the bytes read (a file, a download, a query's rows as written). */
  contentHash: text('content_hash'),
  modifiedAt: timestamp('modified_at', { withTimezone: true }),
  etag: text('etag'),
  /** Anything else the kind records (a folder's files, a query's text, Last-Modified). */
  details: jsonb('details').notNull().default({}),
  runId: uuid('run_id').notNull().references(() => runs.id),
  stepId: text('step_id').notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('source_reads_by_source').on(t.sourceKey, t.createdAt),
  uniqueIndex('source_reads_once').on(t.runId, t.stepId, t.datasetId),
]);

/**
 * Named connections to external databases (ingest.sql). The password is never stored here: `passwordSecret` names
 * a secret of the secret store, or `passwordEnv` the worker's environment variable, read when the step connects.
 */
export const connections = pgTable('connections', {
  name: text('name').primaryKey(),
  /** postgres (the only kind so far). */
  kind: text('kind').notNull().default('postgres'),
  /** postgres://user@host:port/database?sslmode=… — refused when it carries a password. */
  url: text('url').notNull(),
  passwordEnv: text('password_env'),
  passwordSecret: text('password_secret'),
  description: text('description'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The secret store: values sealed with AES-256-GCM under the platform's key (HEADRACE_SECRET_KEY, or the key file
 * the embedded platform makes), bound to their name. Nothing reads a value back out but a worker resolving a
 * step's reference (server/secrets); the API lists names and dates only.
 */
export const secrets = pgTable('secrets', {
  name: text('name').primaryKey(),
  /** `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts (server/secrets/cipher.ts). */
  sealed: text('sealed').notNull(),
  /** Which key sealed it: the first 12 hex digits of the key's SHA-256, so a worker with another key says so. */
  keyId: text('key_id').notNull(),
  description: text('description'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Hosts an admin allowed ingest.http and webhooks to reach although they resolve to a private, loopback or
 * link-local address (server-side request forgery guard, workers/compute/net/egress.ts).
 */
export const egressHosts = pgTable('egress_hosts', {
  /** A host name or IP literal as written in URLs, lowercase; `*.example.internal` allows its subdomains. */
  host: text('host').primaryKey(),
  note: text('note'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

/**
 * Failed password sign-ins per account and per network address, and the locks they started
 * (server/auth/sign-in-limit.ts): in the database, so every API server counts the same failures.
 */
export const signInLimits = pgTable('sign_in_limits', {
  /** `account` (the key is the lowercased username) or `address` (the key is the caller's address). */
  scope: text('scope').notNull(),
  key: text('key').notNull(),
  /** When each failure still inside the window happened, in ms since the epoch. */
  failures: jsonb('failures').$type<number[]>().notNull().default([]),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] })]);

/** Every stage change of a model version, with who asked and why. */
export const modelStageChanges = pgTable('model_stage_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  modelVersionId: uuid('model_version_id').notNull().references(() => modelVersions.id),
  fromStage: text('from_stage').notNull(),
  toStage: text('to_stage').notNull(),
  reason: text('reason').notNull(),
  actor: text('actor').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

// --- identity ------------------------------------------------------------

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  /** scrypt$N$r$p$salt$hash (base64url parts); null for a user who signs in with tokens only. */
  passwordHash: text('password_hash'),
  /** viewer | editor | admin */
  role: text('role').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: createdAt(),
});

/** Browser sessions: the cookie holds a random secret, the table only its SHA-256. */
export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** API tokens (`hr_…`): shown once, stored as SHA-256, revocable, with an expiry. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  /** The first characters of the token, for telling tokens apart in lists. */
  prefix: text('prefix').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  /**
   * What the token may do: `api` (the tRPC API, as its user's role allows) and/or `predict` (call endpoints that
   * require a token). Tokens made before scopes existed are `api` tokens.
   */
  scopes: text('scopes').array().notNull().default(sql`ARRAY['api']::text[]`),
});

// --- serving -------------------------------------------------------------
// The control plane of model serving (docs/serving.md): an endpoint is a stable name applications call; each
// deployment is one decision about what serves it (strategy + variants), appended, never edited in place
// except for its status. Predict servers follow `endpoints.current_deployment_id` (server/serving/deployments).

export const DEPLOY_STRATEGIES = ['replace', 'canary', 'split', 'shadow'] as const;
export const DEPLOYMENT_STATUSES = ['pending', 'rolling', 'active', 'superseded', 'rolled_back', 'failed'] as const;

export const endpoints = pgTable('endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description'),
  /** Predict calls need a token with the `predict` scope. */
  requireToken: boolean('require_token').notNull().default(false),
  /** Fraction of requests written to the prediction log, 0 to 1. */
  logSampleRate: doublePrecision('log_sample_rate').notNull().default(1),
  /** The deployment serving it now; null before the first deploy. */
  currentDeploymentId: uuid('current_deployment_id').references((): AnyPgColumn => deployments.id),
  /** Bumped on every change predict servers must follow (a deploy, a rollback, a weight shift, a setting). */
  revision: bigint('revision', { mode: 'number' }).notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const deployments = pgTable('deployments', {
  id: uuid('id').primaryKey().defaultRandom(),
  endpointId: uuid('endpoint_id').notNull().references(() => endpoints.id),
  /** 1, 2, 3… per endpoint. */
  number: integer('number').notNull(),
  /** replace | canary | split | shadow */
  strategy: text('strategy', { enum: DEPLOY_STRATEGIES }).notNull(),
  /** [{ name, modelVersionId, weight, role: primary | canary | shadow }] (server/db/repo/endpoints.ts Variant). */
  variants: jsonb('variants').notNull(),
  /** The strategy's settings: canary steps and bounds, the sticky key of a split, the shadow's sample rate. */
  config: jsonb('config').notNull().default({}),
  /** pending | rolling | active | superseded | rolled_back | failed */
  status: text('status', { enum: DEPLOYMENT_STATUSES }).notNull(),
  /** Where a rollback of this deployment returns to (the one it replaced; for a rollback, the restored one's). */
  previousDeploymentId: uuid('previous_deployment_id').references((): AnyPgColumn => deployments.id),
  /** Set on a rollback: the deployment it undid. */
  rollbackOf: uuid('rollback_of').references((): AnyPgColumn => deployments.id),
  /** The Temporal workflow driving a rollout, when one does. */
  workflowId: text('workflow_id'),
  actor: text('actor').notNull(),
  reason: text('reason'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [uniqueIndex('deployments_endpoint_number').on(t.endpointId, t.number)]);

/**
 * What predict servers saw, per endpoint, deployment, variant and time window: each predict server process adds
 * one row per variant that served (or shadowed) requests in a window, off the request path. Rollouts judge a canary
 * from these rows, and the endpoint page shows traffic, latency, errors and shadow agreement from them.
 */
export const servingWindows = pgTable('serving_windows', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  endpoint: text('endpoint').notNull(),
  deploymentId: uuid('deployment_id'),
  variant: text('variant').notNull(),
  /** primary | canary | shadow */
  role: text('role').notNull(),
  modelVersionId: uuid('model_version_id'),
  /** The predict server process that saw it (`host:pid`). */
  server: text('server').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
  requests: integer('requests').notNull(),
  /** Requests answered 5xx (or, for a shadow, copies whose inference failed). */
  errors: integer('errors').notNull(),
  /** Latency histogram: counts per upper bound in milliseconds (server/db/repo/serving-windows.ts LATENCY_BOUNDS_MS). */
  latencyCounts: jsonb('latency_counts').notNull(),
  latencySumMs: doublePrecision('latency_sum_ms').notNull(),
  /** Shadow only: copies compared with the answer, agreeing, dropped by a full queue, squared-error sum, latency difference sum. */
  shadow: jsonb('shadow'),
}, (t) => [index('serving_windows_endpoint_end').on(t.endpoint, t.windowEnd)]);

/** What a deployment's rollout did and decided, in order (a canary's steps, checks, advances and rollbacks). */
export const deploymentEvents = pgTable('deployment_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id),
  at: createdAt(),
  /** started | loaded | checked | weights | watch | advance | promote | rollback | succeeded | failed */
  kind: text('kind').notNull(),
  message: text('message').notNull(),
  details: jsonb('details').notNull().default({}),
}, (t) => [index('deployment_events_deployment').on(t.deploymentId, t.id)]);

/** A monitor per endpoint (a `*.monitor.yaml` file or a pipeline's `monitor` section): its spec, applied. */
export const monitors = pgTable('monitors', {
  id: uuid('id').primaryKey().defaultRandom(),
  endpoint: text('endpoint').notNull().unique(),
  /** The checked spec (dsl/monitor.ts MonitorSpec). */
  spec: jsonb('spec').notNull(),
  /** The YAML it came from, and the file. */
  source: text('source'),
  origin: text('origin'),
  /** Bumped on each change of the spec. */
  version: integer('version').notNull().default(1),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One computed monitoring window of an endpoint (server/monitoring/stats/types.ts MonitorWindow, less its features). */
export const monitorWindows = pgTable('monitor_windows', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  endpoint: text('endpoint').notNull(),
  monitorId: uuid('monitor_id').references(() => monitors.id),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
  rows: integer('rows').notNull(),
  modelVersionId: uuid('model_version_id'),
  /** DatasetDrift, the prediction's FeatureDrift (or null), WindowQuality, WindowHealth. */
  dataset: jsonb('dataset').notNull(),
  prediction: jsonb('prediction'),
  quality: jsonb('quality').notNull(),
  health: jsonb('health').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // A window computed again (a retried activity) replaces itself.
  uniqueIndex('monitor_windows_endpoint_span').on(t.endpoint, t.windowStart, t.windowEnd),
  index('monitor_windows_endpoint_end').on(t.endpoint, t.windowEnd),
]);

/** A row per window and feature: its drift statistics. */
export const monitorFeatures = pgTable('monitor_features', {
  windowId: bigint('window_id', { mode: 'number' }).notNull().references(() => monitorWindows.id, { onDelete: 'cascade' }),
  feature: text('feature').notNull(),
  /** numeric | categorical */
  kind: text('kind').notNull(),
  rows: integer('rows').notNull(),
  nulls: integer('nulls').notNull(),
  psi: doublePrecision('psi').notNull(),
  js: doublePrecision('js').notNull(),
  ksStatistic: doublePrecision('ks_statistic'),
  ksPvalue: doublePrecision('ks_pvalue'),
  chi2Statistic: doublePrecision('chi2_statistic'),
  chi2Pvalue: doublePrecision('chi2_pvalue'),
  drifted: boolean('drifted').notNull(),
  reasons: jsonb('reasons').notNull().default([]),
  /** Reference and window shares per bin or category. */
  bins: jsonb('bins').notNull(),
}, (t) => [uniqueIndex('monitor_features_window_feature').on(t.windowId, t.feature)]);

/** Alerts raised by monitors: one per endpoint, window, kind and subject (the dedup key). */
export const monitorAlerts = pgTable('monitor_alerts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  endpoint: text('endpoint').notNull(),
  windowId: bigint('window_id', { mode: 'number' }).references(() => monitorWindows.id, { onDelete: 'set null' }),
  /** drift | prediction_drift | quality | health | lifecycle */
  kind: text('kind').notNull(),
  /** warning | critical */
  severity: text('severity').notNull(),
  /** The feature or metric the alert is about, when one. */
  subject: text('subject'),
  message: text('message').notNull(),
  details: jsonb('details').notNull().default({}),
  dedupKey: text('dedup_key').notNull().unique(),
  /** The silence in force when the alert was raised: stored and shown, never sent. */
  silenceId: bigint('silence_id', { mode: 'number' }),
  createdAt: createdAt(),
}, (t) => [index('monitor_alerts_endpoint_created').on(t.endpoint, t.createdAt)]);

/** A silence: alerts of an endpoint (of one kind, and one subject, when given) raised before `until` are not sent. */
export const monitorSilences = pgTable('monitor_silences', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  endpoint: text('endpoint').notNull(),
  /** drift | prediction_drift | quality | health | lifecycle, or null for every kind. */
  kind: text('kind'),
  subject: text('subject'),
  until: timestamp('until', { withTimezone: true }).notNull(),
  reason: text('reason').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
}, (t) => [index('monitor_silences_endpoint_until').on(t.endpoint, t.until)]);

/** One attempt to deliver an alert to a webhook: the delivery log. */
export const alertDeliveries = pgTable('alert_deliveries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  alertId: bigint('alert_id', { mode: 'number' }).notNull().references(() => monitorAlerts.id, { onDelete: 'cascade' }),
  /** The webhook's name in the monitor spec (its URL may hold a token, so it is never stored). */
  webhook: text('webhook').notNull(),
  attempt: integer('attempt').notNull(),
  ok: boolean('ok').notNull(),
  httpStatus: integer('http_status'),
  error: text('error'),
  durationMs: integer('duration_ms').notNull(),
  at: createdAt(),
}, (t) => [index('alert_deliveries_alert').on(t.alertId, t.id)]);

/**
 * Each firing of a pipeline's retraining trigger, keyed by its cause (`drift:ENDPOINT:WINDOW_START`,
 * `data:SOURCE:HASH@SINCE`, ...) so a storm of alerts or a retried activity starts one run: the run it started, or why
 * it started none (cooldown, duplicate).
 */
export const triggerEvents = pgTable('trigger_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  pipelineId: uuid('pipeline_id').notNull().references(() => pipelines.id),
  /** data | drift | performance */
  kind: text('kind').notNull(),
  key: text('key').notNull(),
  /** started | cooldown | failed */
  outcome: text('outcome').notNull(),
  runId: uuid('run_id'),
  details: jsonb('details').notNull().default({}),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('trigger_events_pipeline_key').on(t.pipelineId, t.key),
  index('trigger_events_pipeline_created').on(t.pipelineId, t.createdAt),
]);

/** The last content hash seen at each new-data trigger's source (polled at the trigger's interval). */
export const triggerSources = pgTable('trigger_sources', {
  pipelineId: uuid('pipeline_id').notNull().references(() => pipelines.id),
  /** The source as declared (a path, glob or URL). */
  source: text('source').notNull(),
  contentHash: text('content_hash').notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('trigger_sources_pipeline_source').on(t.pipelineId, t.source)]);
