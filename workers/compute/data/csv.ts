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

/** Rows in a file of `total` bytes from b[0] on, estimated from the mean line length of a sample of up to 64 KiB
 *  of `b` from `from`. */
function estimateRows(b: Uint8Array, from: number, total: number): number {
  const end = Math.min(b.length, from + 65536);
  let lines = 0;
  for (let j = from; j < end; j++) if (b[j] === NL) lines++;
  if (end >= total) return lines + 1;
  if (end === from || lines === 0) return 1024; // no line seen yet: grown by doubling
  return Math.ceil(((total - from) / ((end - from) / Math.max(1, lines))) * 1.1);
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

/** What the tokenizer has built so far; a file read in parts keeps it from one part to the next. */
interface ScanState {
  D: number;
  nm: ReturnType<typeof nullMatcher>;
  nullMax: number;
  maxRecord: number;
  names: string[];
  decl: Uint8Array;
  cap: number;
  rows: number;
  rowStarts: Int32Array;
  ends: (Int32Array | null)[];
  textOffsets: (Int32Array | null)[];
  textData: (Uint8Array | null)[];
  textW: Int32Array;
  valid: Uint8Array[];
  values: (Float64Array | Int32Array | Uint8Array | null)[];
  bad: BadValues[];
  mode: Uint8Array;
  allInt: boolean[];
  nulls: number[];
  malformed: BadValues;
}

function checkDelimiter(delimiter: string): number {
  const D = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || D > 127 || D === QUOTE || D === NL || D === CR) {
    throw new Error(`bad CSV delimiter ${JSON.stringify(delimiter)}: expected one ASCII character`);
  }
  return D;
}

/** Past a BOM (at the file's start) and blank lines: where the first record starts, `len` when none does. */
function firstRecord(b: Uint8Array, atFileStart: boolean): number {
  const len = b.length;
  let i = atFileStart && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < len && (b[i] === NL || (b[i] === CR && (i + 1 === len || b[i + 1] === NL)))) i++;
  return i;
}

/**
 * The state for a file of `total` bytes whose first record (the header, or the first data row) starts at `i` in
 * `b`, and where its data rows start in `b`.
 */
function beginScan(b: Uint8Array, i: number, total: number, opts: CsvOptions): { st: ScanState; from: number } {
  const D = checkDelimiter(opts.delimiter);
  const len = b.length;
  const maxRecord = opts.maxRecordBytes ?? MAX_CSV_RECORD_BYTES;
  const head = scanRecord(b, i, D);
  if (Math.min(head.next, len) - i > maxRecord) throw new CsvRecordTooLong(0, Math.min(head.next, len) - i, maxRecord);
  const first = head.cells.map(([s, e]) => cellText(b, s, e));
  const names = opts.header ? uniqueNames(first) : first.map((_, k) => `column${k + 1}`);
  if (opts.header) i = head.next; // else the first record is data: scan it again below
  const ncols = names.length;
  // Capacity from the first 64 KiB of data rows (+10%); doubled if the guess is short.
  const cap = estimateRows(b, i, total) + 16;
  const decl = Uint8Array.from(names, (n) => { const t = opts.declared?.[n]; return t ? DECL_OF[t] : Decl.NONE; });
  // Cell ends are kept only where an undeclared column may turn out text: for it, and for
  // the column before it (a cell starts after the previous one's end). Declared string
  // columns are copied during the scan (textData / textOffsets).
  const undeclared = (c: number) => c < ncols && decl[c] === Decl.NONE;
  const isText = (c: number) => decl[c] === Decl.STRING;
  const nm = nullMatcher(opts.nullValues);
  const st: ScanState = {
    D, nm, nullMax: nm.maxLen, maxRecord, names, decl, cap, rows: 0,
    rowStarts: new Int32Array(cap),
    ends: names.map((_, c) => (undeclared(c) || undeclared(c + 1) ? new Int32Array(cap) : null)),
    textOffsets: names.map((_, c) => (isText(c) ? new Int32Array(cap + 1) : null)),
    // First guess: the column's share of the file; grown by doubling when short.
    textData: names.map((_, c) => (isText(c) ? new Uint8Array(Math.ceil((total - i) / ncols) + 64) : null)),
    textW: new Int32Array(ncols),
    valid: names.map(() => new Uint8Array(cap).fill(1)),
    values: names.map((_, c) => {
      const k = decl[c];
      return k === Decl.STRING ? null : k === Decl.INTEGER ? new Int32Array(cap) : k === Decl.BOOLEAN ? new Uint8Array(cap) : new Float64Array(cap);
    }),
    bad: names.map(() => emptyBad()),
    mode: new Uint8Array(ncols),
    allInt: names.map(() => true),
    nulls: names.map(() => 0),
    malformed: emptyBad(),
  };
  return { st, from: i };
}

const emptyCells = (b: Uint8Array): CsvCells => ({
  bytes: b, names: [], rows: 0, rowStarts: new Int32Array(0), ends: [], valid: [], nulls: [], mode: new Uint8Array(0), values: [], bad: [], allInt: [], malformed: emptyBad(), text: [],
});

/** The cells of a whole file in memory. */
export function tokenizeCsv(input: Uint8Array, opts: CsvOptions): CsvCells {
  checkDelimiter(opts.delimiter);
  const i = firstRecord(input, true);
  if (i >= input.length) return emptyCells(input);
  const { st, from } = beginScan(input, i, input.length, opts);
  scanRecords(st, input, from, input.length, 0, true);
  return finishScan(st, input);
}

/**
 * The same cells from a file read in parts, so that its bytes are never all in memory at once (ingest.csv reads a
 * file whose columns are all declared this way). Each `feed` takes the file's bytes from where the last one stopped
 * and tokenizes the whole records at their start; what it did not consume (a record the bytes end inside) comes
 * again at the start of the next call, so the caller can read into one buffer and move the rest to its front. Row
 * starts and cell ends are offsets in the whole file, as tokenizeCsv gives them; `bytes` of the result is empty.
 */
export class CsvPartsTokenizer {
  private st?: ScanState;
  /** File offset of the next byte fed. */
  private base = 0;
  private started = false;
  /** A record already longer than the limit: kept, not scanned again, until the file ends. */
  private holding = false;
  private readonly D: number;

  constructor(
    private readonly opts: CsvOptions,
    /** The file's size, for the first guess of its rows. */
    private readonly total: number,
  ) {
    this.D = checkDelimiter(opts.delimiter);
  }

  /** Tokenizes the whole records at the start of `b`; answers how many bytes it consumed (all of them when final). */
  feed(b: Uint8Array, final: boolean): number {
    const consumed = this.scan(b, final);
    this.base += consumed;
    return consumed;
  }

  /** The cells, once the file's last bytes were fed with `final`. */
  finish(): CsvCells {
    return this.st ? finishScan(this.st, new Uint8Array(0)) : emptyCells(new Uint8Array(0));
  }

  private scan(b: Uint8Array, final: boolean): number {
    let from = 0;
    if (!this.started) {
      from = firstRecord(b, this.base === 0);
      // Nothing but a BOM or blank lines yet (a CR at the end may start a record: it comes again).
      if (from >= b.length && !final) return b[b.length - 1] === CR ? b.length - 1 : b.length;
      if (from >= b.length) {
        this.started = true;
        return b.length;
      }
      // The first record must be whole to be read as the header.
      if (!final && endOfFirstRecord(b, from, this.D) < 0) return 0;
      this.started = true;
      ({ st: this.st, from } = beginScan(b, from, this.total - this.base, this.opts));
    }
    const st = this.st;
    if (!st) return b.length;
    // A record longer than the limit fails the file when it ends (as tokenizeCsv would); meanwhile it is only kept.
    if (this.holding && !final) return from;
    const limit = final ? b.length : b.lastIndexOf(NL) + 1;
    if (limit <= from) return from;
    const mark = snapshot(st);
    const stop = scanRecords(st, b, from, limit, this.base, final);
    if (stop < 0) return limit;
    // A record went on past these bytes: back to where they started, and read up to that record.
    restore(st, mark);
    if (stop > from) scanRecords(st, b, from, stop, this.base, final);
    else if (b.length - from > st.maxRecord) this.holding = true;
    return stop;
  }
}

/** The column names a file starting with `b` has (its header, or column1… without one); undefined when its first
 *  record does not end in `b`. */
export function csvColumnNames(b: Uint8Array, opts: Pick<CsvOptions, 'delimiter' | 'header'>, final: boolean): string[] | undefined {
  const D = checkDelimiter(opts.delimiter);
  const i = firstRecord(b, true);
  if (i >= b.length) return final ? [] : undefined;
  if (!final && endOfFirstRecord(b, i, D) < 0) return undefined;
  const first = scanRecord(b, i, D).cells.map(([s, e]) => cellText(b, s, e));
  return opts.header ? uniqueNames(first) : first.map((_, k) => `column${k + 1}`);
}

/** The end (after its newline) of the record starting at `i`, read as the tokenizer reads it; -1 when it does not end in `b`. */
function endOfFirstRecord(b: Uint8Array, i: number, D: number): number {
  const { next } = scanRecord(b, i, D);
  return next <= b.length && b[next - 1] === NL ? next : -1;
}

interface Mark {
  rows: number;
  mode: Uint8Array;
  allInt: boolean[];
  nulls: number[];
  textW: Int32Array;
  values: ScanState['values'];
  bad: number[][];
  malformed: number[];
}

/** What a part's scan may change beyond its own rows, to undo it when the part ends inside a record. */
function snapshot(st: ScanState): Mark {
  const counts = (b: BadValues) => [b.count, b.rows.length];
  return {
    rows: st.rows, mode: st.mode.slice(), allInt: [...st.allInt], nulls: [...st.nulls], textW: st.textW.slice(),
    values: [...st.values], bad: st.bad.map(counts), malformed: counts(st.malformed),
  };
}

function restore(st: ScanState, m: Mark): void {
  const cut = (b: BadValues, [count, kept]: number[]) => {
    b.count = count;
    b.rows.length = kept;
    b.examples.length = kept;
  };
  // The record the part ended in wrote at index st.rows too.
  for (const v of st.valid) v.fill(1, m.rows, Math.min(v.length, st.rows + 1));
  st.rows = m.rows;
  st.mode.set(m.mode);
  m.allInt.forEach((x, c) => (st.allInt[c] = x));
  m.nulls.forEach((x, c) => (st.nulls[c] = x));
  st.textW.set(m.textW);
  // A column that turned text in the undone rows gets its values back, as long as the others have grown since.
  m.values.forEach((x, c) => {
    if (st.values[c] === null && x !== null) st.values[c] = x.length < st.cap ? grow(x, st.cap) : x;
  });
  st.bad.forEach((b, c) => cut(b, m.bad[c]));
  cut(st.malformed, m.malformed);
}

/**
 * Tokenizes the records of `input` from `from` (a record start) up to `limit` (a record start, or the end of the
 * part), `base` being the file offset of input[0]. Returns -1, or, when a part that is not the file's last ends
 * inside a quoted field, the start of that field's record (the state then holds part of that record: restore it).
 */
function scanRecords(st: ScanState, input: Uint8Array, from: number, limit: number, base: number, final: boolean): number {
  const b = input;
  const len = b.length;
  const { D, nm, nullMax, maxRecord, decl, ends, textOffsets, textData, textW, valid, values, bad, mode, allInt, nulls, malformed } = st;
  const ncols = st.names.length;
  let { cap, rows, rowStarts } = st;
  let i = from;
  try {
    // The hot loop: everything in locals (no closures), one byte test per character.
    while (i < limit) {
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
      rowStarts[rows] = base + i;
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
          // A quoted field that runs past the end of a part that is not the file's last: its record is incomplete.
          if (broken && !final) return recordStart;
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
        // The record goes on in the next part (also when a quote closed the part: it may be the first of a pair).
        if (j >= len && !final) return recordStart;
        const last = j >= len || b[j] === NL;
        if (f < ncols) {
          const e = last && j > i && b[j - 1] === CR ? j - 1 : j;
          const ef = ends[f];
          if (ef !== null) ef[rows] = base + e;
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
  } finally {
    st.cap = cap;
    st.rows = rows;
    st.rowStarts = rowStarts;
  }
  return -1;
}

function finishScan(st: ScanState, bytes: Uint8Array): CsvCells {
  const { rows, textOffsets, textData, textW } = st;
  const cut = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => a.subarray(0, rows) as T;
  const text = textOffsets.map((o, c) => (o ? { offsets: o.subarray(0, rows + 1), data: textData[c]!.subarray(0, textW[c]) } : null));
  return {
    bytes, names: st.names, rows, rowStarts: cut(st.rowStarts), ends: st.ends.map((a) => (a ? cut(a) : null)), valid: st.valid.map(cut), nulls: st.nulls,
    mode: st.mode, values: st.values.map((a) => (a ? cut(a) : null)), bad: st.bad, allInt: st.allInt, malformed: st.malformed, text,
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
