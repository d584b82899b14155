// ingest.csv / ingest.json: a file → an Arrow table + an ingest summary. Nothing is
// dropped silently: values that do not fit their column's type become null and are
// counted (row numbers + examples); malformed records are kept and reported. The
// summary also travels inside the table (Arrow schema metadata, key `headrace.ingest`)
// so validate.table can report ingest type errors from the TableRef alone.
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type * as arrow from 'apache-arrow';
import { formatBytes } from '../../../dsl/bytes';
import type { ColumnType } from '../../../dsl/plan';
import { columnToVector, tableFromVectors } from './columns';
import { assertInsideRoots } from './confine';
import { DEFAULT_NULL_VALUES, type BadValues } from './convert';
import { csvColumnNames, CsvPartsTokenizer, CsvRecordTooLong, tokenizeCsv, type CsvCells, type CsvOptions } from './csv';
import { convertCells, type ConvertedVector } from './csv-columns';
import { notText, tooManyMalformed } from './garbage';
import { convertJson, parseJsonLines, recordsToColumns } from './json';

export { assertInsideRoots, ConfinementError } from './confine';
export { DEFAULT_NULL_VALUES, type BadValues } from './convert';

export const INGEST_METADATA_KEY = 'headrace.ingest';

export type DeclaredColumns = Record<string, { type: ColumnType }>;

export interface CsvIngestConfig {
  delimiter?: string;
  header?: boolean;
  nullValues?: string[];
  columns?: DeclaredColumns;
  /** More malformed rows than this fail the ingest: a fraction of the rows below 1, else a count; none: no limit. */
  maxMalformedRows?: number;
}

export interface JsonIngestConfig {
  /** Strings read as null (default none: JSON has its own null). */
  nullValues?: string[];
  columns?: DeclaredColumns;
  /** As for CSV: malformed records (not objects, lines that do not parse) above it fail the ingest. */
  maxMalformedRows?: number;
}

export interface IngestOptions {
  /** When given, the file must lie inside one of these folders (symlinks resolved). */
  roots?: string[];
  /** Told how far a long read has come (Parquet: after each row group and column; several files: after each file). */
  onProgress?: (p: IngestProgress) => void;
  /** CSV: the size of the parts a file whose columns are all declared is read in (default CSV_PART_BYTES). */
  partBytes?: number;
}

/** How far a read has come: what it is doing, the rows read so far, and of how many when that is known. */
export interface IngestProgress {
  phase: string;
  rows: number;
  totalRows?: number;
}

export interface IngestColumnSummary {
  name: string;
  /** Type of the column in the table (the declared type when there is one). */
  type: ColumnType;
  inferred: ColumnType;
  declared: ColumnType | null;
  /** Cells that were null in the source (null values, missing fields). */
  nulls: number;
  /** Cells that did not fit `type`: stored as null, counted here. */
  typeErrors: BadValues;
}

export interface IngestSummary {
  format: 'csv' | 'json' | 'jsonl' | 'parquet' | 'arrow' | 'postgres';
  /** File name only: the summary is part of the table's bytes, so no machine paths. */
  file: string;
  bytes: number;
  rows: number;
  columns: IngestColumnSummary[];
  /** CSV rows with the wrong field count / JSON records that are not objects. Kept. */
  malformedRows: BadValues;
  /** A folder or glob read as one table: each file's name below the folder, rows and bytes, in table order. */
  files?: Array<{ file: string; rows: number; bytes: number }>;
}

export interface IngestResult {
  table: arrow.Table;
  summary: IngestSummary;
}

export class IngestError extends Error {
  override name = 'IngestError';
}

/** Reads the file (inside the roots when given); an empty or binary file is refused before any parsing. */
async function readConfined(filePath: string, opts?: IngestOptions): Promise<{ path: string; data: Uint8Array }> {
  const path = opts?.roots ? assertInsideRoots(filePath, opts.roots) : filePath;
  const buf = await readFile(path);
  const data = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const refusal = notText(data, basename(filePath));
  if (refusal) throw new IngestError(refusal);
  return { path, data };
}

function checkMalformed(malformed: BadValues, rows: number, max: number | undefined, file: string, what: string): void {
  const refusal = max === undefined ? undefined : tooManyMalformed(malformed, rows, max, file, what);
  if (refusal) throw new IngestError(refusal);
}

export function checkDeclared(declared: DeclaredColumns | undefined, names: string[], file: string): void {
  const missing = Object.keys(declared ?? {}).filter((c) => !names.includes(c));
  if (missing.length > 0) {
    // The declared schema is a promise to downstream steps; a file that breaks it fails here.
    throw new IngestError(
      `${file}: declared column${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')} not found (columns: ${names.map((m) => JSON.stringify(m)).join(', ')})`,
    );
  }
}

/** The table of converted columns, with its summary in the schema's metadata (every reader ends here). */
export function assemble(
  format: IngestSummary['format'], file: string, bytes: number, rows: number,
  converted: ConvertedVector[], malformed: BadValues, declared: DeclaredColumns | undefined,
): IngestResult {
  const summary: IngestSummary = {
    format,
    file,
    bytes,
    rows,
    columns: converted.map((c) => ({
      name: c.name,
      type: c.type,
      inferred: c.inferred,
      declared: declared?.[c.name]?.type ?? null,
      nulls: c.nulls,
      typeErrors: c.bad,
    })),
    malformedRows: malformed,
  };
  const metadata = new Map([[INGEST_METADATA_KEY, JSON.stringify(summary)]]);
  return { table: tableFromVectors(converted, metadata), summary };
}

/** The size of the parts a CSV whose columns are all declared is read in. */
export const CSV_PART_BYTES = 8 * 1024 * 1024;

export async function ingestCsv(filePath: string, config: CsvIngestConfig = {}, opts?: IngestOptions): Promise<IngestResult> {
  const file = basename(filePath);
  const declared = Object.fromEntries(Object.entries(config.columns ?? {}).map(([name, c]) => [name, c.type]));
  const csv: CsvOptions = { delimiter: config.delimiter ?? ',', header: config.header ?? true, nullValues: config.nullValues ?? DEFAULT_NULL_VALUES, declared };
  const { cells, bytes } = (await tokenizeInParts(filePath, file, csv, opts)) ?? (await tokenizeWhole(filePath, file, csv, opts));
  checkMalformed(cells.malformed, cells.rows, config.maxMalformedRows, file, 'wrong number of fields or an unterminated quote');
  checkDeclared(config.columns, cells.names, file);
  const converted = cells.names.map((name, c) => convertCells(cells, c, config.columns?.[name]?.type));
  return assemble('csv', file, bytes, cells.rows, converted, cells.malformed, config.columns);
}

async function tokenizeWhole(filePath: string, file: string, csv: CsvOptions, opts?: IngestOptions): Promise<{ cells: CsvCells; bytes: number }> {
  const { data } = await readConfined(filePath, opts);
  return { cells: tokenizeOrRefuse(() => tokenizeCsv(data, csv), file), bytes: data.byteLength };
}

/**
 * A file whose columns are all declared is read in parts of CSV_PART_BYTES: every cell is parsed or copied into its
 * column as it is read, so no part of the file is needed afterwards, and the whole file is never in memory (peak
 * memory near the table's size instead of the file's plus the table's). Undefined, having read only the first part,
 * when a column is not declared (its text may be cut from the file's bytes at the end) or the file fits in one part.
 */
async function tokenizeInParts(filePath: string, file: string, csv: CsvOptions, opts?: IngestOptions): Promise<{ cells: CsvCells; bytes: number } | undefined> {
  if (!csv.declared || Object.keys(csv.declared).length === 0) return undefined;
  const path = opts?.roots ? assertInsideRoots(filePath, opts.roots) : filePath;
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const partBytes = opts?.partBytes ?? CSV_PART_BYTES;
    if (size <= partBytes) return undefined;
    // One buffer for the whole file: each read lands after the record the last one ended inside.
    let window = new Uint8Array(partBytes * 2);
    let filled = (await handle.read(window, 0, partBytes, null)).bytesRead;
    const first = window.subarray(0, filled);
    const refusal = notText(first, file);
    // A first part of nothing but blanks proves nothing of the rest: the whole read decides.
    if (refusal && !refusal.endsWith('the file is empty')) throw new IngestError(refusal);
    const names = refusal ? undefined : csvColumnNames(first, csv, false);
    if (!names || names.length === 0 || !names.every((n) => csv.declared?.[n])) return undefined;
    const tokenizer = new CsvPartsTokenizer(csv, size);
    const cells = await tokenizeOrRefuse(async () => {
      for (;;) {
        const got = filled === window.length ? 0 : (await handle.read(window, filled, Math.min(partBytes, window.length - filled), null)).bytesRead;
        filled += got;
        const final = got === 0 && filled < window.length;
        const consumed = tokenizer.feed(window.subarray(0, filled), final);
        if (final) break;
        window.copyWithin(0, consumed, filled);
        filled -= consumed;
        // A record longer than a part: room for another part after it.
        if (window.length - filled < partBytes) {
          const wider = new Uint8Array(filled + partBytes * 2);
          wider.set(window.subarray(0, filled));
          window = wider;
        }
      }
      return tokenizer.finish();
    }, file);
    return { cells, bytes: size };
  } finally {
    await handle.close();
  }
}

/** The tokenizer's cells; a record past the length limit is an IngestError naming its row. */
function tokenizeOrRefuse<T extends CsvCells | Promise<CsvCells>>(tokenize: () => T, file: string): T {
  const refuse = (err: unknown): never => {
    if (!(err instanceof CsvRecordTooLong)) throw err;
    const what = err.row === 0 ? 'the header' : `row ${err.row}`;
    throw new IngestError(
      `${file}: ${what} is ${formatBytes(err.bytes)} long; a CSV record may be at most ${formatBytes(err.limit)} (an unterminated quote makes the rest of the file one record)`,
    );
  };
  try {
    const out = tokenize();
    return (out instanceof Promise ? out.catch(refuse) : out) as T;
  } catch (err) {
    return refuse(err);
  }
}

export async function ingestJson(filePath: string, config: JsonIngestConfig = {}, opts?: IngestOptions): Promise<IngestResult> {
  const { data } = await readConfined(filePath, opts);
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  const file = basename(filePath);
  const lines = /\.(jsonl|ndjson)$/i.test(filePath);
  let records: unknown[];
  let malformed: BadValues | undefined;
  if (lines) {
    ({ records, malformed } = parseJsonLines(text));
  } else {
    let doc: unknown;
    try {
      doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (err) {
      throw new IngestError(`${file}: not valid JSON (${(err as Error).message}); JSON lines files must end in .jsonl or .ndjson`);
    }
    if (!Array.isArray(doc)) throw new IngestError(`${file}: expected a JSON array of objects, found ${doc === null ? 'null' : typeof doc}`);
    records = doc;
  }
  const cols = recordsToColumns(records, malformed);
  checkMalformed(cols.malformed, cols.rows, config.maxMalformedRows, file, lines ? 'lines that are not JSON objects' : 'records that are not objects');
  // Malformed records are kept as rows of nulls, which takes a column: with none at all there is no table to keep them in.
  if (cols.names.length === 0 && cols.rows > 0) {
    throw new IngestError(`${file}: none of its ${cols.rows} ${lines ? 'lines is a JSON object' : 'records is an object'}, so there are no columns (a table is ${lines ? 'one object per line' : 'an array of objects'})`);
  }
  checkDeclared(config.columns, cols.names, file);
  const nulls = new Set(config.nullValues ?? []);
  const converted = cols.names.map((name, c) => {
    const { column, inferred, nulls: n, bad } = convertJson(name, cols.columns[c], nulls, config.columns?.[name]?.type);
    return { name, type: column.type, inferred, nulls: n, bad, vector: columnToVector(column) };
  });
  return assemble(lines ? 'jsonl' : 'json', file, data.byteLength, cols.rows, converted, cols.malformed, config.columns);
}

/** The ingest summary stored in a table's schema metadata, if it has one. */
export function ingestSummaryOf(table: arrow.Table): IngestSummary | undefined {
  const raw = table.schema.metadata.get(INGEST_METADATA_KEY);
  return raw ? (JSON.parse(raw) as IngestSummary) : undefined;
}
