// tableToMatrix and the training-data profile.
import { tableFromArrays, tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableToMatrix } from '../../workers/compute/ml/matrix';
import { binIndex, PROFILE_BINS, profileMatrix, profileTable } from '../../workers/compute/ml/profile';

describe('tableToMatrix', () => {
  it('converts numbers, integers, bigints and booleans; sorts classes', () => {
    const table = tableFromArrays({
      f: Float64Array.of(1.5, 2.5, 3.5),
      i: Int32Array.of(1, 2, 3),
      big: BigInt64Array.of(10n, 20n, 30n),
      flag: [true, false, true],
      y: ['b', 'a', 'b'],
    });
    const m = tableToMatrix(table, ['f', 'i', 'big', 'flag'], 'y');
    expect(Array.from(m.X)).toEqual([1.5, 1, 10, 1, 2.5, 2, 20, 0, 3.5, 3, 30, 1]);
    expect(m.classes).toEqual(['a', 'b']);
    expect(Array.from(m.y!)).toEqual([1, 0, 1]);
  });

  it('sorts numeric labels numerically', () => {
    const m = tableToMatrix(tableFromArrays({ f: Float64Array.of(0, 0, 0), y: Int32Array.of(10, 2, 1) }), ['f'], 'y');
    expect(m.classes).toEqual(['1', '2', '10']);
  });

  it('refuses nulls, naming the column and the count', () => {
    const table = tableFromJSON([
      { a: 1, b: null, y: 'p' },
      { a: 2, b: null, y: null },
      { a: 3, b: 4, y: 'q' },
    ]);
    expect(() => tableToMatrix(table, ['a', 'b'], 'y')).toThrow('column "b" has 2 null value(s)');
    expect(() => tableToMatrix(table, ['a'], 'y')).toThrow('column "y" has 1 null value(s)');
    expect(() => tableToMatrix(table, ['nope'])).toThrow(/column "nope" not found/);
  });

  it('refuses string features', () => {
    const table = tableFromArrays({ s: ['x', 'y'] });
    expect(() => tableToMatrix(table, ['s'])).toThrow(/feature "s" has type .*only number, integer and boolean/);
  });
});

describe('profile', () => {
  it('summarizes each feature with decile edges and a 10-bin histogram', () => {
    const rows = 1000;
    const X = Float32Array.from({ length: rows }, (_, i) => i); // 0..999
    const [p] = profileMatrix(X, rows, ['v']);
    expect(p.mean).toBeCloseTo(499.5, 9);
    expect(p.std).toBeCloseTo(Math.sqrt((rows * rows - 1) / 12), 6);
    expect([p.min, p.max]).toEqual([0, 999]);
    expect(p.edges).toHaveLength(PROFILE_BINS + 1);
    expect(p.edges[5]).toBeCloseTo(499.5, 9);
    expect(p.histogram).toEqual(new Array(10).fill(100));
    expect(binIndex(p.edges, -5)).toBe(0);
    expect(binIndex(p.edges, 1e9)).toBe(9);
  });

  it('profiles table columns', () => {
    const prof = profileTable(tableFromArrays({ a: Float64Array.of(1, 2, 3, 4), b: [true, false, false, false] }), ['a', 'b']);
    expect(prof.map((p) => p.feature)).toEqual(['a', 'b']);
    expect(prof[1].mean).toBe(0.25);
    expect(prof[0].histogram.reduce((x, y) => x + y, 0)).toBe(4);
  });
});
