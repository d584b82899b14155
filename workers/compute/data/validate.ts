// validate.table: profiles every column and checks the configured rules. Every rule
// yields a result (passing ones too) so the report reads "2 of 14 rules failed".
// Type errors found at ingest (values that became null) and malformed source rows
// are failures here even when no rule names them: data loss is never silent.
import type * as arrow from 'apache-arrow';
import type { ColumnType } from '../../../dsl/plan';
import { parseDate } from './convert';
import { ingestSummaryOf, type BadValues, type IngestSummary } from './ingest';
import { NumberSet, RowBytesSet } from './hashset';
import { profileWithRange, type ColumnProfile } from './stats';
import { compareUtf8, textAt, viewsOf, type ColumnView } from './view';

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
const encoder = new TextEncoder();
const q = (s: string): string => JSON.stringify(s);
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
/** An integer column satisfies `type: number`; every other mismatch is a failure. */
const typeFits = (actual: ColumnType, expected: ColumnType): boolean => actual === expected || (expected === 'number' && actual === 'integer');

export function validateTable(table: arrow.Table, config: ValidateConfig, ingestSummary?: IngestSummary): ValidationReport {
  const summary = ingestSummary ?? ingestSummaryOf(table);
  const rows = table.numRows;
  const cols = viewsOf(table);
  // Profiles first: the rules reuse their null counts and ranges.
  const profiles = new Map(cols.map((c) => [c.name, profileWithRange(c)]));
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
    results.push(...checkColumn(c, r, rows, ingestCols.get(name)?.typeErrors, profiles.get(name)!));
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
    return { ...profiles.get(c.name)!.profile, expectedType: ruled[c.name]?.type ?? null, typeErrors: te?.count ?? 0, typeErrorRows: te?.rows ?? [], typeErrorExamples: te?.examples ?? [] };
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

function typeRule(c: ColumnView, expected: ColumnType | undefined, te: BadValues | undefined): RuleResult {
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
    rule: 'type', column: c.name, ok, failingRows: mismatch ? c.length : bad, rows: bad > 0 ? te!.rows : undefined,
    message: ok ? `column ${q(c.name)}: type ${c.type}` : `column ${q(c.name)}: ${parts.join('; ')}`,
  };
}

/** Failing rows of one rule: the count and the first few 1-based row numbers. */
class Hits {
  count = 0;
  rows: number[] = [];
  add(i: number): void {
    if (this.count < SAMPLE) this.rows.push(i + 1);
    this.count++;
  }
}

type Profiled = ReturnType<typeof profileWithRange>;

function checkColumn(c: ColumnView, r: ColumnRules, rows: number, te: BadValues | undefined, p: Profiled): RuleResult[] {
  const out: RuleResult[] = [];
  const name = q(c.name);
  if (r.type !== undefined || (te && te.count > 0)) out.push(typeRule(c, r.type, te));
  if (r.nulls !== undefined || r.nullFraction !== undefined) {
    // The count is the profile's; only the first few null rows are looked up.
    const nullRows = new Hits();
    const valid = c.valid;
    if (valid) for (let i = 0; i < valid.length && nullRows.rows.length < SAMPLE; i++) if (valid[i] === 0) nullRows.add(i);
    nullRows.count = p.profile.nulls;
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
  }
  for (const rule of ['min', 'max'] as const) {
    const bound = r[rule];
    if (bound === undefined) continue;
    const key = boundKey(c.type, bound);
    if (key === null) {
      out.push({ rule, column: c.name, ok: false, failingRows: 0, message: `column ${name}: ${rule} ${JSON.stringify(bound)} does not apply to a ${c.type} column` });
      continue;
    }
    // The profile's range proves most bounds hold without reading the rows again.
    const holds = typeof key === 'number' && (rule === 'min' ? p.lo >= key : p.hi <= key);
    const hit = holds ? new Hits() : typeof key === 'number' ? outOfRange(c, key, rule === 'min') : outOfRangeText(c, key, rule === 'min');
    out.push({ rule, column: c.name, ok: hit.count === 0, failingRows: hit.count, rows: hit.count ? hit.rows : undefined,
      message: `column ${name}: ${plural(hit.count, 'row')} ${rule === 'min' ? 'below min' : 'above max'} ${bound}` });
  }
  if (r.values !== undefined) {
    const hit = notAllowed(c, r.values);
    const at = hit.rows[0] - 1;
    const eg = hit.count ? ` (e.g. ${q(c.type === 'string' ? textAt(c, at) : String(c.type === 'boolean' ? c.nums![at] === 1 : c.nums![at]))})` : '';
    out.push({ rule: 'values', column: c.name, ok: hit.count === 0, failingRows: hit.count, rows: hit.count ? hit.rows : undefined,
      message: `column ${name}: ${plural(hit.count, 'row')} with values not in [${r.values.join(', ')}]${eg}` });
  }
  if (r.unique) {
    const hit = repeats(c);
    out.push({ rule: 'unique', column: c.name, ok: hit.count === 0, failingRows: hit.count, rows: hit.count ? hit.rows : undefined,
      message: `column ${name}: ${plural(hit.count, 'row')} repeat an earlier value` });
  }
  return out;
}

/** Rows with a value below (min) or above (max) a numeric bound. */
function outOfRange(c: ColumnView, key: number, below: boolean): Hits {
  const hit = new Hits();
  const v = c.nums!, valid = c.valid, n = c.length;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if ((below ? x < key : x > key) && (valid === null || valid[i] === 1)) hit.add(i);
  }
  return hit;
}

/** Rows of a string column that sort below (min) or above (max) a bound, as JS `<` would. */
function outOfRangeText(c: ColumnView, key: string, below: boolean): Hits {
  const hit = new Hits();
  const k = encoder.encode(key);
  const o = c.offsets!, d = c.data!, valid = c.valid;
  for (let i = 0; i < c.length; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const cmp = compareUtf8(d, o[i], o[i + 1], k, 0, k.length);
    if (below ? cmp < 0 : cmp > 0) hit.add(i);
  }
  return hit;
}

function notAllowed(c: ColumnView, values: (string | number | boolean)[]): Hits {
  const hit = new Hits();
  const valid = c.valid, n = c.length;
  if (c.type === 'string') {
    // Allowed strings by byte length: most rows are ruled in or out by one length lookup.
    const byLen = new Map<number, Uint8Array[]>();
    for (const x of values) {
      const b = encoder.encode(String(x));
      byLen.set(b.length, [...(byLen.get(b.length) ?? []), b]);
    }
    const o = c.offsets!, d = c.data!;
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const s = o[i];
      const cands = byLen.get(o[i + 1] - s);
      let found = false;
      if (cands) {
        for (const b of cands) {
          let k = 0;
          while (k < b.length && d[s + k] === b[k]) k++;
          if (k === b.length) { found = true; break; }
        }
      }
      if (!found) hit.add(i);
    }
    return hit;
  }
  const allowed = new Set(values.map((x) => valueKey(c.type, x)));
  const v = c.nums!;
  for (let i = 0; i < n; i++) if ((valid === null || valid[i] === 1) && !allowed.has(v[i])) hit.add(i);
  return hit;
}

/** Rows whose value an earlier row already had. */
function repeats(c: ColumnView): Hits {
  const hit = new Hits();
  const valid = c.valid, n = c.length;
  if (c.type === 'string') {
    const set = new RowBytesSet(c.offsets!, c.data!, n);
    for (let i = 0; i < n; i++) if ((valid === null || valid[i] === 1) && !set.add(i)) hit.add(i);
  } else {
    const set = new NumberSet(n);
    const v = c.nums!;
    for (let i = 0; i < n; i++) if ((valid === null || valid[i] === 1) && !set.add(v[i])) hit.add(i);
  }
  return hit;
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
