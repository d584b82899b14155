// The shape of a step-kind declaration: one definition read by the editor, checker, JSON Schema and worker.
import type { z } from 'zod';
import type { ColumnSchema, ColumnType, ExecutionMode, PortType } from '../plan';
import { TASK_QUEUES } from '../states';

export type StepGroup = 'ingest' | 'validate' | 'prepare' | 'train' | 'evaluate' | 'registry' | 'test';

export interface InputPort {
  type: PortType;
  optional?: boolean;
  description: string;
}

export interface OutputPort {
  type: PortType;
  description: string;
}

export interface RetryDefaults {
  maximumAttempts: number;
  initialIntervalSeconds: number;
  backoffCoefficient: number;
}

export interface ExecutionDefaults {
  taskQueue: (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];
  timeoutSeconds: number;
  heartbeatSeconds?: number;
  retry: RetryDefaults;
}

/** A config value that must name a column of the table arriving on `port`. */
export interface ColumnRef {
  port: string;
  column: string;
  /** Where the value sits inside `with:`, so the checker can point at it. */
  path: (string | number)[];
  /** Column types the step can use there; any type when absent. */
  types?: readonly ColumnType[];
  /** The column name is the map key at `path` (point there), not a value. */
  isKey?: boolean;
}

/** Table schemas per port; `undefined` = not known at compile time. */
export type TableSchemas = Record<string, ColumnSchema[] | undefined>;

// Methods (not function properties) so a StepKind<Specific> is assignable to AnyStepKind.
export interface StepKind<S extends z.ZodType = z.ZodType> {
  kind: string;
  version: number;
  group: StepGroup;
  description: string;
  inputs: Record<string, InputPort>;
  outputs: Record<string, OutputPort>;
  config: S;
  /**
   * How the interpreter runs it: `activity` (default) on a worker of `execution.taskQueue`; `workflow` inside
   * the workflow (timers, signals: `approve`, `wait`); `child` as a child workflow (deployments, sweeps).
   */
  mode?: ExecutionMode;
  /** Config keys holding file paths, resolved against the pipeline's folder at compile time. */
  pathFields: readonly string[];
  execution: ExecutionDefaults;
  /** Scalar metrics a Metrics output carries; gates naming others get a warning. */
  metrics?: readonly string[];
  /** Output table schemas from input table schemas; unknown outputs when absent. */
  schema?(inputs: TableSchemas, config: z.output<S>): TableSchemas;
  columnRefs?(config: z.output<S>): ColumnRef[];
}

export type AnyStepKind = StepKind<z.ZodType>;

export const CPU_QUEUE = TASK_QUEUES.cpu;
export const GPU_QUEUE = TASK_QUEUES.gpu;

export const defaultRetry: RetryDefaults = { maximumAttempts: 3, initialIntervalSeconds: 1, backoffCoefficient: 2 };

export const defaultExecution: ExecutionDefaults = { taskQueue: CPU_QUEUE, timeoutSeconds: 600, retry: defaultRetry };

/** Identity with inference, so each declaration keeps its precise config type. */
export function defineStepKind<S extends z.ZodType>(def: StepKind<S>): StepKind<S> {
  return def;
}
