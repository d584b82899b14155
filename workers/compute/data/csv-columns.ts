// Tokenized CSV (csv.ts) → one typed Arrow vector per column. The tokenizer already
// parsed every cell of number/boolean/date columns; here we pick the column type
// (declared, else inferred) and copy string cells' bytes into Arrow Utf8. Declared
// types were applied during tokenizing, with misfits counted there.
import type * as arrow from 'apache-arrow';
import type { ColumnType } from '../../../dsl/plan';
import { columnToVector, utf8Vector, type Column } from './columns';
import { emptyBad, type BadValues } from './convert';
import { Mode, unquote, type CsvCells } from './csv';

export interface ConvertedVector {
  name: string;
  type: ColumnType;
  inferred: ColumnType;
  nulls: number;
  bad: BadValues;
  vector: arrow.Vector;
}

function inferredType(cells: CsvCells, c: number): ColumnType {
  switch (cells.mode[c]) {
    case Mode.NUMBER: return cells.allInt[c] ? 'integer' : 'number';
    case Mode.BOOLEAN: return 'boolean';
    case Mode.DATE: return 'date';
    default: return 'string'; // text, or no value at all
  }
}

export function convertCells(cells: CsvCells, c: number, declared?: ColumnType): ConvertedVector {
  const name = cells.names[c];
  const n = cells.rows;
  const valid = cells.valid[c];
  const nulls = cells.nulls[c];
  const inferred = inferredType(cells, c);
  const type = declared ?? inferred;
  if (type === 'string') {
    const text = cells.text[c];
    const vector = text ? utf8Vector(text.offsets, text.data, nulls > 0 ? valid : null) : stringVector(cells, c);
    return { name, type, inferred, nulls, bad: emptyBad(), vector };
  }

  // The tokenizer parsed every cell as the declared type (counting misfits in `bad`),
  // or as the inferred one: either way the values are ready.
  const values = cells.values[c]!;
  const bad = declared ? cells.bad[c] : emptyBad();
  const anyNull = nulls > 0 || bad.count > 0;
  // Declared integers and booleans are already Int32 / bytes; inferred ones are narrowed here.
  let out: Float64Array | Int32Array | Uint8Array = values;
  if (type === 'integer' && !(values instanceof Int32Array)) (out = new Int32Array(n)).set(values);
  else if (type === 'boolean' && !(values instanceof Uint8Array)) (out = new Uint8Array(n)).set(values);
  const column = { name, type, values: out, valid: anyNull ? valid : null } as Column;
  return { name, type, inferred, nulls, bad, vector: columnToVector(column) };
}

const QUOTE = 34;

/**
 * Copies the cells' bytes straight into an Arrow Utf8 buffer (quoted cells unescaped).
 * Cell starts come from the previous column's ends, so sizing touches no file bytes;
 * the raw sizes bound the output (unquoting only shrinks), and one pass copies.
 */
function stringVector(cells: CsvCells, c: number): arrow.Vector {
  // An undeclared column and the one before it always have their ends (csv.ts keeps them).
  const b = cells.bytes, E = cells.ends[c]!, valid = cells.valid[c];
  const prev = c === 0 ? cells.rowStarts : cells.ends[c - 1]!;
  const add = c === 0 ? 0 : 1;
  const n = cells.rows;
  let bound = 0;
  for (let r = 0; r < n; r++) if (valid[r]) bound += E[r] - (prev[r] + add);
  const data = new Uint8Array(bound);
  const offsets = new Int32Array(n + 1);
  let w = 0;
  for (let r = 0; r < n; r++) {
    if (valid[r]) {
      const s = prev[r] + add, e = E[r];
      if (b[s] === QUOTE) w += unquote(b, s, e, data, w);
      else if (e - s > 24) { data.set(b.subarray(s, e), w); w += e - s; }
      else for (let x = s; x < e; x++) data[w++] = b[x];
    }
    offsets[r + 1] = w;
  }
  return utf8Vector(offsets, data.subarray(0, w), cells.nulls[c] > 0 ? valid : null);
}
