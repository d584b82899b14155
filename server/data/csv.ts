// A tight RFC 4180 CSV tokenizer that writes straight into per-column string arrays.
// Hand-written rather than uDSV because uDSV assumes well-formed input: a short row
// silently swallows the next line, and we must count and report malformed rows.
// Malformed rows (field count ≠ header) are KEPT: missing fields become null, extra
// fields are dropped, and the row numbers are reported so validate.table fails on them.
import { emptyBad, noteBad, type BadValues } from './convert';

export interface CsvOptions {
  delimiter: string;
  header: boolean;
}

export interface CsvParsed {
  names: string[];
  /** columns[c][r]: raw text, or undefined where a malformed row had no such field. */
  columns: (string | undefined)[][];
  rows: number;
  /** Rows whose field count differs from the header's (or with an unterminated quote). */
  malformed: BadValues;
}

const QUOTE = 34, CR = 13, NL = 10;

export function parseCsv(input: string, opts: CsvOptions): CsvParsed {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // drop a UTF-8 BOM
  const len = text.length;
  const delim = opts.delimiter;
  if (delim.length === 0 || delim === '"' || delim === '\n' || delim === '\r') throw new Error(`bad CSV delimiter ${JSON.stringify(delim)}`);
  const dlen = delim.length;
  let pos = 0;
  let fields: string[] = [];
  let broken = false; // current record has an unterminated quote

  // Reads one record starting at `pos` into `fields` (via `sink`); returns false at EOF.
  const readRecord = (sink: (i: number, v: string) => void): number => {
    let n = 0;
    broken = false;
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = len;
    for (;;) {
      if (text.charCodeAt(pos) === QUOTE) {
        // Quoted field: may contain delimiters, "" escapes and newlines.
        let p = pos + 1;
        let value = '';
        for (;;) {
          const q = text.indexOf('"', p);
          if (q < 0) { value += text.slice(p); pos = len; broken = true; break; }
          if (text.charCodeAt(q + 1) === QUOTE) { value += text.slice(p, q + 1); p = q + 2; continue; }
          value += text.slice(p, q);
          pos = q + 1;
          break;
        }
        if (pos > lineEnd) { lineEnd = text.indexOf('\n', pos); if (lineEnd < 0) lineEnd = len; }
        // Text between the closing quote and the next delimiter is kept verbatim.
        const d = text.indexOf(delim, pos);
        const end = d < 0 || d > lineEnd ? lineEnd : d;
        let tailEnd = end;
        if (end === lineEnd && tailEnd > pos && text.charCodeAt(tailEnd - 1) === CR) tailEnd--;
        if (tailEnd > pos) value += text.slice(pos, tailEnd);
        sink(n++, value);
        if (end === lineEnd) { pos = lineEnd + 1; return n; }
        pos = end + dlen;
      } else {
        const d = text.indexOf(delim, pos);
        if (d < 0 || d > lineEnd) {
          let e = lineEnd;
          if (e > pos && text.charCodeAt(e - 1) === CR) e--;
          sink(n++, text.slice(pos, e));
          pos = lineEnd + 1;
          return n;
        }
        sink(n++, text.slice(pos, d));
        pos = d + dlen;
      }
    }
  };

  const isBlankLine = (): boolean => {
    const c = text.charCodeAt(pos);
    return c === NL || (c === CR && text.charCodeAt(pos + 1) === NL) || (c === CR && pos + 1 === len);
  };
  const skipBlank = (): void => {
    while (pos < len && isBlankLine()) pos = text.indexOf('\n', pos) + 1 || len;
  };

  skipBlank();
  let names: string[];
  let firstData: string[] | null = null;
  if (pos >= len) return { names: [], columns: [], rows: 0, malformed: emptyBad() };
  fields = [];
  readRecord((i, v) => { fields[i] = v; });
  if (opts.header) {
    names = uniqueNames(fields);
  } else {
    names = fields.map((_, i) => `column${i + 1}`);
    firstData = fields;
  }
  const ncols = names.length;
  const columns: (string | undefined)[][] = names.map(() => []);
  const malformed = emptyBad();
  let rows = 0;

  const finish = (n: number, start: number): void => {
    rows++;
    for (let c = n; c < ncols; c++) columns[c].push(undefined);
    if (n !== ncols || broken) noteBad(malformed, rows, text.slice(start, Math.min(pos, start + 200)).replace(/\r?\n$/, ''));
  };
  const push = (i: number, v: string): void => {
    if (i < ncols) columns[i].push(v);
  };

  if (firstData) {
    for (let c = 0; c < ncols; c++) columns[c].push(firstData[c]);
    rows = 1;
  }
  for (;;) {
    skipBlank();
    if (pos >= len) break;
    const start = pos;
    finish(readRecord(push), start);
  }
  return { names, columns, rows, malformed };
}

/** Empty or repeated header names get a stable, unique name (a table needs unique columns). */
function uniqueNames(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((r, i) => {
    let name = r.trim() === '' ? `column${i + 1}` : r;
    for (let k = 2; seen.has(name); k++) name = `${r}_${k}`;
    seen.add(name);
    return name;
  });
}
