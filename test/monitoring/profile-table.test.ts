// The training profile stored at registration (server/monitoring/profile.ts): each feature summarized by
// monitoring's own statistics, the target's distribution beside it.
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { profileOfTable } from '../../server/monitoring/profile';
import { binIndex } from '../../server/monitoring/stats';

describe('profileOfTable', () => {
  it('summarizes a numeric feature with its moments, quantiles and equal-frequency bins', () => {
    const rows = 1000;
    const table = tableFromArrays({ v: Float64Array.from({ length: rows }, (_, i) => i), kind: Array.from({ length: rows }, (_, i) => (i % 4 === 0 ? 'a' : 'b')) });
    const p = profileOfTable(table, { features: ['v'], target: 'kind' });
    expect(p.rows).toBe(rows);
    const v = p.features.v;
    if (v.kind !== 'numeric') throw new Error(`v profiled as ${v.kind}`);
    expect([v.count, v.nulls, v.min, v.max]).toEqual([rows, 0, 0, 999]);
    expect(v.mean).toBeCloseTo(499.5, 9);
    expect(v.std).toBeCloseTo(Math.sqrt((rows * rows - 1) / 12), 6);
    expect(v.quantiles[500]).toBeCloseTo(499.5, 9);
    expect(v.counts.reduce((a, b) => a + b, 0)).toBe(rows);
    expect(v.counts).toEqual(new Array(v.counts.length).fill(rows / v.counts.length));
    expect(binIndex(v.edges, -5)).toBe(0);
    expect(binIndex(v.edges, 1e9)).toBe(v.counts.length - 1);
    expect(p.target).toEqual({ kind: 'categorical', count: rows, nulls: 0, counts: { a: 250, b: 750 }, other: 0 });
  });

  it('reads booleans as 1 and 0, counts nulls, and profiles strings as categories', () => {
    const table = tableFromArrays({ flag: [true, false, false, false], island: ['Biscoe', 'Dream', 'Biscoe', 'Torgersen'] });
    const p = profileOfTable(table, { features: ['flag', 'island'] });
    const flag = p.features.flag;
    if (flag.kind !== 'numeric') throw new Error(`flag profiled as ${flag.kind}`);
    expect(flag.mean).toBe(0.25);
    expect(p.features.island).toMatchObject({ kind: 'categorical', count: 4, counts: { Biscoe: 2, Dream: 1, Torgersen: 1 } });
    expect(p.target).toBeUndefined();
  });

  it('names the missing column and the columns there are', () => {
    const table = tableFromArrays({ a: Float64Array.of(1, 2) });
    expect(() => profileOfTable(table, { features: ['b'] })).toThrow(/column "b" not found \(columns: a\)/);
  });
});
