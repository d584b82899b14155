// Output shapes of model.*.
import { z } from 'zod';

export const Stage = z.enum(['none', 'staging', 'production', 'archived']);

export const ModelVersionOut = z.object({
  id: z.string().uuid(),
  modelId: z.string().uuid(),
  name: z.string(),
  version: z.number().int(),
  stage: Stage,
  artifactUri: z.string(),
  artifactHash: z.string(),
  framework: z.string(),
  signature: z.unknown(),
  /** Hashes of the tables the model was trained on. */
  trainingDatasets: z.array(z.string()),
  metrics: z.record(z.string(), z.number()),
  tags: z.record(z.string(), z.string()),
  notes: z.string().nullable(),
  /** Run, step, pipeline, training summary, evaluation document, and the gate the metrics passed. */
  lineage: z.record(z.string(), z.unknown()),
  runId: z.string().uuid().nullable(),
  stepId: z.string().nullable(),
  createdAt: z.date(),
});

export const StageChangeOut = z.object({
  id: z.number().int(),
  modelVersionId: z.string().uuid(),
  fromStage: z.string(),
  toStage: z.string(),
  reason: z.string(),
  actor: z.string(),
  at: z.date(),
});

export const ModelVersionDetail = ModelVersionOut.extend({ stageChanges: z.array(StageChangeOut) });

export const ModelOut = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.date(),
  versionCount: z.number().int(),
  /** The newest version in each stage that has one. */
  latest: z.object({ none: ModelVersionOut.optional(), staging: ModelVersionOut.optional(), production: ModelVersionOut.optional(), archived: ModelVersionOut.optional() }),
});

const Side = z.object({
  version: z.number().int(),
  id: z.string().uuid(),
  stage: z.string(),
  createdAt: z.date(),
  artifactHash: z.string(),
  runId: z.string().uuid().nullable(),
  trainingDatasets: z.array(z.string()),
  lineage: z.record(z.string(), z.unknown()),
});

export const CompareOut = z.object({
  name: z.string(),
  a: Side,
  b: Side,
  metrics: z.array(z.object({ metric: z.string(), a: z.number().nullable(), b: z.number().nullable(), delta: z.number().nullable() })),
});
