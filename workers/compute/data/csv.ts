// A tight RFC 4180 CSV tokenizer over UTF-8 bytes. It records each cell's end offset
// per column and creates no string per cell. While a cell's bytes are still in cache it
// also marks nulls and parses the cell as the type the column's first value suggests
// (number, then true/false, then ISO date); a later misfit makes the column a string
// column, whose bytes csv-columns.ts copies into Arrow from the recorded offsets.
// Hand-written rather than uDSV because uDSV assumes well-formed input: a short row
// silently swallows the next line, and we must count and report malformed rows.
// Malformed rows (field count ≠ header, unterminated quote) are KEPT: missing fields
// become null, extra fields are dropped, and the row numbers are reported so that
// validate.table fails on them.
import { lastWasInt, parseBoolBytes, parseDateBytes, parseNumberBytes } from './bytes';
import { cellText, isNullCell, nullMatcher, parseCell, unquote } from './cells';
import type { ColumnType } from '../../../dsl/plan';
import { emptyBad, noteBad, type BadValues } from './convert';

export { cellText, parseCell, unquote } from './cells';

/** The longest record (a line, or several when a quoted field holds newlines) a CSV may have: 16 MiB. Past it the
 *  file is refused (CsvRecordTooLong), since such a record is almost always an unterminated quote that swallowed
 *  the rest of the file, and one cell that size is no column of a table. */
export const MAX_CSV_RECORD_BYTES = 16 * 1024 * 1024;

/** A record longer than the limit: `row` is its data row number (0 for the header). */
export class CsvRecordTooLong extends Error {
  constructor(
    readonly row: number,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${row === 0 ? 'the header' : `row ${row}`} is ${bytes} bytes long, more than the ${limit} bytes a CSV record may have`);
  }
}

export interface CsvOptions {
  /** One ASCII character. */
  delimiter: string;
  header: boolean;
  /** Cells read as null (compared byte for byte, after unquoting). */
  nullValues: string[];
  /** Declared column types by name: parsed leniently in the same pass; misfits become
   *  null and are counted in `bad` (see convert.ts for the rules). */
  declared?: Record<string, ColumnType | undefined>;
  /** Longest record accepted (default MAX_CSV_RECORD_BYTES); a longer one throws CsvRecordTooLong. */
  maxRecordBytes?: number;
}

export interface CsvCells {
  bytes: Uint8Array;
  names: string[];
  rows: number;
  /** Byte offset where each row starts (= start of its first cell). */
  rowStarts: Int32Array;
  /** Per column, per row: the cell's end offset; -1 when a malformed row lacks the field.
   *  A cell starts one byte after the previous column's end (the delimiter), so only ends
   *  are stored: one store per cell keeps the tokenizer near memory speed. Null unless the
   *  column or the next one is undeclared (only those may be cut into strings later). */
  ends: (Int32Array | null)[];
  /** Per column: 1 where the cell has a value, 0 where null (null value or missing). */
  valid: Uint8Array[];
  nulls: number[];
  /** Per column: what every non-null cell parsed as (see Mode). */
  mode: Uint8Array;
  /** Per column: the parsed values (numbers, 0/1, ms since epoch) of the declared type,
   *  else of the inferred one; null for string columns. Declared integers are Int32 and
   *  declared booleans bytes already (the Arrow layout), anything else Float64. */
  values: (Float64Array | Int32Array | Uint8Array | null)[];
  /** Per column: cells that did not fit the declared type (stored as null, not in `nulls`). */
  bad: BadValues[];
  /** Per declared string column: its cells as Arrow Utf8 (offsets, unquoted bytes), copied
   *  during the scan; null for other columns. */
  text: ({ offsets: Int32Array; data: Uint8Array } | null)[];
  /** Per column: every number had integer syntax and fits Int32. */
  allInt: boolean[];
  malformed: BadValues;
}

const QUOTE = 34, CR = 13, NL = 10;
/** Column modes found while tokenizing: no value yet, number, boolean, date, string. */
export const Mode = { NONE: 0, NUMBER: 1, BOOLEAN: 2, DATE: 3, STRING: 4 } as const;
/** Declared kinds: Mode's kinds plus integer (0 = not declared). */
const Decl = { NONE: 0, NUMBER: 1, BOOLEAN: 2, DATE: 3, STRING: 4, INTEGER: 5 } as const;
const DECL_OF: Record<ColumnType, number> = { number: Decl.NUMBER, boolean: Decl.BOOLEAN, date: Decl.DATE, string: Decl.STRING, integer: Decl.INTEGER };
const decoder = new TextDecoder('utf-8');

/** Scans one record at `i`: its cells and the position after it (used for the header). */
function scanRecord(b: Uint8Array, i: number, D: number): { cells: [number, number][]; next: number } {
  const len = b.length;
  const cells: [number, number][] = [];
  for (;;) {
    let start = i, j = i;
    if (b[j] === QUOTE) {
      start = ~i;
      for (j++; j < len; j++) {
        if (b[j] !== QUOTE) continue;
        if (b[j + 1] === QUOTE) { j++; continue; }
        j++;
        break;
      }
    }
    while (j < len && b[j] !== D && b[j] !== NL) j++;
    const last = j >= len || b[j] === NL;
    cells.push([start, last && j > i && b[j - 1] === CR ? j - 1 : j]);
    i = j + 1;
    if (last) return { cells, next: i };
  }
}

/** Rows in the file, estimated from the mean line length of a 64 KiB sample. */
function estimateRows(b: Uint8Array, from: number): number {
  const end = Math.min(b.length, from + 65536);
  let lines = 0;
  for (let j = from; j < end; j++) if (b[j] === NL) lines++;
  if (end === b.length) return lines + 1;
  return Math.ceil(((b.length - from) / ((end - from) / Math.max(1, lines))) * 1.1);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

const strictBool = (b: Uint8Array, s: number, e: number): number => parseBoolBytes(b, s, e, true);
const lenientBool = (b: Uint8Array, s: number, e: number): number => parseBoolBytes(b, s, e, false);

function growBytes(a: Uint8Array, need: number): Uint8Array {
  const x = new Uint8Array(Math.max(need, a.length * 2));
  x.set(a);
  return x;
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(a: T, cap: number, fill = 0): T {
  const x = new (a.constructor as new (n: number) => T)(cap);
  if (fill) x.fill(fill, a.length);
  x.set(a);
  return x;
}

export function tokenizeCsv(input: Uint8Array, opts: CsvOptions): CsvCells {
  const D = opts.delimiter.charCodeAt(0);
  if (opts.delimiter.length !== 1 || D > 127 || D === QUOTE || D === NL || D === CR) {
    throw new Error(`bad CSV delimiter ${JSON.stringify(opts.delimiter)}: expected one ASCII character`);
  }
  const b = input;
  const len = b.length;
  const nm = nullMatcher(opts.nullValues);
  const nullMax = nm.maxLen;
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < len && (b[i] === NL || (b[i] === CR && (i + 1 === len || b[i + 1] === NL)))) i++;
  if (i >= len) return { bytes: b, names: [], rows: 0, rowStarts: new Int32Array(0), ends: [], valid: [], nulls: [], mode: new Uint8Array(0), values: [], bad: [], allInt: [], malformed: emptyBad(), text: [] };
  const maxRecord = opts.maxRecordBytes ?? MAX_CSV_RECORD_BYTES;
  const head = scanRecord(b, i, D);
  if (Math.min(head.next, len) - i > maxRecord) throw new CsvRecordTooLong(0, Math.min(head.next, len) - i, maxRecord);
  const first = head.cells.map(([s, e]) => cellText(b, s, e));
  const names = opts.header ? uniqueNames(first) : first.map((_, k) => `column${k + 1}`);
  if (opts.header) i = head.next; // else the first record is data: scan it again below
  const ncols = names.length;
  // Capacity from the first 64 KiB of data rows (+10%); doubled if the guess is short.
  let cap = estimateRows(b, i) + 16;
  let rowStarts = new Int32Array(cap);
  const decl = Uint8Array.from(names, (n) => { const t = opts.declared?.[n]; return t ? DECL_OF[t] : Decl.NONE; });
  // Cell ends are kept only where an undeclared column may turn out text: for it, and for
  // the column before it (a cell starts after the previous one's end). Declared string
  // columns are copied during the scan (textData / textOffsets).
  const undeclared = (c: number) => c < ncols && decl[c] === Decl.NONE;
  const ends = names.map((_, c) => (undeclared(c) || undeclared(c + 1) ? new Int32Array(cap) : null));
  const isText = (c: number) => decl[c] === Decl.STRING;
  const textOffsets = names.map((_, c) => (isText(c) ? new Int32Array(cap + 1) : null));
  // First guess: the column's share of the file; grown by doubling when short.
  const textData: (Uint8Array | null)[] = names.map((_, c) => (isText(c) ? new Uint8Array(Math.ceil((len - i) / ncols) + 64) : null));
  const textW = new Int32Array(ncols);
  const valid = names.map(() => new Uint8Array(cap).fill(1));
  const values: (Float64Array | Int32Array | Uint8Array | null)[] = names.map((_, c) => {
    const k = decl[c];
    return k === Decl.STRING ? null : k === Decl.INTEGER ? new Int32Array(cap) : k === Decl.BOOLEAN ? new Uint8Array(cap) : new Float64Array(cap);
  });
  const bad = names.map(() => emptyBad());
  const mode = new Uint8Array(ncols);
  const allInt = names.map(() => true);
  const nulls = names.map(() => 0);
  const malformed = emptyBad();
  let rows = 0;

  // The hot loop: everything in locals (no closures), one byte test per character.
  while (i < len) {
    const c0 = b[i];
    if (c0 === NL) { i++; continue; } // blank line
    if (c0 === CR && (i + 1 === len || b[i + 1] === NL)) { i += 2; continue; }
    if (rows === cap) {
      cap *= 2;
      rowStarts = grow(rowStarts, cap);
      for (let c = 0; c < ncols; c++) {
        const ec = ends[c];
        if (ec) ends[c] = grow(ec, cap);
        valid[c] = grow(valid[c], cap, 1);
        const vc = values[c];
        if (vc) values[c] = grow(vc, cap);
        const tc = textOffsets[c];
        if (tc) textOffsets[c] = grow(tc, cap + 1);
      }
    }
    rowStarts[rows] = i;
    const recordStart = i;
    let f = 0;
    let broken = false;
    for (;;) {
      let j = i;
      let quoted = false;
      if (b[j] === QUOTE) {
        quoted = broken = true;
        for (j++; j < len; j++) {
          if (b[j] !== QUOTE) continue;
          if (b[j + 1] === QUOTE) { j++; continue; }
          j++;
          broken = false;
          break;
        }
      }
      // Fast path for plain decimals ([-]digits[.digits], ≤ 15 digits) in numeric columns:
      // parsed while scanning for the delimiter; anything else falls back below.
      let fast = NaN, fastEnd = -1, fastInt = false;
      const dk = f < ncols ? decl[f] : Decl.NONE;
      if (!quoted && f < ncols && (mode[f] <= Mode.NUMBER || dk === Decl.NUMBER || dk === Decl.INTEGER)) {
        let k = i;
        const neg = b[k] === 45;
        if (neg) k++;
        const d0 = k;
        let mant = 0, dot = -1;
        for (; k < len; k++) {
          const d = b[k] - 48;
          if (d >= 0 && d <= 9) mant = mant * 10 + d;
          else if (d === -2 && dot < 0) dot = k; // '.'
          else break;
        }
        const nd = k - d0 - (dot < 0 ? 0 : 1);
        if (nd >= 1 && nd <= 15) {
          fast = dot < 0 ? mant : mant / POW10[k - dot - 1];
          if (neg) fast = -fast;
          fastEnd = k;
          fastInt = dot < 0 && fast >= -2147483648 && fast <= 2147483647;
        }
        j = k;
      }
      while (j < len) {
        const c = b[j];
        if (c === D || c === NL) break;
        j++;
      }
      const last = j >= len || b[j] === NL;
      if (f < ncols) {
        const e = last && j > i && b[j - 1] === CR ? j - 1 : j;
        const ef = ends[f];
        if (ef !== null) ef[rows] = e;
        if ((quoted || e - i <= nullMax) && isNullCell(nm, b, i, e)) {
          valid[f][rows] = 0;
          nulls[f]++;
        } else {
          const m = mode[f];
          const s = quoted ? ~i : i;
          // Inference (every column: the summary reports the inferred type even when one
          // is declared). `got` is the kind v was parsed as, so a declared parse reuses it.
          let v = NaN, got: number = Mode.NONE;
          if (m !== Mode.STRING) {
            if (m === Mode.NUMBER || m === Mode.NONE) {
              let isInt: boolean;
              if (fastEnd === e) { v = fast; isInt = fastInt; }
              else { v = s >= 0 ? parseNumberBytes(b, s, e) : parseCell(parseNumberBytes, b, s, e); isInt = lastWasInt; }
              if (v === v) { got = Mode.NUMBER; if (!isInt) allInt[f] = false; if (m === Mode.NONE) mode[f] = Mode.NUMBER; }
            }
            if (m === Mode.BOOLEAN || (m === Mode.NONE && v !== v)) {
              v = s >= 0 ? parseBoolBytes(b, s, e, true) : parseCell(strictBool, b, s, e);
              if (v === v) { got = Mode.BOOLEAN; if (m === Mode.NONE) mode[f] = Mode.BOOLEAN; }
            }
            if (m === Mode.DATE || (m === Mode.NONE && v !== v)) {
              v = s >= 0 ? parseDateBytes(b, s, e) : parseCell(parseDateBytes, b, s, e);
              if (v === v) { got = Mode.DATE; if (m === Mode.NONE) mode[f] = Mode.DATE; }
            }
            if (v !== v) {
              // A misfit after values of another kind (or a first value of no kind): text.
              mode[f] = Mode.STRING;
              if (dk === Decl.NONE) values[f] = null;
            } else if (dk === Decl.NONE) values[f]![rows] = v;
          }
          if (dk !== Decl.NONE && dk !== Decl.STRING) {
            // The declared type, applied leniently, in the same pass (no second parse).
            let dv: number;
            if (dk === Decl.NUMBER || dk === Decl.INTEGER) {
              dv = got === Mode.NUMBER ? v : fastEnd === e ? fast : s >= 0 ? parseNumberBytes(b, s, e) : parseCell(parseNumberBytes, b, s, e);
              if (dk === Decl.INTEGER && !(Number.isInteger(dv) && dv >= -2147483648 && dv <= 2147483647)) dv = NaN;
            } else if (dk === Decl.DATE) dv = got === Mode.DATE ? v : s >= 0 ? parseDateBytes(b, s, e) : parseCell(parseDateBytes, b, s, e);
            else dv = got === Mode.BOOLEAN ? v : s >= 0 ? parseBoolBytes(b, s, e, false) : parseCell(lenientBool, b, s, e);
            if (dv === dv) values[f]![rows] = dv;
            else {
              valid[f][rows] = 0; // stored as null, and reported
              noteBad(bad[f], rows + 1, cellText(b, s, e));
            }
          }
        }
        if (dk === Decl.STRING) {
          // A declared string column's bytes go into its Arrow buffer while in cache.
          let w = textW[f];
          if (valid[f][rows] === 1) {
            let out = textData[f]!;
            if (w + (e - i) > out.length) textData[f] = out = growBytes(out, w + (e - i));
            if (quoted) w += unquote(b, i, e, out, w);
            else if (e - i > 24) { out.set(b.subarray(i, e), w); w += e - i; }
            else for (let x = i; x < e; x++) out[w++] = b[x];
            textW[f] = w;
          }
          textOffsets[f]![rows + 1] = w;
        }
      }
      f++;
      i = j + 1;
      if (last) break;
    }
    for (let c = f; c < ncols; c++) {
      const ec = ends[c];
      if (ec !== null) ec[rows] = -1;
      const tc = textOffsets[c];
      if (tc !== null) tc[rows + 1] = textW[c];
      valid[c][rows] = 0;
      nulls[c]++;
    }
    rows++;
    if ((i > len ? len : i) - recordStart > maxRecord) throw new CsvRecordTooLong(rows, (i > len ? len : i) - recordStart, maxRecord);
    if (f !== ncols || broken) {
      const stop = Math.min(i > len ? len : i, recordStart + 200);
      noteBad(malformed, rows, decoder.decode(b.subarray(recordStart, stop)).replace(/\r?\n$/, ''));
    }
  }
  const cut = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => a.subarray(0, rows) as T;
  const text = textOffsets.map((o, c) => (o ? { offsets: o.subarray(0, rows + 1), data: textData[c]!.subarray(0, textW[c]) } : null));
  return {
    bytes: b, names, rows, rowStarts: cut(rowStarts), ends: ends.map((a) => (a ? cut(a) : null)), valid: valid.map(cut), nulls,
    mode, values: values.map((a) => (a ? cut(a) : null)), bad, allInt, malformed, text,
  };
}

/** Empty or repeated header names get a stable, unique name (a table needs unique columns). */
function uniqueNames(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((r, k) => {
    let name = r.trim() === '' ? `column${k + 1}` : r;
    for (let x = 2; seen.has(name); x++) name = `${r}_${x}`;
    seen.add(name);
    return name;
  });
}
