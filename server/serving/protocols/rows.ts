// Row codecs from a model's signature: request rows → the float32 [N, F] matrix the engine takes, with a 400 naming
// the feature and what was expected for each bad input; model outputs → one prediction per row. Pure functions:
// no I/O, no engine, so the three protocols (plain.ts, mlflow.ts, v2.ts) and their tests share one set of rules.
import type { ModelSignature } from '../../../dsl/refs';
import type { ModelOutputs } from '../engine';

/** A refused request: the HTTP status and one sentence saying what was wrong and what was expected. */
export class ProtocolError extends Error {
  constructor(message: string, readonly status: number = 400) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** A model feature with its column type in the training table (model_versions.features). */
export interface FeatureColumn {
  name: string;
  /** number | integer | boolean, or string for a model with preprocessing compiled in (others read as number). */
  type: string;
}

/** What the codecs need of a model version: its signature and its features' types. */
export interface ModelSchema {
  signature: ModelSignature;
  /** model_versions.features; versions registered without it take every feature as a number. */
  features?: FeatureColumn[];
}

/**
 * The engine's input: row-major float32 [rows, signature.features.length] (NaN for a missing value the model
 * takes); a text feature's values are in `text` at its index instead (its X cells are NaN).
 */
export interface Matrix {
  X: Float32Array;
  rows: number;
  text?: Array<string[] | undefined>;
}

/** One row's answer: a classifier's class and the probability of every class, or a regressor's value. */
export type Prediction = ClassPrediction | ValuePrediction;

export interface ClassPrediction {
  label: string;
  probabilities: Record<string, number>;
}

export interface ValuePrediction {
  value: number;
}

export const isValuePrediction = (p: Prediction): p is ValuePrediction => 'value' in p;

/** Whether a model predicts a number: its signature names the `prediction` output (train.mlp and train.linear regressors). */
export const isRegressor = (signature: ModelSignature): boolean => signature.outputs.includes('prediction');

export type FeatureKind = 'number' | 'integer' | 'boolean' | 'text';

/** A feature as the codecs read it: its kind, and whether the model takes a missing value (null) there. */
export interface Feature {
  name: string;
  kind: FeatureKind;
  nullable: boolean;
}

const kindOf = (t: string | undefined): FeatureKind => (t === 'integer' || t === 'boolean' ? t : t === 'string' ? 'text' : 'number');

/** The features in signature order with their kinds (from the signature's raw columns when it has them). */
export function featureKinds(schema: ModelSchema): Feature[] {
  const columns = schema.signature.columns;
  if (columns) return columns.map((c) => ({ name: c.name, kind: kindOf(c.columnType), nullable: c.nullable }));
  const types = new Map((schema.features ?? []).map((f) => [f.name, f.type]));
  return schema.signature.features.map((name) => {
    const t = types.get(name);
    return { name, kind: t === 'integer' || t === 'boolean' ? t : 'number', nullable: false };
  });
}

export function expected(kind: FeatureKind): string {
  return kind === 'integer' ? 'an integer' : kind === 'boolean' ? 'true or false' : kind === 'text' ? 'a string' : 'a number';
}

/** An empty matrix of `rows` rows for these features (text features get their arrays). */
export function emptyMatrix(rows: number, feats: readonly Feature[]): Matrix {
  const X = new Float32Array(rows * feats.length);
  if (!feats.some((f) => f.kind === 'text')) return { X, rows };
  return { X, rows, text: feats.map((f) => (f.kind === 'text' ? new Array<string>(rows) : undefined)) };
}

/** Puts row r's value of feature j into the matrix: a number in X, or a text feature's string in `text`. */
export function setCell(m: Matrix, feats: readonly Feature[], r: number, j: number, v: unknown, where: string): void {
  const f = feats[j];
  if (f.kind !== 'text') {
    m.X[r * feats.length + j] = f.nullable && (v === null || v === undefined) ? NaN : cell(v, f.name, f.kind, where);
    return;
  }
  m.X[r * feats.length + j] = NaN;
  if (v === null || v === undefined) {
    if (!f.nullable) throw new ProtocolError(`Feature "${f.name}" ${where} is null, but the model takes no missing values there (a string expected).`);
    m.text![j]![r] = '';
  } else if (typeof v === 'string') m.text![j]![r] = v;
  else throw new ProtocolError(`Feature "${f.name}" ${where} must be a string, not ${show(v)}.`);
}

function show(v: unknown): string {
  if (typeof v === 'string') {
    const s = JSON.stringify(v);
    return `the string ${s.length > 40 ? `${s.slice(0, 37)}…"` : s}`;
  }
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

const NON_FINITE = new Set(['NaN', 'nan', 'Infinity', '-Infinity', 'inf', '-inf']);

/**
 * One value of feature `name` as the float32 the model reads (booleans as 1/0), or a ProtocolError naming the
 * feature, where it was (`where`, e.g. "in row 3") and what was expected.
 */
export function cell(v: unknown, name: string, kind: Exclude<FeatureKind, 'text'>, where: string): number {
  if (v === null || v === undefined) {
    throw new ProtocolError(`Feature "${name}" ${where} is null, but the model takes no missing values (${expected(kind)} expected).`);
  }
  if (kind === 'boolean') {
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw new ProtocolError(`Feature "${name}" ${where} must be true or false, not ${show(v)}.`);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      throw new ProtocolError(`Feature "${name}" ${where} is ${v}, but the model takes only finite numbers (${expected(kind)} expected).`);
    }
    if (kind === 'integer' && !Number.isInteger(v)) {
      throw new ProtocolError(`Feature "${name}" ${where} must be an integer, not ${v}.`);
    }
    return v;
  }
  if (typeof v === 'string' && NON_FINITE.has(v)) {
    throw new ProtocolError(`Feature "${name}" ${where} is ${v}, but the model takes only finite numbers (${expected(kind)} expected).`);
  }
  throw new ProtocolError(`Feature "${name}" ${where} must be ${expected(kind)}, not ${show(v)}.`);
}

/** A JSON object (not null, not an array): the shape each protocol's body and rows are checked against. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(names: string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, … (${names.length} in all)` : names.join(', ');
}

/** `what` must be a non-empty array (`label` names it in the message, e.g. `"rows"`). */
function nonEmptyArray(v: unknown, label: string, shape: string): unknown[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new ProtocolError(`${label} must be a non-empty array of ${shape}${Array.isArray(v) ? '' : `, not ${v === undefined ? 'missing' : show(v)}`}.`);
  }
  return v;
}

/**
 * Records, one object per row keyed by feature name (the plain `rows`, MLflow `dataframe_records`): every feature
 * present, no other key.
 */
export function recordsToMatrix(records: unknown, schema: ModelSchema, label = '"rows"'): Matrix {
  const feats = featureKinds(schema);
  const known = new Set(feats.map((f) => f.name));
  const items = nonEmptyArray(records, label, 'objects, one per row');
  const m = emptyMatrix(items.length, feats);
  items.forEach((row, r) => {
    if (!isObject(row)) {
      throw new ProtocolError(`Row ${r} must be an object of feature values ({"${feats[0]?.name ?? 'feature'}": …}), not ${show(row)}.`);
    }
    for (const key of Object.keys(row)) {
      if (!known.has(key)) throw new ProtocolError(`Row ${r} has unknown feature "${key}"; the model takes ${list(schema.signature.features)}.`);
    }
    feats.forEach(({ name, kind }, j) => {
      if (!(name in row)) throw new ProtocolError(`Row ${r} is missing feature "${name}" (${expected(kind)}).`);
      setCell(m, feats, r, j, row[name], `in row ${r}`);
    });
  });
  return m;
}

/**
 * Positional rows, one array per row (MLflow `dataframe_split.data`, `instances`/`inputs` as lists of lists).
 * `columns` names the values' order; without it the order is the signature's.
 */
export function positionalToMatrix(data: unknown, schema: ModelSchema, columns?: unknown, label = '"data"'): Matrix {
  const feats = featureKinds(schema);
  const F = feats.length;
  const order = columns === undefined ? feats.map((_, j) => j) : columnOrder(columns, schema);
  const rowsIn = nonEmptyArray(data, label, 'rows (arrays of values)');
  const m = emptyMatrix(rowsIn.length, feats);
  rowsIn.forEach((row, r) => {
    if (!Array.isArray(row)) throw new ProtocolError(`Row ${r} must be an array of ${order.length} values, not ${show(row)}.`);
    if (row.length !== order.length) {
      throw new ProtocolError(columns === undefined
        ? `Row ${r} has ${row.length} value(s), but the model takes ${F} features in this order: ${list(schema.signature.features)}.`
        : `Row ${r} has ${row.length} value(s), but "columns" names ${order.length}.`);
    }
    order.forEach((j, k) => setCell(m, feats, r, j, row[k], `in row ${r}`));
  });
  return m;
}

/** Each column's index in the signature; every feature exactly once, nothing else. */
export function columnOrder(columns: unknown, schema: ModelSchema): number[] {
  const names = schema.signature.features;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
    throw new ProtocolError(`"columns" must be an array of feature names (${list(names)}).`);
  }
  const index = new Map(names.map((n, j) => [n, j]));
  const seen = new Set<string>();
  const order = columns.map((c: string) => {
    const j = index.get(c);
    if (j === undefined) throw new ProtocolError(`Unknown feature "${c}" in "columns"; the model takes ${list(names)}.`);
    if (seen.has(c)) throw new ProtocolError(`Feature "${c}" appears twice in "columns".`);
    seen.add(c);
    return j;
  });
  const kinds = featureKinds(schema);
  const missing = kinds.find((f) => !seen.has(f.name));
  if (missing) throw new ProtocolError(`Feature "${missing.name}" (${expected(missing.kind)}) is missing from "columns".`);
  return order;
}

/** Columnar input, one array of values per feature (TF-serving style `inputs`/`instances` objects). */
export function columnsToMatrix(cols: unknown, schema: ModelSchema, label = '"inputs"'): Matrix {
  const feats = featureKinds(schema);
  if (!isObject(cols)) throw new ProtocolError(`${label} must be an object with one array of values per feature.`);
  const known = new Set(feats.map((f) => f.name));
  for (const key of Object.keys(cols)) {
    if (!known.has(key)) throw new ProtocolError(`Unknown feature "${key}" in ${label}; the model takes ${list(schema.signature.features)}.`);
  }
  let rows = -1;
  for (const { name, kind } of feats) {
    if (!(name in cols)) throw new ProtocolError(`Feature "${name}" (${expected(kind)}) is missing from ${label}.`);
    const v = cols[name];
    if (!Array.isArray(v)) throw new ProtocolError(`Feature "${name}" in ${label} must be an array of values, one per row, not ${show(v)}.`);
    if (rows === -1) rows = v.length;
    else if (v.length !== rows) {
      throw new ProtocolError(`Feature "${name}" in ${label} has ${v.length} value(s) where "${feats[0].name}" has ${rows}; every feature needs one value per row.`);
    }
  }
  if (rows < 1) throw new ProtocolError(`${label} holds no rows; every feature needs at least one value.`);
  const m = emptyMatrix(rows, feats);
  feats.forEach(({ name }, j) => {
    const v = cols[name] as unknown[];
    for (let r = 0; r < rows; r++) setCell(m, feats, r, j, v[r], `in row ${r}`);
  });
  return m;
}

/**
 * One prediction per row from the engine's outputs: `label` (class index, int64 [N]) mapped to the class name and
 * `probabilities` (float32 [N, C]) keyed by class. Without a `label` output the most probable class is the label.
 */
export function toPredictions(outputs: ModelOutputs, signature: ModelSignature): Prediction[] {
  if (isRegressor(signature)) {
    const values = outputs.prediction;
    if (!values) throw new Error('the model gave no "prediction" output');
    const d = values.data as ArrayLike<number>;
    return Array.from({ length: values.dims[0] }, (_, r) => ({ value: Number(d[r]) }));
  }
  const classes = signature.classes;
  const C = classes.length;
  const probs = outputs.probabilities;
  if (!probs) throw new Error('the model gave no "probabilities" output');
  const rows = probs.dims[0];
  if (probs.dims[1] !== C) throw new Error(`the model's probabilities have ${probs.dims[1]} columns for ${C} classes`);
  const p = probs.data as ArrayLike<number>;
  const labels = outputs.label?.data as ArrayLike<bigint | number> | undefined;
  const out: Prediction[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const probabilities: Record<string, number> = {};
    let best = 0;
    for (let c = 0; c < C; c++) {
      probabilities[classes[c]] = p[r * C + c];
      if (p[r * C + c] > p[r * C + best]) best = c;
    }
    const k = labels ? Number(labels[r]) : best;
    if (!(k >= 0 && k < C)) throw new Error(`the model gave class index ${k} for ${C} classes`);
    out[r] = { label: classes[k], probabilities };
  }
  return out;
}
