// A table's rows as an exported model's inputs: one float32 [N, F] tensor of the signature's features, or — for a
// model with preprocessing compiled in (signature.columns) — one [N, 1] tensor per raw column, text as strings,
// missing values as NaN or '' where the model takes them and refused by column where it does not.
import type { Table } from 'apache-arrow';
import type { ModelSignature } from '../../../dsl/refs';
import { columnsOf } from '../data/columns';
import { DataError } from '../errors';
import { tableToMatrix } from './matrix';
import { ort } from './onnx/session';
import { MISSING_TEXT } from './preprocess-graph';

export interface ModelFeeds {
  rows: number;
  /** The feeds of rows [start, start + n). */
  feeds(start: number, n: number): Record<string, ort.Tensor>;
}

export function modelFeeds(table: Table, signature: ModelSignature): ModelFeeds {
  const rows = table.numRows;
  if (!signature.columns) {
    const F = signature.features.length;
    const { X } = tableToMatrix(table, signature.features);
    return { rows, feeds: (start, n) => ({ [signature.input]: new ort.Tensor('float32', X.subarray(start * F, (start + n) * F), [n, F]) }) };
  }
  const all = columnsOf(table);
  const inputs = signature.columns.map((want) => {
    const c = all.find((x) => x.name === want.name);
    if (!c) throw new DataError(`column "${want.name}" not found (columns: ${all.map((x) => x.name).join(', ')})`);
    const missing = (i: number) => c.valid !== null && c.valid[i] === 0;
    if (!want.nullable && c.valid !== null) {
      const at = c.valid.indexOf(0);
      if (at >= 0) throw new DataError(`column "${want.name}" is null in row ${at}, and the model takes no missing values there (fill them with prepare.impute, or drop them with prepare.dropna)`);
    }
    if (want.type === 'string') {
      if (c.type !== 'string') throw new DataError(`column "${want.name}" is ${c.type}; the model takes text there`);
      return { name: want.name, text: c.values.map((v, i) => (missing(i) ? MISSING_TEXT : v)) };
    }
    if (c.type === 'string' || c.type === 'date') throw new DataError(`column "${want.name}" is ${c.type}; the model takes numbers there`);
    return { name: want.name, values: Float32Array.from(c.values as ArrayLike<number>, (v, i) => (missing(i) ? NaN : v)) };
  });
  return {
    rows,
    feeds: (start, n) => Object.fromEntries(inputs.map((x) => [x.name, x.text
      ? new ort.Tensor('string', x.text.slice(start, start + n), [n, 1])
      : new ort.Tensor('float32', x.values!.subarray(start, start + n), [n, 1])])),
  };
}

/** The input names the ONNX model must have, in order. */
export function inputNames(signature: ModelSignature): string[] {
  return signature.columns ? signature.columns.map((c) => c.name) : [signature.input];
}

/** One row of zeros (empty text) for every input: what a deployment check runs to see the model answer. */
export function zeroRowFeeds(signature: ModelSignature): Record<string, ort.Tensor> {
  if (!signature.columns) {
    const F = signature.features.length;
    return { [signature.input]: new ort.Tensor('float32', new Float32Array(F), [1, F]) };
  }
  return Object.fromEntries(signature.columns.map((c) => [c.name, c.type === 'string'
    ? new ort.Tensor('string', [MISSING_TEXT], [1, 1])
    : new ort.Tensor('float32', new Float32Array(1), [1, 1])]));
}
