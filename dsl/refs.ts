// References to artifacts that travel between steps (never the data itself).
// The workflow passes these from one activity's outputs to the next one's inputs.
import { z } from 'zod';
import { ColumnSchema, ColumnType } from './plan';

/**
 * One fitted preprocessing transform of one column (prepare.standardize, .impute, .onehot, .bucketize), with what
 * it learned on the training rows. Applied in order, they turn the raw columns into the table's columns; a trainer
 * compiles them into the exported ONNX model, so the served model takes the raw columns.
 */
export const FittedTransform = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standardize'), column: z.string(), mean: z.number(), std: z.number() }),
  z.object({
    kind: z.literal('impute'), column: z.string(), strategy: z.enum(['mean', 'median', 'most_frequent', 'constant']),
    value: z.union([z.number(), z.string()]),
    /** For a string column: the values seen in training (kept as they are; any other value reads as unknown). */
    known: z.array(z.string()).optional(),
  }),
  z.object({
    kind: z.literal('onehot'), column: z.string(),
    /** Strings for a string column, numbers for a number, integer or boolean (1/0) one; one output column each. */
    categories: z.union([z.array(z.string()), z.array(z.number())]),
    outputs: z.array(z.string()),
  }),
  z.object({ kind: z.literal('bucketize'), column: z.string(), boundaries: z.array(z.number()), outputs: z.array(z.string()) }),
]);
export type FittedTransform = z.infer<typeof FittedTransform>;

/** How a table was derived from raw columns by fitted transforms: what a model trained on it must take. */
export const Preprocessing = z.object({
  /** The table the first transform was fitted on (sha256 hex): the raw training rows. */
  source: z.string(),
  /** Its columns. */
  inputs: z.array(ColumnSchema),
  transforms: z.array(FittedTransform),
});
export type Preprocessing = z.infer<typeof Preprocessing>;

export const TableRef = z.object({
  type: z.literal('Table'),
  /** sha256 hex of the stored Arrow IPC file. */
  hash: z.string(),
  uri: z.string(),
  rows: z.number().int(),
  columns: z.array(ColumnSchema),
  /** Present when prepare.standardize/impute/onehot/bucketize made this table from raw columns. */
  preprocessing: Preprocessing.optional(),
});
export type TableRef = z.infer<typeof TableRef>;

/** One raw column a model with preprocessing takes: an input of that name, [batch, 1]. */
export const ModelColumn = z.object({
  name: z.string(),
  /** float32 for number, integer and boolean (1/0) columns; string for text. */
  type: z.enum(['float32', 'string']),
  /** Whether a missing value is taken (NaN, or '' for text): its transforms fill or ignore it. */
  nullable: z.boolean(),
  /** The column's type in the training table (number, integer, boolean, string). */
  columnType: ColumnType,
});
export type ModelColumn = z.infer<typeof ModelColumn>;

export const ModelSignature = z.object({
  /** Model input: one float32 tensor [batch, features.length] (absent `columns`). */
  input: z.string(),
  /** The columns a row must carry, in order (with `columns`: the raw ones, strings included). */
  features: z.array(z.string()),
  /** Set when preprocessing is compiled in: one input per raw column, in `features` order (`input` is unused). */
  columns: z.array(ModelColumn).optional(),
  /** With `columns`: the derived feature columns the network itself was trained on. */
  trainedOn: z.array(z.string()).optional(),
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
