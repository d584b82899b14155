// Column profiles: null counts, min/max, mean, distinct counts. Used by validate.table
// (and reusable for the training data profile that drift monitoring compares against).
import type { ColumnType } from '../../dsl/plan';
import type { Column } from './columns';

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
  const n = c.values.length;
  const valid = c.valid;
  let nulls = 0;
  if (valid) for (let i = 0; i < n; i++) nulls += valid[i] ^ 1;
  let min: number | string | null = null;
  let max: number | string | null = null;
  let mean: number | null = null;
  if (c.type === 'string') {
    let lo: string | null = null, hi: string | null = null;
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      const s = c.values[i];
      if (lo === null || s < lo) lo = s;
      if (hi === null || s > hi) hi = s;
    }
    min = lo;
    max = hi;
  } else {
    let lo = Infinity, hi = -Infinity, sum = 0, count = 0;
    const v = c.values;
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      const x = v[i];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      sum += x;
      count++;
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

/** Exact with a Set up to EXACT_DISTINCT_LIMIT values, then a HyperLogLog estimate. */
export function countDistinct(c: Column): { distinct: number; exact: boolean } {
  const n = c.values.length;
  const seen = new Set<number | string>();
  let i = 0;
  for (; i < n && seen.size <= EXACT_DISTINCT_LIMIT; i++) {
    if (c.valid && !c.valid[i]) continue;
    seen.add(c.values[i]);
  }
  if (i === n && seen.size <= EXACT_DISTINCT_LIMIT) return { distinct: seen.size, exact: true };
  const hll = new HyperLogLog();
  for (let j = 0; j < n; j++) {
    if (c.valid && !c.valid[j]) continue;
    const x = c.values[j];
    hll.add(typeof x === 'string' ? hashString(x) : hashNumber(x));
  }
  return { distinct: Math.round(hll.estimate()), exact: false };
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
function hashNumber(x: number): number {
  f64[0] = x === 0 ? 0 : x; // -0 and 0 are one value
  return fmix32(u32[0] ^ fmix32(u32[1] + 0x9e3779b9));
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
