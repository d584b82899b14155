// prepare.filter / derive / select / join / sample on real tables (DuckDB for the first four), and the columns an
// expression names as the checker finds them.
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnsInExpression } from '../../dsl/sql-columns';
import { cellValue, columnsOf, tableFromColumns } from '../../workers/compute/data/columns';
import { SqlError } from '../../workers/compute/data/sql';
import { deriveColumns, filterRows, joinTables, sampleRows, selectColumns } from '../../workers/compute/data/transform';

const values = (t: arrow.Table) => Object.fromEntries(columnsOf(t).map((c) => [c.name, Array.from({ length: c.values.length }, (_, i) => cellValue(c, i))]));

const birds = tableFromColumns([
  { name: 'id', type: 'integer', values: Int32Array.of(1, 2, 3, 4, 5), valid: null },
  { name: 'Species', type: 'string', values: ['Adelie', 'Gentoo', 'Adelie', 'Chinstrap', 'Gentoo'], valid: null },
  { name: 'Body Mass (g)', type: 'number', values: Float64Array.of(3750, 5000, 0, 3500, 5400), valid: Uint8Array.of(1, 1, 0, 1, 1) },
]);
const islands = tableFromColumns([
  { name: 'Species', type: 'string', values: ['Adelie', 'Gentoo', 'Emperor'], valid: null },
  { name: 'id', type: 'integer', values: Int32Array.of(10, 20, 30), valid: null },
]);

describe('prepare.filter', () => {
  it('keeps the rows where the condition holds (null does not), bare names matched whatever their case', async () => {
    const { table } = await filterRows(birds, { where: `"Body Mass (g)" > 3600 AND species <> 'Chinstrap'` });
    expect(values(table)).toEqual({ id: [1, 2, 5], Species: ['Adelie', 'Gentoo', 'Gentoo'], 'Body Mass (g)': [3750, 5000, 5400] });
  });

  it("reports a column it cannot find under the setting's name, with DuckDB's candidates", async () => {
    const err = await filterRows(birds, { where: '"Body Mass (kg)" > 3' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqlError);
    expect((err as Error).message).toMatch(/^where: Binder Error: Referenced column "Body Mass \(kg\)" not found/);
    expect((err as Error).message).toContain('"Body Mass (g)"');
  });
});

describe('prepare.derive', () => {
  it('adds columns, replaces one in place, and casts to a declared type', async () => {
    const { table, summary } = await deriveColumns(birds, {
      columns: { kg: '"Body Mass (g)" / 1000', id: 'id * 10', heavy: '"Body Mass (g)" > 4000' },
      types: { id: 'number', heavy: 'boolean' },
    });
    expect(summary.columns.map((c) => [c.name, c.type])).toEqual([['id', 'number'], ['Species', 'string'], ['Body Mass (g)', 'number'], ['kg', 'number'], ['heavy', 'boolean']]);
    expect(values(table).id).toEqual([10, 20, 30, 40, 50]);
    expect(values(table).kg).toEqual([3.75, 5, null, 3.5, 5.4]);
    expect(values(table).heavy).toEqual([false, true, null, false, true]);
  });
});

describe('prepare.select', () => {
  it('keeps columns in the order given, or drops some, and names a missing one', async () => {
    expect(Object.keys(values((await selectColumns(birds, { columns: ['Species', 'id'] })).table))).toEqual(['Species', 'id']);
    expect(Object.keys(values((await selectColumns(birds, { drop: ['id'] })).table))).toEqual(['Species', 'Body Mass (g)']);
    await expect(selectColumns(birds, { columns: ['species'] })).rejects.toThrow('no column "species" in the table (columns: id, Species, Body Mass (g))');
  });
});

describe('prepare.join', () => {
  it('joins on keys: inner, left and full, a clashing right column renamed with the suffix', async () => {
    const inner = await joinTables(birds, islands, { on: ['Species'], how: 'inner', suffix: '_right' });
    expect(Object.keys(values(inner.table))).toEqual(['Species', 'id', 'Body Mass (g)', 'id_right']);
    expect(inner.table.numRows).toBe(4);
    const left = await joinTables(birds, islands, { on: ['Species'], how: 'left', suffix: '_island' });
    expect(values(left.table)).toMatchObject({ Species: expect.arrayContaining(['Chinstrap']), id_island: expect.arrayContaining([null]) });
    expect(left.table.numRows).toBe(5);
    const full = await joinTables(birds, islands, { on: ['Species'], how: 'full', suffix: '_right' });
    expect(full.table.numRows).toBe(6);
    expect(values(full.table).Species).toContain('Emperor'); // an unmatched right row keeps its key
    await expect(joinTables(birds, islands, { on: ['island'], how: 'inner', suffix: '_r' })).rejects.toThrow('the left table has no key column "island"');
  });
});

describe('prepare.sample', () => {
  it('takes the same rows for the same seed, in their original order', () => {
    const a = values(sampleRows(birds, { rows: 3, seed: 7 })).id as number[];
    expect(a).toHaveLength(3);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(values(sampleRows(birds, { rows: 3, seed: 7 })).id).toEqual(a);
    expect(sampleRows(birds, { fraction: 0.4, seed: 1 }).numRows).toBe(2);
    expect(sampleRows(birds, { rows: 50, seed: 1 }).numRows).toBe(5);
  });
});

describe('columnsInExpression', () => {
  it('finds quoted and bare column names, not keywords, literals, types, functions or qualified fields', () => {
    expect(columnsInExpression(`"Body Mass (g)" > 3e3 AND lower(sex) LIKE 'f%' AND x::INTEGER IS NOT NULL -- not_me\n OR CAST(age AS DOUBLE) BETWEEN 1 AND 2`)).toEqual([
      { name: 'Body Mass (g)', quoted: true }, { name: 'sex', quoted: false }, { name: 'x', quoted: false }, { name: 'age', quoted: false },
    ]);
    expect(columnsInExpression(`t.col = 'it''s' AND date_diff('day', since, DATE '2020-01-01') > 30 AND current_date > since`)).toEqual([{ name: 'since', quoted: false }]);
  });
});
