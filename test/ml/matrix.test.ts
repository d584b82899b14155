// tableToMatrix: Arrow feature columns to the row-major float32 matrix training reads.
import { tableFromArrays, tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableToMatrix } from '../../workers/compute/ml/matrix';

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
