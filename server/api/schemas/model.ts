// Output shapes of model.*.
import { z } from 'zod';
import { isoDate } from './date';

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
  /** This version's description (from the register step) and free notes. */
  description: z.string().nullable(),
  notes: z.string().nullable(),
  /** Run, step, pipeline, training summary, evaluation document, and the gate the metrics passed. */
  lineage: z.record(z.string(), z.unknown()),
  runId: z.string().uuid().nullable(),
  stepId: z.string().nullable(),
  /** When the training step's succeeded attempt started and ended (null on versions registered before). */
  trainingStartedAt: isoDate().nullable(),
  trainingFinishedAt: isoDate().nullable(),
  /** The trainer's runtime figures: epochs, final loss, device, rows, milliseconds. */
  runtime: z.record(z.string(), z.union([z.number(), z.string()])),
  /** The training step's resolved config. */
  hyperparameters: z.record(z.string(), z.unknown()),
  /** The model's inputs in order, with their types in the training table. */
  features: z.array(z.object({ name: z.string(), type: z.string() })),
  pipelineVersionId: z.string().uuid().nullable(),
  sourceHash: z.string().nullable(),
  /** Governance: who asked for the run that registered it, why, and the run's approval decisions. */
  registeredBy: z.string().nullable(),
  reason: z.string().nullable(),
  approvals: z.array(z.object({
    step: z.string(), approved: z.boolean(), actor: z.string().nullable(), reason: z.string().nullable(), at: z.string().nullable(),
  })),
  createdAt: isoDate(),
}).meta({ id: 'ModelVersion' });

export const StageChangeOut = z.object({
  id: z.number().int(),
  modelVersionId: z.string().uuid(),
  fromStage: z.string(),
  toStage: z.string(),
  reason: z.string(),
  actor: z.string(),
  at: isoDate(),
}).meta({ id: 'StageChange' });

export const ModelVersionDetail = ModelVersionOut.extend({ stageChanges: z.array(StageChangeOut) }).meta({ id: 'ModelVersionDetail' });

export const ModelOut = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: isoDate(),
  versionCount: z.number().int(),
  /** The newest version in each stage that has one. */
  latest: z.object({ none: ModelVersionOut.optional(), staging: ModelVersionOut.optional(), production: ModelVersionOut.optional(), archived: ModelVersionOut.optional() }),
}).meta({ id: 'Model' });

const Side = z.object({
  version: z.number().int(),
  id: z.string().uuid(),
  stage: z.string(),
  createdAt: isoDate(),
  artifactHash: z.string(),
  runId: z.string().uuid().nullable(),
  trainingDatasets: z.array(z.string()),
  lineage: z.record(z.string(), z.unknown()),
  hyperparameters: z.record(z.string(), z.unknown()),
  runtime: z.record(z.string(), z.union([z.number(), z.string()])),
  pipelineVersionId: z.string().uuid().nullable(),
  sourceHash: z.string().nullable(),
});

export const CompareOut = z.object({
  name: z.string(),
  a: Side,
  b: Side,
  metrics: z.array(z.object({ metric: z.string(), a: z.number().nullable(), b: z.number().nullable(), delta: z.number().nullable() })),
});
