// The shape of a step-kind declaration: one definition read by the editor, checker, JSON Schema and worker.
import type { z } from 'zod';
import type { ColumnSchema, ColumnType, ExecutionMode, PortType } from '../plan';
import { TASK_QUEUES } from '../states';

/** Palette groups in the order they are shown, with their labels. */
export const STEP_GROUPS = [
  { id: 'ingest', label: 'Ingest' },
  { id: 'validate', label: 'Validate' },
  { id: 'prepare', label: 'Prepare' },
  { id: 'train', label: 'Train' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'registry', label: 'Registry' },
  { id: 'deploy', label: 'Deploy' },
  { id: 'control', label: 'Control' },
  { id: 'test', label: 'Test' },
] as const;
export type StepGroup = (typeof STEP_GROUPS)[number]['id'];

export interface InputPort {
  type: PortType;
  optional?: boolean;
  description: string;
}

/**
 * Input ports the pipeline names itself (prepare.sql's tables, each queried by its port name): any number of
 * `in:` entries of this type, at least `minimum`, each named like an SQL identifier.
 */
export interface VariadicInputs {
  type: PortType;
  description: string;
  minimum: number;
}

/** A name a variadic input port may take: an unquoted SQL identifier. */
export const VARIADIC_PORT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  /** A bare SQL identifier: it matches a column whatever its case, as in DuckDB. */
  ignoreCase?: boolean;
}

/** Table schemas per port; `undefined` = not known at compile time. */
export type TableSchemas = Record<string, ColumnSchema[] | undefined>;

// Methods (not function properties) so a StepKind<Specific> is assignable to AnyStepKind. The port maps and the
// mode are type parameters so that a declaration keeps their literal types (see defineStepKind).
export interface StepKind<
  S extends z.ZodType = z.ZodType,
  I extends Record<string, InputPort> = Record<string, InputPort>,
  O extends Record<string, OutputPort> = Record<string, OutputPort>,
  M extends ExecutionMode = ExecutionMode,
> {
  kind: string;
  version: number;
  group: StepGroup;
  description: string;
  inputs: I;
  /** More inputs, named in the pipeline (in addition to `inputs`). */
  variadicInputs?: VariadicInputs;
  outputs: O;
  config: S;
  /**
   * How the interpreter runs it: `activity` (default) on a worker of `execution.taskQueue`; `workflow` inside
   * the workflow (timers, signals: `approve`, `wait`); `child` as a child workflow (deployments, sweeps).
   */
  mode?: M;
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

/**
 * Identity with inference, so each declaration keeps its precise config type, the literal types of its ports and
 * its execution mode (`activity` when it declares none): workers/activities/kinds.ts binds implementations to
 * kinds at compile time from these.
 */
export function defineStepKind<
  S extends z.ZodType,
  I extends Record<string, InputPort>,
  O extends Record<string, OutputPort>,
  M extends ExecutionMode = 'activity',
>(def: StepKind<S, I, O, M>): StepKind<S, I, O, M> {
  return def;
}
