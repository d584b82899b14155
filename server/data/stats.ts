// Column profiles: null counts, min/max, mean, distinct counts. Used by validate.table
// (and reusable for the training data profile that drift monitoring compares against).
// They run on typed views (view.ts): one pass over typed arrays per figure, strings
// compared and hashed as UTF-8 bytes, and only the min/max strings decoded.
import type { ColumnType } from '../../dsl/plan';
import type { Column } from './columns';
import { hashBytes, hashNumber, NumberSet, RowBytesSet } from './hashset';
import { compareUtf8, textAt, viewOfColumn, type ColumnView } from './view';

/** Distinct values are counted exactly up to this many, then estimated (HyperLogLog). */
export const EXACT_DISTINCT_LIMIT = 100_000;

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  nulls: number;
  nullFraction: number;
  /** number/integer: numbers; date: ISO strings; string: lexical; boolean: null. */
  min: number | string | null;
  max: number | string | null;
  distinct: number;
  distinctExact: boolean;
  /** number/integer/boolean (fraction true) only. */
  mean: number | null;
}

export function profileColumn(c: Column): ColumnProfile {
  return profileView(viewOfColumn(c));
}

export function nullCount(v: ColumnView): number {
  const valid = v.valid;
  if (!valid) return 0;
  let nulls = 0;
  for (let i = 0; i < valid.length; i++) nulls += valid[i] ^ 1;
  return nulls;
}

export function profileView(c: ColumnView): ColumnProfile {
  const n = c.length;
  const valid = c.valid;
  const nulls = nullCount(c);
  let min: number | string | null = null;
  let max: number | string | null = null;
  let mean: number | null = null;
  if (c.type === 'string') {
    const o = c.offsets!, d = c.data!;
    let lo = -1, hi = -1;
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      if (lo < 0) { lo = hi = i; continue; }
      if (compareUtf8(d, o[i], o[i + 1], d, o[lo], o[lo + 1]) < 0) lo = i;
      if (compareUtf8(d, o[i], o[i + 1], d, o[hi], o[hi + 1]) > 0) hi = i;
    }
    if (lo >= 0) {
      min = textAt(c, lo);
      max = textAt(c, hi);
    }
  } else {
    let lo = Infinity, hi = -Infinity, sum = 0, count = 0;
    const v = c.nums!;
    if (valid) {
      for (let i = 0; i < n; i++) {
        if (!valid[i]) continue;
        const x = v[i];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
        sum += x;
        count++;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
        sum += x;
      }
      count = n;
    }
    if (count > 0 && c.type !== 'boolean') {
      min = c.type === 'date' ? new Date(lo).toISOString() : lo;
      max = c.type === 'date' ? new Date(hi).toISOString() : hi;
    }
    if (count > 0 && c.type !== 'date') mean = sum / count;
  }
  const { distinct, exact } = countDistinct(c);
  return { name: c.name, type: c.type, nulls, nullFraction: n === 0 ? 0 : nulls / n, min, max, distinct, distinctExact: exact, mean };
}

/** Exact with a hash set up to EXACT_DISTINCT_LIMIT values, then a HyperLogLog estimate. */
export function countDistinct(c: ColumnView): { distinct: number; exact: boolean } {
  const n = c.length, valid = c.valid;
  const str = c.type === 'string';
  const o = c.offsets!, d = c.data!, v = c.nums!;
  const set = str ? new RowBytesSet(o, d, 4096) : new NumberSet(4096);
  let i = 0;
  for (; i < n && set.size <= EXACT_DISTINCT_LIMIT; i++) {
    if (valid && !valid[i]) continue;
    if (str) (set as RowBytesSet).add(i);
    else (set as NumberSet).add(v[i]);
  }
  if (i === n && set.size <= EXACT_DISTINCT_LIMIT) return { distinct: set.size, exact: true };
  const hll = new HyperLogLog();
  for (let j = 0; j < n; j++) {
    if (valid && !valid[j]) continue;
    hll.add(str ? hashBytes(d, o[j], o[j + 1]) : hashNumber(v[j]));
  }
  return { distinct: Math.round(hll.estimate()), exact: false };
}

/** HyperLogLog with 2^14 registers (~0.8% standard error) over 32-bit hashes. */
class HyperLogLog {
  private readonly p = 14;
  private readonly m = 1 << 14;
  private readonly reg = new Uint8Array(1 << 14);

  add(h: number): void {
    const idx = h >>> (32 - this.p);
    const w = (h << this.p) | (1 << (this.p - 1)); // guard bit bounds the rank
    const rank = Math.clz32(w) + 1;
    if (rank > this.reg[idx]) this.reg[idx] = rank;
  }

  estimate(): number {
    let sum = 0, zeros = 0;
    for (let i = 0; i < this.m; i++) {
      sum += 2 ** -this.reg[i];
      if (this.reg[i] === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / this.m);
    const e = (alpha * this.m * this.m) / sum;
    if (e <= 2.5 * this.m && zeros > 0) return this.m * Math.log(this.m / zeros); // small-range correction
    return e;
  }
}
