// Preprocessing transforms on tables: fit one per column on the training rows (fit*), and apply a fitted one
// (applyTransform). The arithmetic is float32, step by step, exactly as the ONNX graph the trainer compiles from
// the same transforms (workers/compute/ml/preprocess-graph.ts): a row gives the same features in the pipeline
// and in the served model.
import type * as arrow from 'apache-arrow';
import type { FittedTransform } from '../../../dsl/refs';
import { DataError } from '../errors';
import { columnFromVector, columnToVector, tableFromVectors, type Column } from './columns';

const f32 = Math.fround;

type NumericColumn = Extract<Column, { type: 'number' | 'integer' | 'boolean' }>;

/** One column of the table in our form (only that one is converted), and its position. */
function find(table: arrow.Table, name: string): { column: Column; at: number } {
  const names = table.schema.fields.map((f) => f.name);
  const at = names.indexOf(name);
  if (at < 0) throw new DataError(`no column ${JSON.stringify(name)} (columns: ${names.map((n) => JSON.stringify(n)).join(', ')})`);
  return { column: columnFromVector(name, table.getChildAt(at)!), at };
}

function numeric(c: Column, what: string): NumericColumn {
  if (c.type === 'number' || c.type === 'integer' || c.type === 'boolean') return c;
  throw new DataError(`${what} takes number, integer or boolean columns; "${c.name}" is ${c.type}`);
}

const present = (c: Column, i: number) => c.valid === null || c.valid[i] === 1;

/** The column's non-null values as float32-rounded numbers. */
function valuesOf(c: NumericColumn): number[] {
  const out: number[] = [];
  for (let i = 0; i < c.values.length; i++) if (present(c, i)) out.push(f32(c.values[i]));
  return out;
}

/** The median by the lower/upper midpoint, as numpy and scikit-learn take it. */
function median(sorted: number[]): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** The most frequent value; ties go to the smallest (numbers) or first in code-point order (strings), as scikit-learn. */
function mostFrequent<T extends number | string>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestN = 0;
  for (const [v, n] of counts) if (n > bestN || (n === bestN && best !== undefined && v < best)) [best, bestN] = [v, n];
  return best;
}

export function fitStandardize(table: arrow.Table, column: string): FittedTransform {
  const c = numeric(find(table, column).column, 'prepare.standardize');
  const v = valuesOf(c);
  if (v.length === 0) throw new DataError(`prepare.standardize: column "${column}" has no values to fit on`);
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  const std = Math.sqrt(ss / v.length);
  // A constant column keeps scale 1 (as scikit-learn): its values become 0.
  return { kind: 'standardize', column, mean: f32(mean), std: std > 0 ? f32(std) : 1 };
}

export function fitImpute(
  table: arrow.Table, column: string, strategy: 'mean' | 'median' | 'most_frequent' | 'constant', constant?: number | string,
): FittedTransform {
  const c = find(table, column).column;
  if (c.type === 'date') throw new DataError(`prepare.impute: column "${column}" is a date; impute takes numbers, integers, booleans and text`);
  if (c.type === 'string') {
    if (strategy === 'mean' || strategy === 'median') {
      throw new DataError(`prepare.impute: strategy ${strategy} needs a numeric column; "${column}" is text (use most_frequent or constant)`);
    }
    const seen = c.values.filter((_, i) => present(c, i));
    const known = [...new Set(seen)].sort();
    const value = strategy === 'constant' ? String(constant) : mostFrequent(seen);
    if (value === undefined) throw new DataError(`prepare.impute: column "${column}" has no values to fit on`);
    return { kind: 'impute', column, strategy, value, known };
  }
  if (strategy === 'constant') {
    if (typeof constant !== 'number') throw new DataError(`prepare.impute: column "${column}" is ${c.type}; its constant must be a number, not ${JSON.stringify(constant)}`);
    return { kind: 'impute', column, strategy, value: f32(constant) };
  }
  const v = valuesOf(c);
  if (v.length === 0) throw new DataError(`prepare.impute: column "${column}" has no values to fit on`);
  let value: number;
  if (strategy === 'mean') value = v.reduce((a, b) => a + b, 0) / v.length;
  else if (strategy === 'median') value = median(v.sort((a, b) => a - b));
  else value = mostFrequent(v)!;
  return { kind: 'impute', column, strategy, value: f32(value) };
}

export function fitOnehot(table: arrow.Table, column: string, maxCategories: number): FittedTransform {
  const c = find(table, column).column;
  let categories: string[] | number[];
  if (c.type === 'string') {
    categories = [...new Set(c.values.filter((_, i) => present(c, i)))].sort();
  } else if (c.type === 'integer' || c.type === 'boolean') {
    categories = [...new Set(valuesOf(c))].sort((a, b) => a - b);
  } else {
    throw new DataError(`prepare.onehot takes text, integer or boolean columns; "${column}" is ${c.type} (cut numbers with prepare.bucketize)`);
  }
  if (categories.length === 0) throw new DataError(`prepare.onehot: column "${column}" has no values to fit on`);
  if (categories.length > maxCategories) {
    throw new DataError(`prepare.onehot: column "${column}" has ${categories.length} distinct values, more than maxCategories ${maxCategories}`);
  }
  const outputs = (categories as Array<string | number>).map((k) => `${column}=${k}`);
  return { kind: 'onehot', column, categories, outputs };
}

/** Cut points at the quantiles k/buckets of the values (k = 1 … buckets−1), repeated ones dropped. */
export function fitBucketize(table: arrow.Table, column: string, opts: { boundaries?: number[]; buckets: number }): FittedTransform {
  const c = numeric(find(table, column).column, 'prepare.bucketize');
  let boundaries: number[];
  if (opts.boundaries) {
    boundaries = opts.boundaries.map(f32);
    if (!boundaries.every((b, i) => Number.isFinite(b) && (i === 0 || b > boundaries[i - 1]))) {
      throw new DataError(`prepare.bucketize: boundaries must be finite and ascending, got [${opts.boundaries.join(', ')}]`);
    }
  } else {
    const v = valuesOf(c).sort((a, b) => a - b);
    if (v.length === 0) throw new DataError(`prepare.bucketize: column "${column}" has no values to fit on`);
    const cuts = Array.from({ length: opts.buckets - 1 }, (_, k) => v[Math.min(v.length - 1, Math.floor(((k + 1) * v.length) / opts.buckets))]);
    boundaries = [...new Set(cuts)].filter((b) => b > v[0]);
    if (boundaries.length === 0) throw new DataError(`prepare.bucketize: column "${column}" has a single value; there is nothing to cut`);
  }
  const fmt = (b: number) => String(Number(b.toPrecision(7)));
  const outputs = [
    `${column}<${fmt(boundaries[0])}`,
    ...boundaries.slice(1).map((b, i) => `${column}[${fmt(boundaries[i])},${fmt(b)})`),
    `${column}>=${fmt(boundaries.at(-1)!)}`,
  ];
  return { kind: 'bucketize', column, boundaries, outputs };
}

/** A float column (nulls kept where `valid` says) named `name`. */
const floatColumn = (name: string, values: Float64Array, valid: Uint8Array | null): Column => ({ name, type: 'number', values, valid });

/** The columns that replace the transformed one. */
function transformColumn(c: Column, t: FittedTransform): Column[] {
  const n = c.values.length;
  switch (t.kind) {
    case 'standardize': {
      const x = numeric(c, 'prepare.standardize');
      const [mean, std] = [f32(t.mean), f32(t.std)];
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = present(x, i) ? f32(f32(f32(x.values[i]) - mean) / std) : 0;
      return [floatColumn(c.name, out, x.valid)];
    }
    case 'impute': {
      if (c.type === 'string') {
        const values = c.values.map((v, i) => (present(c, i) ? v : String(t.value)));
        return [{ name: c.name, type: 'string', values, valid: null }];
      }
      const x = numeric(c, 'prepare.impute');
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = present(x, i) ? f32(x.values[i]) : f32(Number(t.value));
      return [floatColumn(c.name, out, null)];
    }
    case 'onehot': {
      const outs = t.outputs.map(() => new Float64Array(n));
      const index = new Map<string | number, number>((t.categories as Array<string | number>).map((k, j) => [k, j]));
      for (let i = 0; i < n; i++) {
        if (!present(c, i)) continue; // missing: all zeros
        const v = c.type === 'string' ? c.values[i] : f32(Number(c.values[i]));
        const j = index.get(v);
        if (j !== undefined) outs[j][i] = 1; // unknown: all zeros
      }
      return t.outputs.map((name, j) => floatColumn(name, outs[j], null));
    }
    case 'bucketize': {
      const x = numeric(c, 'prepare.bucketize');
      const outs = t.outputs.map(() => new Float64Array(n));
      const b = t.boundaries.map(f32);
      for (let i = 0; i < n; i++) {
        if (!present(x, i)) continue; // missing: all zeros
        const v = f32(x.values[i]);
        let j = 0;
        while (j < b.length && v >= b[j]) j++;
        outs[j][i] = 1;
      }
      return t.outputs.map((name, j) => floatColumn(name, outs[j], null));
    }
  }
}

/** The table with the transform applied: its column replaced in place by the column(s) it gives. */
export function applyTransform(table: arrow.Table, t: FittedTransform): arrow.Table {
  const { column, at } = find(table, t.column);
  const made = transformColumn(column, t);
  // The other columns keep their Arrow vectors as they are: only the transformed one is converted.
  const others = table.schema.fields.map((f, i) => ({ name: f.name, vector: table.getChildAt(i)! }));
  const clash = made.find((m) => m.name !== t.column && others.some((c) => c.name === m.name));
  if (clash) throw new DataError(`${t.kind} of "${t.column}" makes a column "${clash.name}", which the table already has`);
  const replaced = made.map((m) => ({ name: m.name, vector: columnToVector(m) }));
  return tableFromVectors([...others.slice(0, at), ...replaced, ...others.slice(at + 1)]);
}
