// Column profiles: null counts, min/max, mean, distinct counts. Used by validate.table
// (and reusable for the training data profile that drift monitoring compares against).
// They run on typed views (view.ts): one pass over typed arrays per figure, strings
// compared and hashed as UTF-8 bytes, and only the min/max strings decoded.
import type { ColumnType } from '../../../dsl/plan';
import type { Column } from './columns';
import { hashBits, hashBytes, hashNumber, NumberSet, RowBytesSet } from './hashset';
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
  return profileWithRange(c).profile;
}

/** The profile plus the raw numeric range (dates in ms), which lets a min/max rule that
 *  cannot fail skip its pass over the rows. lo > hi when there are no values. */
export function profileWithRange(c: ColumnView): { profile: ColumnProfile; lo: number; hi: number } {
  const n = c.length;
  let rawLo = Infinity, rawHi = -Infinity;
  const valid = c.valid;
  const nulls = nullCount(c);
  let min: number | string | null = null;
  let max: number | string | null = null;
  let mean: number | null = null;
  if (c.type === 'string') {
    const o = c.offsets!, d = c.data!;
    let lo = -1, hi = -1, loByte = -1, hiByte = -1;
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      const first = o[i] < o[i + 1] ? d[o[i]] : -1;
      if (lo < 0) { lo = hi = i; loByte = hiByte = first; continue; }
      // Most rows start with a byte strictly between the extremes' first bytes: no compare
      // needed (below 0xEE, byte order and UTF-16 order agree; see compareUtf8).
      if (first > loByte && first < hiByte && first < 0xee) continue;
      if (compareUtf8(d, o[i], o[i + 1], d, o[lo], o[lo + 1]) < 0) { lo = i; loByte = first; }
      if (compareUtf8(d, o[i], o[i + 1], d, o[hi], o[hi + 1]) > 0) { hi = i; hiByte = first; }
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
    rawLo = lo;
    rawHi = hi;
  }
  const { distinct, exact } = countDistinct(c);
  const profile = { name: c.name, type: c.type, nulls, nullFraction: n === 0 ? 0 : nulls / n, min, max, distinct, distinctExact: exact, mean };
  return { profile, lo: rawLo, hi: rawHi };
}

/**
 * Exact up to EXACT_DISTINCT_LIMIT values, then a HyperLogLog estimate. Values are hashed
 * once: into the exact set until it overflows, then the set's hashes seed the estimate (it
 * ignores repeats, so the distinct values stand for every row read so far) and the rest of
 * the rows go to the estimate alone. Booleans and integers in a range below 2^24 are
 * counted exactly in a bitmap, however many there are.
 */
export function countDistinct(c: ColumnView): { distinct: number; exact: boolean } {
  if (c.type === 'boolean') return distinctBooleans(c);
  if (c.type === 'integer') {
    // A bitmap counts exactly at any size, so past the limit too (distinctExact says so).
    const exact = distinctNarrowIntegers(c.nums as Int32Array, c.valid);
    if (exact !== null) return { distinct: exact, exact: true };
  }
  const n = c.length, valid = c.valid;
  let i = 0;
  let hll: HyperLogLog;
  if (c.type === 'string') {
    const o = c.offsets!, d = c.data!;
    const set = new RowBytesSet(o, d, Math.min(n, 4096));
    for (; i < n && set.size <= EXACT_DISTINCT_LIMIT; i++) if (valid === null || valid[i] === 1) set.add(i, hashBytes(d, o[i], o[i + 1]));
    if (set.size <= EXACT_DISTINCT_LIMIT) return { distinct: set.size, exact: true };
    hll = new HyperLogLog();
    set.eachHash((h) => hll.add(h));
    for (; i < n; i++) if (valid === null || valid[i] === 1) hll.add(hashBytes(d, o[i], o[i + 1]));
  } else {
    const set = new NumberSet(Math.min(n, 4096));
    const v = c.nums!;
    // Float64 bits read straight from the column's buffer (as Int32: small integers stay
    // unboxed), not through a scratch double per value.
    const bits = v instanceof Float64Array ? new Int32Array(v.buffer, v.byteOffset, n * 2) : null;
    const hash = (r: number) => (bits ? hashBits(bits[2 * r], bits[2 * r + 1]) : hashNumber(v[r]));
    for (; i < n && set.size <= EXACT_DISTINCT_LIMIT; i++) if (valid === null || valid[i] === 1) set.add(v[i], hash(i));
    if (set.size <= EXACT_DISTINCT_LIMIT) return { distinct: set.size, exact: true };
    hll = new HyperLogLog();
    set.eachHash((h) => hll.add(h));
    for (; i < n; i++) if (valid === null || valid[i] === 1) hll.add(hash(i));
  }
  return { distinct: Math.round(hll.estimate()), exact: false };
}

function distinctBooleans(c: ColumnView): { distinct: number; exact: boolean } {
  const v = c.nums!, valid = c.valid;
  let seen = 0;
  for (let i = 0; i < c.length && seen !== 3; i++) if (valid === null || valid[i] === 1) seen |= 1 << v[i];
  return { distinct: (seen & 1) + (seen >> 1), exact: true };
}

/** Distinct integers counted in a bitmap over [min, max], or null when that range is too wide. */
function distinctNarrowIntegers(v: Int32Array, valid: Uint8Array | null): number | null {
  let lo = 2147483647, hi = -2147483648;
  for (let i = 0; i < v.length; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = v[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (hi < lo) return 0;
  if (hi - lo >= 1 << 24) return null;
  const seen = new Uint8Array(((hi - lo) >> 3) + 1);
  let count = 0;
  for (let i = 0; i < v.length; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const k = v[i] - lo, byte = k >> 3, bit = 1 << (k & 7);
    if ((seen[byte] & bit) === 0) {
      seen[byte] |= bit;
      count++;
    }
  }
  return count;
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
