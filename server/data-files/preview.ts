// The first rows of a CSV or JSON file under a data root, and the column types ingestion would infer for it,
// so a form can show the file and declare its columns. Types follow ingestion's rules
// (workers/compute/data/README.md): a column is what every non-null value parses as: integer (integer syntax,
// fits Int32), else number, else boolean (true/false, any case), else an ISO 8601 date or date-time, else string.
// They are inferred from the first rows (up to SAMPLE_BYTES), which the answer says.
import { open, stat } from 'node:fs/promises';
import { ServiceError } from '../services/errors';
import { DATA_FILE } from './list';
import { confined } from './roots';

export type ColumnType = 'number' | 'integer' | 'string' | 'boolean' | 'date';
export type Cell = string | number | boolean | null;

const NULLS = new Set(['', 'NA', 'N/A', 'null', 'NaN']);
/** Bytes read from the start of the file for the rows and the types. */
export const SAMPLE_BYTES = 1 << 20;
const MAX_SAMPLE_ROWS = 5000;

export interface FilePreview {
  path: string;
  size: number;
  format: 'csv' | 'json' | 'jsonl';
  /** The ingest kind that reads it. */
  kind: 'ingest.csv' | 'ingest.json';
  columns: Array<{ name: string; type: ColumnType; nulls: number }>;
  /** The first `limit` rows, cells as written (CSV) or as parsed (JSON). */
  rows: Array<Record<string, Cell>>;
  /** Rows the types were inferred from, and whether that was the whole file. */
  sampledRows: number;
  wholeFile: boolean;
}

export async function previewFile(path: string, roots: readonly string[], opts: { limit: number; delimiter?: string }): Promise<FilePreview> {
  const real = confined(path, roots);
  const info = await stat(real);
  if (!info.isFile()) throw new ServiceError('BAD_REQUEST', `${path} is not a file`);
  if (!DATA_FILE.test(real)) throw new ServiceError('BAD_REQUEST', `${path} is not a CSV or JSON file (.csv, .tsv, .txt, .json, .jsonl, .ndjson)`);
  const fh = await open(real, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(Math.min(info.size, SAMPLE_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    text = buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
  const wholeFile = info.size <= SAMPLE_BYTES;
  const lower = real.toLowerCase();
  const base = { path: real, size: info.size };
  if (lower.endsWith('.json')) {
    if (!wholeFile) {
      // A JSON array cannot be read in part: the objects whose text ends inside the sample are kept.
      const cut = text.lastIndexOf('}');
      text = cut > 0 ? `${text.slice(0, cut + 1)}]` : '[]';
    }
    let records: unknown;
    try {
      records = JSON.parse(text);
    } catch (err) {
      throw new ServiceError('BAD_REQUEST', `${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!Array.isArray(records)) throw new ServiceError('BAD_REQUEST', `${path} is not a JSON array of objects`);
    return { ...base, format: 'json', kind: 'ingest.json', ...fromRecords(records, opts.limit), wholeFile };
  }
  if (/\.(jsonl|ndjson)$/.test(lower)) {
    const lines = text.split('\n');
    if (!wholeFile) lines.pop(); // a line cut by the sample's end
    const records = lines.filter((l) => l.trim() !== '').slice(0, MAX_SAMPLE_ROWS).map((l, i) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        throw new ServiceError('BAD_REQUEST', `${path} line ${i + 1} is not valid JSON`);
      }
    });
    return { ...base, format: 'jsonl', kind: 'ingest.json', ...fromRecords(records, opts.limit), wholeFile };
  }
  const delimiter = opts.delimiter ?? (lower.endsWith('.tsv') ? '\t' : ',');
  const records = parseCsv(text, delimiter, !wholeFile);
  const [header = [], ...body] = records;
  const names = header.map((h, i) => h.trim() || `column${i + 1}`);
  const sample = body.slice(0, MAX_SAMPLE_ROWS);
  const columns = names.map((name, c) => ({ name, ...inferColumn(sample.map((r) => r[c] ?? '')) }));
  const rows = sample.slice(0, opts.limit).map((r) => Object.fromEntries(names.map((n, c) => [n, cellOf(r[c] ?? '')])));
  return { ...base, format: 'csv', kind: 'ingest.csv', columns, rows, sampledRows: sample.length, wholeFile: wholeFile && sample.length === body.length };
}

const cellOf = (s: string): Cell => (NULLS.has(s) ? null : s);

function fromRecords(records: unknown[], limit: number) {
  const objects = records.slice(0, MAX_SAMPLE_ROWS).filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r));
  const names: string[] = [];
  for (const o of objects) for (const k of Object.keys(o)) if (!names.includes(k)) names.push(k);
  const columns = names.map((name) => ({ name, ...inferJson(objects.map((o) => o[name])) }));
  const rows = objects.slice(0, limit).map((o) =>
    Object.fromEntries(names.map((n) => [n, o[n] === undefined || o[n] === null ? null : typeof o[n] === 'object' ? JSON.stringify(o[n]) : (o[n] as Cell)])),
  );
  return { columns, rows, sampledRows: objects.length };
}

/** JSON values keep their own types: numbers are integer or number, strings may still be dates. */
function inferJson(values: unknown[]): { type: ColumnType; nulls: number } {
  let nulls = 0;
  const kinds = new Set<ColumnType>();
  for (const v of values) {
    if (v === null || v === undefined) nulls++;
    else if (typeof v === 'number') kinds.add(Number.isInteger(v) && Math.abs(v) <= 2147483647 ? 'integer' : 'number');
    else if (typeof v === 'boolean') kinds.add('boolean');
    else if (typeof v === 'string') kinds.add(isDate(v) ? 'date' : 'string');
    else kinds.add('string');
  }
  return { type: joinKinds(kinds), nulls };
}

/** CSV cells are text: the narrowest type every non-null cell parses as. */
export function inferColumn(cells: string[]): { type: ColumnType; nulls: number } {
  let nulls = 0;
  const kinds = new Set<ColumnType>();
  for (const s of cells) {
    if (NULLS.has(s)) nulls++;
    else kinds.add(kindOf(s));
  }
  return { type: joinKinds(kinds), nulls };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function kindOf(s: string): ColumnType {
  if (s.length <= 64 && NUMBER.test(s)) {
    const v = Number(s);
    return INTEGER.test(s) && v >= -2147483648 && v <= 2147483647 ? 'integer' : 'number';
  }
  const l = s.toLowerCase();
  if (l === 'true' || l === 'false') return 'boolean';
  return isDate(s) ? 'date' : 'string';
}

const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T')));

function joinKinds(kinds: Set<ColumnType>): ColumnType {
  if (kinds.size === 0) return 'string';
  if (kinds.size === 1) return [...kinds][0];
  if ([...kinds].every((k) => k === 'integer' || k === 'number')) return 'number';
  return 'string';
}

/** RFC 4180 records (quoted fields, doubled quotes, CRLF). `dropLast`: the text was cut, so its last record may be partial. */
export function parseCsv(text: string, delimiter: string, dropLast: boolean): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') (field += '"'), i++;
        else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) (record.push(field), (field = ''));
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      if (records.length > MAX_SAMPLE_ROWS + 1) return records;
    } else field += ch;
  }
  if (!dropLast && (field !== '' || record.length > 0)) records.push([...record, field]);
  return records;
}
