// Several files read as one table: each file is read by its format's own reader (so malformed rows and type
// errors are counted exactly as for one file), then the tables are stacked in name order. Every file must have
// the same columns. A column whose type differs between files is read again as the type that holds them all
// (integer and number → number; anything else → string), so no value is lost to a narrower guess; a declared
// type is used as declared. Row numbers in the summary count from the first file's first row.
import type { ColumnType } from '../../../dsl/plan';
import { columnsOf, tableFromColumns, type Column } from './columns';
import type { BadValues } from './convert';
import { INGEST_METADATA_KEY, IngestError, type DeclaredColumns, type IngestProgress, type IngestResult, type IngestSummary } from './ingest';
import type { MatchedFile } from './file-pattern';

/** Reads one file of the set, with these column types declared. */
export type ReadOne = (path: string, declared: DeclaredColumns | undefined) => Promise<IngestResult>;

export interface ManyOptions {
  /** The pattern as the step names it (messages and the summary's `file`). */
  pattern: string;
  declared?: DeclaredColumns;
  /** When set, a string column of this name holds each row's file (its name below the pattern's folder). */
  fileColumn?: string;
  /** Told after each file read. */
  onProgress?: (p: IngestProgress) => void;
}

/** The type that holds every value of `types`. */
export function widest(types: ColumnType[]): ColumnType {
  const set = new Set(types);
  if (set.size === 1) return types[0];
  return [...set].every((t) => t === 'integer' || t === 'number') ? 'number' : 'string';
}

export async function ingestFiles(files: MatchedFile[], read: ReadOne, opts: ManyOptions): Promise<IngestResult> {
  let results: IngestResult[] = [];
  let rows = 0;
  for (const f of files) {
    const r = await read(f.path, opts.declared);
    results.push(r);
    rows += r.summary.rows;
    opts.onProgress?.({ phase: `reading files (${results.length} of ${files.length})`, rows });
  }
  const names = results[0].summary.columns.map((c) => c.name);
  results.forEach((r, i) => sameColumns(names, r.summary.columns.map((c) => c.name), files[0].name, files[i].name));
  if (opts.fileColumn && names.includes(opts.fileColumn)) {
    throw new IngestError(`fileColumn ${JSON.stringify(opts.fileColumn)}: ${files[0].name} already has a column of that name; choose another`);
  }
  // Columns whose type differs between files: read those files again with the widest type declared.
  const widened: DeclaredColumns = {};
  for (const name of names) {
    if (opts.declared?.[name]) continue;
    const types = results.map((r) => r.summary.columns.find((c) => c.name === name)!.type);
    const t = widest(types);
    if (types.some((x) => x !== t)) widened[name] = { type: t };
  }
  if (Object.keys(widened).length > 0) {
    const declared = { ...opts.declared, ...widened };
    results = await Promise.all(results.map(async (r, i) => {
      const differs = Object.entries(widened).some(([name, { type }]) => r.summary.columns.find((c) => c.name === name)!.type !== type);
      return differs ? read(files[i].path, declared) : r;
    }));
  }
  return stack(files, results, names, widened, opts);
}

function sameColumns(first: string[], these: string[], firstName: string, name: string): void {
  const missing = first.filter((c) => !these.includes(c));
  const extra = these.filter((c) => !first.includes(c));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    missing.length > 0 ? `lacks ${missing.map((c) => JSON.stringify(c)).join(', ')}` : '',
    extra.length > 0 ? `has ${extra.map((c) => JSON.stringify(c)).join(', ')} more` : '',
  ].filter(Boolean);
  throw new IngestError(`${name}: its columns differ from ${firstName}'s: it ${parts.join(' and ')}; every file read as one table needs the same columns`);
}

function stack(files: MatchedFile[], results: IngestResult[], names: string[], widened: DeclaredColumns, opts: ManyOptions): IngestResult {
  const perFile = results.map((r) => {
    const cols = columnsOf(r.table);
    return names.map((n) => cols.find((c) => c.name === n)!);
  });
  const columns: Column[] = names.map((_, c) => concatColumns(perFile.map((cols) => cols[c])));
  if (opts.fileColumn) {
    const values: string[] = [];
    results.forEach((r, i) => { for (let k = 0; k < r.summary.rows; k++) values.push(files[i].name); });
    columns.push({ name: opts.fileColumn, type: 'string', values, valid: null });
  }
  const offsets: number[] = [];
  let total = 0;
  for (const r of results) {
    offsets.push(total);
    total += r.summary.rows;
  }
  const first = results[0].summary;
  const summary: IngestSummary = {
    format: first.format,
    file: opts.pattern.split('/').slice(-2).join('/'),
    bytes: results.reduce((s, r) => s + r.summary.bytes, 0),
    rows: total,
    columns: [
      ...first.columns.map((col, c) => ({
        name: col.name,
        type: columns[c].type,
        inferred: widened[col.name]?.type ?? col.inferred,
        declared: opts.declared?.[col.name]?.type ?? null,
        nulls: results.reduce((s, r) => s + r.summary.columns[c].nulls, 0),
        typeErrors: mergeBad(results.map((r) => r.summary.columns.find((x) => x.name === col.name)!.typeErrors), offsets),
      })),
      ...(opts.fileColumn
        ? [{ name: opts.fileColumn, type: 'string' as const, inferred: 'string' as const, declared: null, nulls: 0, typeErrors: { count: 0, rows: [], examples: [] } }]
        : []),
    ],
    malformedRows: mergeBad(results.map((r) => r.summary.malformedRows), offsets),
    files: results.map((r, i) => ({ file: files[i].name, rows: r.summary.rows, bytes: r.summary.bytes })),
  };
  return { table: tableFromColumns(columns, new Map([[INGEST_METADATA_KEY, JSON.stringify(summary)]])), summary };
}

/** Counts summed; the first few examples kept, their row numbers counted from the first file's first row. */
function mergeBad(parts: BadValues[], offsets: number[]): BadValues {
  const out: BadValues = { count: 0, rows: [], examples: [] };
  parts.forEach((b, i) => {
    out.count += b.count;
    b.rows.forEach((row, k) => {
      if (out.rows.length < 5) {
        out.rows.push(row + offsets[i]);
        out.examples.push(b.examples[k]);
      }
    });
  });
  return out;
}

/** One column from several of the same name and type. */
export function concatColumns(parts: Column[]): Column {
  const { name, type } = parts[0];
  const n = parts.reduce((s, p) => s + p.values.length, 0);
  let valid: Uint8Array | null = null;
  if (parts.some((p) => p.valid !== null)) {
    valid = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      if (p.valid) valid.set(p.valid, at);
      else valid.fill(1, at, at + p.values.length);
      at += p.values.length;
    }
  }
  if (type === 'string') return { name, type, values: parts.flatMap((p) => p.values as string[]), valid };
  const Ctor = parts[0].values.constructor as { new (n: number): Float64Array | Int32Array | Uint8Array };
  const out = new Ctor(n);
  let at = 0;
  for (const p of parts) {
    if (p.type !== type) throw new Error(`column ${name}: ${p.type} beside ${type}`);
    out.set(p.values as ArrayLike<number>, at);
    at += p.values.length;
  }
  return { name, type, values: out, valid } as Column;
}
