// prepare.dropna and prepare.split. Splits are deterministic: a seeded mulberry32 PRNG
// (32-bit integer arithmetic only) gives the same split for the same seed on every
// machine and Node version, so a re-run or a retried activity reproduces its tables.
import type * as arrow from 'apache-arrow';
import { ConfigError, DataError } from '../errors';
import { columnsOf, type Column } from './columns';
import { takeRows } from './table';
import { mulberry32 } from '../random';

export { mulberry32 };

function columnsByName(table: arrow.Table, names: string[] | undefined): Column[] {
  const all = columnsOf(table);
  if (names === undefined) return all;
  return names.map((n) => {
    const c = all.find((x) => x.name === n);
    if (!c) throw new DataError(`no column ${JSON.stringify(n)} (columns: ${all.map((x) => JSON.stringify(x.name)).join(', ')})`);
    return c;
  });
}

/** Drops rows with a null in any of `columns` (default: every column). */
export function dropNulls(table: arrow.Table, columns?: string[]): { table: arrow.Table; dropped: number } {
  const cols = columnsByName(table, columns).filter((c) => c.valid !== null);
  const n = table.numRows;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (const c of cols) if (c.valid![i] === 0) { ok = false; break; }
    if (ok) keep.push(i);
  }
  return { table: takeRows(table, keep), dropped: n - keep.length };
}

export interface SplitOptions {
  /** Fraction of rows in the test table, 0 < test < 1. */
  test: number;
  seed: number;
  /** Keep each class's share the same in train and test. */
  stratify?: string;
}

/**
 * Train/test split. The test table gets round(rows × test) rows; with `stratify`, each
 * class (null is a class) contributes its share, rounded by largest remainder so the
 * total is still exact. Both outputs keep the source's row order.
 */
export function splitTable(table: arrow.Table, opts: SplitOptions): { train: arrow.Table; test: arrow.Table } {
  if (!(opts.test > 0 && opts.test < 1)) throw new ConfigError(`split: test must be between 0 and 1, got ${opts.test}`);
  const n = table.numRows;
  const rand = mulberry32(opts.seed);
  const groups = opts.stratify === undefined ? [range(n)] : groupRows(columnsByName(table, [opts.stratify])[0]);
  const target = Math.round(n * opts.test);
  const quotas = groups.map((g) => Math.floor(g.length * opts.test));
  let rest = target - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = groups.map((g, i) => i).sort((a, b) => {
    const ra = groups[a].length * opts.test - quotas[a], rb = groups[b].length * opts.test - quotas[b];
    return rb - ra || a - b;
  });
  for (const i of byRemainder) {
    if (rest <= 0) break;
    if (quotas[i] < groups[i].length) { quotas[i]++; rest--; }
  }
  const inTest = new Uint8Array(n);
  groups.forEach((g, gi) => {
    shuffle(g, rand);
    for (let k = 0; k < quotas[gi]; k++) inTest[g[k]] = 1;
  });
  const train: number[] = [], test: number[] = [];
  for (let i = 0; i < n; i++) (inTest[i] ? test : train).push(i);
  return { train: takeRows(table, train), test: takeRows(table, test) };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Row indices per class, classes in order of first appearance (deterministic). */
function groupRows(c: Column): number[][] {
  const groups = new Map<number | string | null, number[]>();
  for (let i = 0; i < c.values.length; i++) {
    const k = c.valid !== null && c.valid[i] === 0 ? null : c.values[i];
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(i);
  }
  return [...groups.values()];
}

function shuffle(a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
