// The pipeline AST: typed views over the YAML Document that keep every key's and value's node for positions.
import type { Document, LineCounter, Node, YAMLMap } from 'yaml';

/** A map entry; `value` is null only when the YAML had no value node at all. */
export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | null;
}

export interface Located<T> {
  value: T;
  node: Node;
}

export interface ParamAst {
  name: string;
  entry: Entry;
  type?: string;
  default?: Located<unknown>;
}

export interface StepInputAst {
  port: string;
  keyNode: Node;
  valueNode: Node | null;
  /** The reference text when it is a string. */
  ref?: string;
  /** Set when `ref` has the `step.port` shape. */
  step?: string;
  output?: string;
}

export interface GateAst {
  metric: string;
  keyNode: Node;
  valueNode: Node | null;
  raw: unknown;
}

export interface StepAst {
  id: string;
  entry: Entry;
  /** The step's body, when it is a map. */
  map?: YAMLMap;
  entries: Entry[];
  uses?: Located<string>;
  inputs: StepInputAst[];
  with?: Entry;
  needs: Located<string>[];
  when?: Located<string>;
  retry?: Entry;
  timeout?: Entry;
  resources?: Entry;
  gate: GateAst[];
  gateEntry?: Entry;
  cache?: Entry;
  /** A sweep: `matrix:`, `parallelism:`, `select:`. */
  matrix?: Entry;
  parallelism?: Entry;
  select?: Entry;
}

export interface PipelineAst {
  source: string;
  doc: Document;
  lineCounter: LineCounter;
  /** The top-level map, when the document is one. */
  root?: YAMLMap;
  entries: Entry[];
  name?: Located<string>;
  description?: string;
  params: ParamAst[];
  paramsEntry?: Entry;
  triggers?: Entry;
  stepsEntry?: Entry;
  steps: StepAst[];
  /** A limit of DSL_LIMITS (or an alias that cannot be read) refused the file: it has a located error and is not checked. */
  refused?: true;
}
