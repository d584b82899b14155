// validate.table: profiles every column and checks the configured rules. Every rule
// yields a result (passing ones too) so the report reads "2 of 14 rules failed".
// Type errors found at ingest (values that became null) and malformed source rows
// are failures here even when no rule names them: data loss is never silent.
import type * as arrow from 'apache-arrow';
import type { ColumnType } from '../../dsl/plan';
import { columnsOf, type Column } from './columns';
import { parseDate } from './convert';
import { ingestSummaryOf, type BadValues, type IngestSummary } from './ingest';
import { profileColumn, type ColumnProfile } from './stats';

export interface ColumnRules {
  type?: ColumnType;
  /** Maximum null count. */
  nulls?: number;
  /** Maximum null fraction, 0..1. */
  nullFraction?: number;
  min?: number | string;
  max?: number | string;
  values?: (string | number | boolean)[];
  unique?: boolean;
}

export interface ValidateConfig {
  columns?: Record<string, ColumnRules>;
  minRows?: number;
  /** Default true. */
  allowExtraColumns?: boolean;
}

export type RuleKind =
  | 'nulls' | 'nullFraction' | 'min' | 'max' | 'values' | 'unique' | 'type'
  | 'minRows' | 'missingColumn' | 'extraColumn' | 'malformedRows';

export interface RuleResult {
  rule: RuleKind;
  column: string | null;
  ok: boolean;
  failingRows: number;
  message: string;
  /** First few failing 1-based row numbers, where known. */
  rows?: number[];
}

export interface ColumnReport extends ColumnProfile {
  expectedType: ColumnType | null;
  /** Values that failed the column's declared type at ingest (stored as null). */
  typeErrors: number;
  typeErrorRows: number[];
  typeErrorExamples: string[];
}

export interface ValidationReport {
  ok: boolean;
  rows: number;
  columns: ColumnReport[];
  rules: RuleResult[];
  malformedRows: BadValues | null;
  summary: string;
}

const SAMPLE = 5;
const q = (s: string): string => JSON.stringify(s);
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
/** An integer column satisfies `type: number`; every other mismatch is a failure. */
const typeFits = (actual: ColumnType, expected: ColumnType): boolean => actual === expected || (expected === 'number' && actual === 'integer');

export function validateTable(table: arrow.Table, config: ValidateConfig, ingestSummary?: IngestSummary): ValidationReport {
  const summary = ingestSummary ?? ingestSummaryOf(table);
  const rows = table.numRows;
  const cols = columnsOf(table);
  const byName = new Map(cols.map((c) => [c.name, c]));
  const ruled = config.columns ?? {};
  const ingestCols = new Map((summary?.columns ?? []).map((c) => [c.name, c]));
  const results: RuleResult[] = [];

  if (config.minRows !== undefined) {
    const ok = rows >= config.minRows;
    results.push({ rule: 'minRows', column: null, ok, failingRows: 0,
      message: ok ? `table has ${rows} rows (minRows ${config.minRows})` : `table has ${plural(rows, 'row')}, fewer than minRows ${config.minRows}` });
  }
  if (summary && summary.malformedRows.count > 0) {
    const m = summary.malformedRows;
    results.push({ rule: 'malformedRows', column: null, ok: false, failingRows: m.count, rows: m.rows,
      message: `${plural(m.count, 'malformed row')} in ${summary.file} (rows ${m.rows.join(', ')}${m.count > m.rows.length ? ', …' : ''}): wrong number of fields` });
  }
  for (const [name, r] of Object.entries(ruled)) {
    const c = byName.get(name);
    if (!c) {
      results.push({ rule: 'missingColumn', column: name, ok: false, failingRows: rows, message: `column ${q(name)} is missing` });
      continue;
    }
    results.push(...checkColumn(c, r, rows, ingestCols.get(name)?.typeErrors));
  }
  // Ingest type errors in columns the config does not mention still fail the report.
  for (const c of cols) {
    const te = ingestCols.get(c.name)?.typeErrors;
    if (!(c.name in ruled) && te && te.count > 0) results.push(typeRule(c, undefined, te));
  }
  if (config.allowExtraColumns === false) {
    for (const c of cols) {
      if (!(c.name in ruled)) results.push({ rule: 'extraColumn', column: c.name, ok: false, failingRows: 0, message: `column ${q(c.name)} is not declared (allowExtraColumns is false)` });
    }
  }

  const columns: ColumnReport[] = cols.map((c) => {
    const te = ingestCols.get(c.name)?.typeErrors;
    return { ...profileColumn(c), expectedType: ruled[c.name]?.type ?? null, typeErrors: te?.count ?? 0, typeErrorRows: te?.rows ?? [], typeErrorExamples: te?.examples ?? [] };
  });
  const ok = results.every((r) => r.ok);
  return { ok, rows, columns, rules: results, malformedRows: summary?.malformedRows ?? null, summary: summarize(results, rows, cols.length) };
}

export function summarize(results: RuleResult[], rows: number, ncols: number): string {
  const failed = results.filter((r) => !r.ok);
  if (results.length === 0) return `no rules checked; ${plural(rows, 'row')}, ${plural(ncols, 'column')}`;
  if (failed.length === 0) return `all ${plural(results.length, 'rule')} passed (${plural(rows, 'row')}, ${plural(ncols, 'column')})`;
  const shown = failed.slice(0, 3).map((r) => r.message).join('; ');
  const more = failed.length > 3 ? `; and ${failed.length - 3} more` : '';
  return `${failed.length} of ${plural(results.length, 'rule')} failed: ${shown}${more}`;
}

function typeRule(c: Column, expected: ColumnType | undefined, te: BadValues | undefined): RuleResult {
  const mismatch = expected !== undefined && !typeFits(c.type, expected);
  const bad = te?.count ?? 0;
  const parts: string[] = [];
  if (mismatch) parts.push(`expected ${expected}, found ${c.type}`);
  if (bad > 0) {
    const eg = te!.examples.slice(0, 3).map(q).join(', ');
    parts.push(`${plural(bad, 'value')} not ${c.type} at ingest (rows ${te!.rows.join(', ')}${bad > te!.rows.length ? ', …' : ''}; e.g. ${eg})`);
  }
  const ok = parts.length === 0;
  return {
    rule: 'type', column: c.name, ok, failingRows: mismatch ? c.values.length : bad, rows: bad > 0 ? te!.rows : undefined,
    message: ok ? `column ${q(c.name)}: type ${c.type}` : `column ${q(c.name)}: ${parts.join('; ')}`,
  };
}

function checkColumn(c: Column, r: ColumnRules, rows: number, te: BadValues | undefined): RuleResult[] {
  const out: RuleResult[] = [];
  const name = q(c.name);
  if (r.type !== undefined || (te && te.count > 0)) out.push(typeRule(c, r.type, te));
  const nullRows = scan(c, (i) => c.valid !== null && c.valid[i] === 0);
  if (r.nulls !== undefined) {
    const ok = nullRows.count <= r.nulls;
    out.push({ rule: 'nulls', column: c.name, ok, failingRows: ok ? 0 : nullRows.count, rows: ok ? undefined : nullRows.rows,
      message: `column ${name}: ${plural(nullRows.count, 'null')}${ok ? '' : `, more than the allowed ${r.nulls}`}` });
  }
  if (r.nullFraction !== undefined) {
    const frac = rows === 0 ? 0 : nullRows.count / rows;
    const ok = frac <= r.nullFraction;
    out.push({ rule: 'nullFraction', column: c.name, ok, failingRows: ok ? 0 : nullRows.count,
      message: `column ${name}: null fraction ${round(frac)}${ok ? '' : ` above ${r.nullFraction}`}` });
  }
  for (const rule of ['min', 'max'] as const) {
    const bound = r[rule];
    if (bound === undefined) continue;
    const key = boundKey(c.type, bound);
    if (key === null) {
      out.push({ rule, column: c.name, ok: false, failingRows: 0, message: `column ${name}: ${rule} ${JSON.stringify(bound)} does not apply to a ${c.type} column` });
      continue;
    }
    const v = c.values as ArrayLike<number | string>;
    const hit = scan(c, (i) => (c.valid === null || c.valid[i] === 1) && (rule === 'min' ? v[i] < key : v[i] > key));
    out.push({ rule, column: c.name, ok: hit.count === 0, failingRows: hit.count, rows: hit.count ? hit.rows : undefined,
      message: `column ${name}: ${plural(hit.count, 'row')} ${rule === 'min' ? 'below min' : 'above max'} ${bound}` });
  }
  if (r.values !== undefined) {
    const allowed = new Set(r.values.map((x) => valueKey(c.type, x)));
    const hit = scan(c, (i) => (c.valid === null || c.valid[i] === 1) && !allowed.has(c.values[i]));
    const eg = hit.count ? ` (e.g. ${q(String(c.type === 'boolean' ? c.values[hit.rows[0] - 1] === 1 : c.values[hit.rows[0] - 1]))})` : '';
    out.push({ rule: 'values', column: c.name, ok: hit.count === 0, failingRows: hit.count, rows: hit.count ? hit.rows : undefined,
      message: `column ${name}: ${plural(hit.count, 'row')} with values not in [${r.values.join(', ')}]${eg}` });
  }
  if (r.unique) {
    const seen = new Set<number | string>();
    const hit = scan(c, (i) => {
      if (c.valid !== null && c.valid[i] === 0) return false;
      const k = c.values[i];
      if (seen.has(k)) return true;
      seen.add(k);
      return false;
    });
    out.push({ rule: 'unique', column: c.name, ok: hit.count === 0, failingRows: hit.count, rows: hit.count ? hit.rows : undefined,
      message: `column ${name}: ${plural(hit.count, 'row')} repeat an earlier value` });
  }
  return out;
}

/** Counts rows matching `pred`, keeping the first few (1-based) row numbers. */
function scan(c: Column, pred: (i: number) => boolean): { count: number; rows: number[] } {
  const rows: number[] = [];
  let count = 0;
  for (let i = 0; i < c.values.length; i++) {
    if (pred(i)) {
      if (count < SAMPLE) rows.push(i + 1);
      count++;
    }
  }
  return { count, rows };
}

/** A min/max bound in the column's value space, or null when it does not apply. */
function boundKey(type: ColumnType, bound: number | string): number | string | null {
  if (type === 'number' || type === 'integer') return typeof bound === 'number' ? bound : null;
  if (type === 'date') {
    const t = typeof bound === 'number' ? bound : parseDate(bound);
    return Number.isNaN(t) ? null : t;
  }
  if (type === 'string') return typeof bound === 'string' ? bound : null;
  return null;
}

/** An allowed value in the column's value space (booleans are 0/1, dates ms). */
function valueKey(type: ColumnType, x: string | number | boolean): number | string {
  if (type === 'string') return String(x);
  if (type === 'boolean') return x === true || x === 'true' || x === 1 ? 1 : x === false || x === 'false' || x === 0 ? 0 : NaN;
  if (type === 'date') return typeof x === 'number' ? x : parseDate(String(x));
  return typeof x === 'number' ? x : Number(x);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
