// References to artifacts that travel between steps (never the data itself).
// The workflow passes these from one activity's outputs to the next one's inputs.
import { z } from 'zod';
import { ColumnSchema } from './plan';

export const TableRef = z.object({
  type: z.literal('Table'),
  /** sha256 hex of the stored Arrow IPC file. */
  hash: z.string(),
  uri: z.string(),
  rows: z.number().int(),
  columns: z.array(ColumnSchema),
});
export type TableRef = z.infer<typeof TableRef>;

export const ModelSignature = z.object({
  /** Model input: one float32 tensor [batch, features.length]. */
  input: z.string(),
  features: z.array(z.string()),
  /** Outputs: `label` (int64 class index) and `probabilities` (float32 [batch, classes]). */
  outputs: z.array(z.string()),
  target: z.string(),
  classes: z.array(z.string()),
});
export type ModelSignature = z.infer<typeof ModelSignature>;

export const ModelRef = z.object({
  type: z.literal('Model'),
  hash: z.string(),
  uri: z.string(),
  framework: z.literal('onnx'),
  signature: ModelSignature,
  /** Hashes of the tables the model was trained on (lineage). */
  trainingDatasets: z.array(z.string()),
  /** Training summary: epochs run, final loss, device used. */
  training: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type ModelRef = z.infer<typeof ModelRef>;

export const MetricsRef = z.object({
  type: z.literal('Metrics'),
  /** Scalar metrics, the names gates refer to (accuracy, logLoss, macroF1, …). */
  values: z.record(z.string(), z.number()),
  /** Full evaluation document (per-class figures, confusion matrix) stored as JSON. */
  hash: z.string().optional(),
  uri: z.string().optional(),
});
export type MetricsRef = z.infer<typeof MetricsRef>;

export const ReportRef = z.object({
  type: z.literal('Report'),
  ok: z.boolean(),
  hash: z.string(),
  uri: z.string(),
  summary: z.string(),
});
export type ReportRef = z.infer<typeof ReportRef>;

export const ModelVersionRef = z.object({
  type: z.literal('ModelVersion'),
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  stage: z.string(),
});
export type ModelVersionRef = z.infer<typeof ModelVersionRef>;

/** A deployment made by a step: which endpoint now serves which version (docs/serving.md). */
export const DeploymentRef = z.object({
  type: z.literal('Deployment'),
  /** The deployment's id (a row of `deployments`). */
  id: z.string(),
  endpoint: z.string(),
  /** 1, 2, 3… per endpoint. */
  number: z.number().int(),
  strategy: z.string(),
  /** The version it serves. */
  model: z.string(),
  version: z.number().int(),
  modelVersionId: z.string(),
});
export type DeploymentRef = z.infer<typeof DeploymentRef>;

export const ArtifactRef = z.discriminatedUnion('type', [TableRef, ModelRef, MetricsRef, ReportRef, ModelVersionRef, DeploymentRef]);
export type ArtifactRef = z.infer<typeof ArtifactRef>;

/** What one step produced: output port name -> reference. */
export type StepOutputs = Record<string, ArtifactRef>;
