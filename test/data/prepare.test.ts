import { describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import { ingestCsv, ingestJson } from '../../workers/compute/data/ingest';
import { dropNulls, mulberry32, splitTable } from '../../workers/compute/data/prepare';
import { tableFromColumns } from '../../workers/compute/data/columns';
import { takeRows } from '../../workers/compute/data/table';
import { fixture, PENGUINS } from './helpers';

const ids = (t: arrow.Table): number[] => [...t.getChild('id')!].map(Number);

/** n rows: id 0..n-1 and a class column with the given class sizes. */
function synthetic(classes: Record<string, number>): arrow.Table {
  const labels = Object.entries(classes).flatMap(([k, n]) => Array<string>(n).fill(k));
  // Interleave so classes are not in blocks.
  const order = labels.map((l, i) => ({ l, k: mulberry32(i + 1)() })).sort((a, b) => a.k - b.k).map((x) => x.l);
  return tableFromColumns([
    { name: 'id', type: 'integer', values: Int32Array.from(order, (_, i) => i), valid: null },
    { name: 'cls', type: 'string', values: order, valid: null },
  ]);
}

describe('dropNulls', () => {
  it('drops rows with a null in any column, or in the named ones', async () => {
    const { table } = await ingestJson(PENGUINS);
    const all = dropNulls(table);
    expect(all.dropped).toBe(10); // the 10 null-Sex rows include both rows without measurements
    expect(all.table.numRows).toBe(334);
    const mass = dropNulls(table, ['Body Mass (g)']);
    expect(mass).toMatchObject({ dropped: 2 });
    expect(mass.table.numRows).toBe(342);
    expect(mass.table.getChild('Body Mass (g)')!.nullCount).toBe(0);
    expect(() => dropNulls(table, ['nope'])).toThrow(/no column "nope"/);
    expect(mass.table.schema.metadata.size).toBe(0); // ingest row numbers no longer apply
  });

  it('keeps every row of a table without nulls', async () => {
    const { table } = await ingestCsv(fixture('good.csv'));
    const r = dropNulls(table);
    expect(r.dropped).toBe(0);
    expect(ids(r.table)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('splitTable', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const t = synthetic({ a: 600, b: 300, c: 100 });
    const s1 = splitTable(t, { test: 0.2, seed: 7 });
    const s2 = splitTable(t, { test: 0.2, seed: 7 });
    const s3 = splitTable(t, { test: 0.2, seed: 8 });
    expect(ids(s1.test)).toEqual(ids(s2.test));
    expect(ids(s1.train)).toEqual(ids(s2.train));
    expect(ids(s1.test)).not.toEqual(ids(s3.test));
    expect(s1.test.numRows).toBe(200);
    // A fixed seed gives the same rows on every machine: pin the first few.
    expect(ids(s1.test).slice(0, 5)).toMatchInlineSnapshot(`
      [
        9,
        12,
        15,
        16,
        18,
      ]
    `);
  });

  it('loses and duplicates no row', () => {
    const t = synthetic({ a: 37, b: 21, c: 5 });
    const { train, test } = splitTable(t, { test: 0.3, seed: 1, stratify: 'cls' });
    const all = [...ids(train), ...ids(test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 63 }, (_, i) => i));
    expect(test.numRows).toBe(Math.round(63 * 0.3));
  });

  it('stratifies: each class keeps its proportion', () => {
    const t = synthetic({ a: 600, b: 300, c: 100 });
    const { train, test } = splitTable(t, { test: 0.25, seed: 3, stratify: 'cls' });
    const count = (tb: arrow.Table) => {
      const m: Record<string, number> = {};
      for (const v of tb.getChild('cls')!) m[String(v)] = (m[String(v)] ?? 0) + 1;
      return m;
    };
    expect(count(test)).toEqual({ a: 150, b: 75, c: 25 });
    expect(count(train)).toEqual({ a: 450, b: 225, c: 75 });
  });

  it('stratifies penguins by species with exact total', async () => {
    const { table } = await ingestJson(PENGUINS);
    const { train, test } = splitTable(table, { test: 0.2, seed: 42, stratify: 'Species' });
    expect(train.numRows + test.numRows).toBe(344);
    expect(test.numRows).toBe(69);
    const share = (tb: arrow.Table, s: string) => [...tb.getChild('Species')!].filter((x) => x === s).length / tb.numRows;
    for (const s of ['Adelie', 'Gentoo', 'Chinstrap']) expect(Math.abs(share(test, s) - share(table, s))).toBeLessThan(0.01);
  });

  it('rejects a bad fraction or stratify column', () => {
    const t = synthetic({ a: 10 });
    expect(() => splitTable(t, { test: 1, seed: 1 })).toThrow(/between 0 and 1/);
    expect(() => splitTable(t, { test: 0.2, seed: 1, stratify: 'x' })).toThrow(/no column "x"/);
  });
});

describe('takeRows', () => {
  it('takes text as bytes: nulls, empty, long and non-ASCII texts kept, in the order asked, twice if asked', () => {
    const long = 'x'.repeat(100);
    const table = tableFromColumns([
      { name: 's', type: 'string', values: ['a', '', long, 'ünï', 'zz'], valid: Uint8Array.from([1, 1, 1, 1, 0]) },
      { name: 'n', type: 'integer', values: Int32Array.from([1, 2, 3, 4, 5]), valid: null },
    ]);
    const taken = takeRows(table, [4, 3, 2, 1, 0, 3]);
    expect(taken.getChild('s')!.toArray()).toEqual([null, 'ünï', long, '', 'a', 'ünï']);
    expect(Array.from(taken.getChild('n')!.toArray() as Int32Array)).toEqual([5, 4, 3, 2, 1, 4]);
    // A table made of a slice (an offset into its buffers) is read from the slice's first row.
    const sliced = new arrow.Table(table.batches.map((b) => b.slice(2, 5)));
    expect(takeRows(sliced, [1, 0]).getChild('s')!.toArray()).toEqual(['ünï', long]);
  });
});
