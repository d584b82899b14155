// Turning Arrow tables into the dense float32 matrices the trainers and evaluators consume.
import { DataType, type Table, type Vector } from 'apache-arrow';
import { ConfigError, DataError } from '../errors';

export interface Matrix {
  /** Row-major [rows, features.length]. */
  X: Float32Array;
  rows: number;
  features: string[];
  /**
   * Class index per row (present when a target was given). With given `classes` (evaluation), a label outside them
   * gets −(1 + its index in `unknownLabels`), so callers can still tell unknown labels apart.
   */
  y?: Int32Array;
  classes?: string[];
  /** Distinct target labels not in the given `classes` (evaluation only), in order of first appearance. */
  unknownLabels?: string[];
}

function column(table: Table, name: string): Vector {
  const col = table.getChild(name);
  if (!col) throw new DataError(`column "${name}" not found (columns: ${table.schema.fields.map((f) => f.name).join(', ')})`);
  // The pipeline drops nulls upstream (prepare.dropna); guessing a fill value here would silently change the model.
  if (col.nullCount > 0) {
    throw new DataError(`column "${name}" has ${col.nullCount} null value(s); drop them first (prepare.dropna)`);
  }
  return col;
}

/** Copies one numeric/boolean column into column `j` of the row-major matrix X. */
function fillFeature(X: Float32Array, j: number, width: number, col: Vector, name: string): void {
  const type = col.type;
  if (!(DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type))) {
    throw new DataError(`feature "${name}" has type ${type}; only number, integer and boolean columns can be features`);
  }
  let i = 0;
  // Iteration handles every physical layout (chunks, int64 as bigint, float16, bit-packed booleans).
  for (const v of col as Iterable<unknown>) {
    X[i * width + j] = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
    i++;
  }
}

function labelOf(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

/** Sorted class labels: numerically when every label is a number, else by code unit (stable across locales). */
export function sortClasses(labels: Iterable<string>): string[] {
  const list = [...new Set(labels)];
  const numeric = list.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b)) : list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Dense float32 matrix of `features` (+ class indices of `target`). Rows with nulls are refused, naming the column.
 * With `opts.classes` (evaluation) labels are mapped onto the model's classes and unknown ones get index -1;
 * otherwise the classes are the sorted distinct labels of the target.
 */
export function tableToMatrix(
  table: Table,
  features: string[],
  target?: string,
  opts: { classes?: string[] } = {},
): Matrix {
  if (features.length === 0) throw new ConfigError('at least one feature column is required');
  const rows = table.numRows;
  const width = features.length;
  const X = new Float32Array(rows * width);
  features.forEach((name, j) => fillFeature(X, j, width, column(table, name), name));
  if (target === undefined) return { X, rows, features: [...features] };
  return { X, rows, features: [...features], ...targetClasses(table, target, opts.classes) };
}

/**
 * The class index of every row's `target` value: onto `classes` when given (unknown labels get −1 − i, i their
 * order of first appearance), else onto the sorted distinct labels.
 */
export function targetClasses(table: Table, target: string, known?: string[]): { y: Int32Array; classes: string[]; unknownLabels: string[] } {
  const rows = table.numRows;
  const labels: string[] = new Array(rows);
  let i = 0;
  for (const v of column(table, target) as Iterable<unknown>) labels[i++] = labelOf(v);
  const classes = known ? [...known] : sortClasses(labels);
  const index = new Map(classes.map((c, k) => [c, k]));
  const y = new Int32Array(rows);
  const unknown = new Map<string, number>();
  for (let r = 0; r < rows; r++) {
    const k = index.get(labels[r]);
    if (k !== undefined) {
      y[r] = k;
      continue;
    }
    if (!unknown.has(labels[r])) unknown.set(labels[r], unknown.size);
    y[r] = -1 - unknown.get(labels[r])!;
  }
  return { y, classes, unknownLabels: [...unknown.keys()] };
}

/** Per-feature mean and standard deviation (population), computed in float64. A constant column gets std 1. */
export function featureStats(X: Float32Array, rows: number, width: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) mean[j] += X[r * width + j];
  for (let j = 0; j < width; j++) mean[j] /= Math.max(rows, 1);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      const d = X[r * width + j] - mean[j];
      std[j] += d * d;
    }
  }
  for (let j = 0; j < width; j++) {
    const s = Math.sqrt(std[j] / Math.max(rows, 1));
    // Dividing by ~0 would blow the column up; a constant feature carries no signal, so leave it centred at 0.
    std[j] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}
