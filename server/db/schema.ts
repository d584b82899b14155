// The drizzle schema: the one source of the database's shape (migrations are generated from it).
import { sql } from 'drizzle-orm';
import {
  bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

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
  author: text('author').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('pipeline_versions_pipeline_version').on(t.pipelineId, t.version)]);

export const runs = pgTable('runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  pipelineId: uuid('pipeline_id').notNull().references(() => pipelines.id),
  pipelineVersionId: uuid('pipeline_version_id').notNull().references(() => pipelineVersions.id),
  workflowId: text('workflow_id').notNull().unique(),
  /** queued | running | succeeded | failed | cancelled */
  status: text('status').notNull().default('queued'),
  trigger: text('trigger').notNull().default('manual'),
  params: jsonb('params').notNull().default({}),
  /** The Plan this run executes (params substituted): what the workflow was given. */
  plan: jsonb('plan').notNull(),
  error: text('error'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [index('runs_pipeline_created').on(t.pipelineId, t.createdAt)]);

export const stepRuns = pgTable('step_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  runId: uuid('run_id').notNull().references(() => runs.id),
  stepId: text('step_id').notNull(),
  attempt: integer('attempt').notNull(),
  kind: text('kind').notNull(),
  /** running | succeeded | failed | skipped | cancelled */
  status: text('status').notNull(),
  outputs: jsonb('outputs'),
  /** Small, human-facing facts about the step (rows dropped, epochs, device…). */
  summary: jsonb('summary'),
  error: text('error'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  durationMs: integer('duration_ms'),
}, (t) => [uniqueIndex('step_runs_run_step_attempt').on(t.runId, t.stepId, t.attempt)]);

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
  notes: text('notes'),
  /** Where it came from: run, step, pipeline version, training summary. */
  lineage: jsonb('lineage').notNull().default({}),
  runId: uuid('run_id').references(() => runs.id),
  stepId: text('step_id'),
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
