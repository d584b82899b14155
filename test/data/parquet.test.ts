// ingest.parquet's reading: Parquet files written by DuckDB (a real producer, as pandas or Spark users hand them
// over) and Arrow IPC files, held in Headrace's five column types; declared types converting with ingest's
// rules; and the refusals, each naming the file and the column.
import { DuckDBInstance } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestColumnar } from '../../workers/compute/data/columnar';
import { columnsOf, cellValue } from '../../workers/compute/data/columns';
import { IngestError } from '../../workers/compute/data/ingest';

const dir = mkdtempSync(join(tmpdir(), 'headrace-parquet-'));
let db: DuckDBInstance;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const c = await db.connect();
  await c.run(`COPY (
    SELECT * FROM (VALUES
      (1, 10000000000::BIGINT, 1.5::DOUBLE, 2.25::FLOAT, 3.10::DECIMAL(6,2), true, DATE '2024-02-29', TIMESTAMP '2024-03-01 12:30:00', 'Adelie'),
      (2, 20, NULL, 0.5::FLOAT, 1.00::DECIMAL(6,2), false, NULL, TIMESTAMP '1999-12-31 23:59:59.250', 'Gentoo'),
      (3, 30, -4.0, NULL, -0.05::DECIMAL(6,2), NULL, DATE '1970-01-02', NULL, NULL)
    ) AS t(id, big, x, f, d, ok, "day", "at", species)
  ) TO '${join(dir, 'mixed.parquet')}' (FORMAT parquet)`);
  await c.run(`COPY (SELECT 1 AS id, [1, 2] AS tags, {'a': 1} AS meta) TO '${join(dir, 'nested.parquet')}' (FORMAT parquet)`);
  await c.run(`COPY (SELECT range::INTEGER AS n, 'row ' || range AS label FROM range(5000)) TO '${join(dir, 'plain.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  c.closeSync();
});

afterAll(() => db?.closeSync());

const values = (t: arrow.Table) => Object.fromEntries(columnsOf(t).map((c) => [c.name, Array.from({ length: c.values.length }, (_, i) => cellValue(c, i))]));

describe('ingest.parquet', () => {
  it("reads DuckDB's Parquet into Headrace's column types, nulls kept", async () => {
    const { table, summary } = await ingestColumnar(join(dir, 'mixed.parquet'));
    expect(summary).toMatchObject({ format: 'parquet', file: 'mixed.parquet', rows: 3 });
    expect(summary.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'], ['big', 'number'], ['x', 'number'], ['f', 'number'], ['d', 'number'],
      ['ok', 'boolean'], ['day', 'date'], ['at', 'date'], ['species', 'string'],
    ]);
    expect(summary.columns.find((c) => c.name === 'x')!.nulls).toBe(1);
    expect(values(table)).toEqual({
      id: [1, 2, 3],
      big: [10_000_000_000, 20, 30], // BIGINT past Int32: kept exact as numbers
      x: [1.5, null, -4],
      f: [2.25, 0.5, null],
      d: [3.1, 1, -0.05],
      ok: [true, false, null],
      day: [Date.parse('2024-02-29T00:00:00Z'), null, Date.parse('1970-01-02T00:00:00Z')],
      at: [Date.parse('2024-03-01T12:30:00Z'), Date.parse('1999-12-31T23:59:59.250Z'), null],
      species: ['Adelie', 'Gentoo', null],
    });
  });

  it('reads every row group, in order', async () => {
    const { table } = await ingestColumnar(join(dir, 'plain.parquet'));
    const v = values(table);
    expect(v.n).toHaveLength(5000);
    expect(v.n.slice(998, 1002)).toEqual([998, 999, 1000, 1001]);
    expect(v.label[4999]).toBe('row 4999');
  });

  it('says how far it has come: after each row group, then after each column', async () => {
    const seen: Array<{ phase: string; rows: number; totalRows?: number }> = [];
    await ingestColumnar(join(dir, 'plain.parquet'), {}, { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      // DuckDB rounds ROW_GROUP_SIZE 1000 up to its vector size: groups of 2048, 2048 and 904 rows.
      ...[2048, 4096, 5000].map((rows, g) => ({ phase: `reading row groups (${g + 1} of 3)`, rows, totalRows: 5000 })),
      { phase: 'converting columns (1 of 2)', rows: 5000, totalRows: 5000 },
      { phase: 'converting columns (2 of 2)', rows: 5000, totalRows: 5000 },
    ]);
  });

  it("converts to declared types by ingest's rules, misfits nulled and counted", async () => {
    const { table, summary } = await ingestColumnar(join(dir, 'plain.parquet'), { columns: { label: { type: 'integer' }, n: { type: 'string' } } });
    expect(table.schema.fields.map((f) => f.name)).toEqual(['label', 'n']); // the declared columns, in their order
    const label = summary.columns.find((c) => c.name === 'label')!;
    expect(label).toMatchObject({ type: 'integer', inferred: 'string', declared: 'integer' });
    expect(label.typeErrors.count).toBe(5000);
    expect(label.typeErrors.rows.slice(0, 2)).toEqual([1, 2]);
    expect(label.typeErrors.examples[0]).toBe('row 0');
    expect(values(table).n.slice(0, 3)).toEqual(['0', '1', '2']);
  });

  it('reads Arrow IPC files, wider and dictionary-encoded columns held in our types', async () => {
    const t = new arrow.Table({
      id: arrow.vectorFromArray([1n, 2n, 3n], new arrow.Int64()),
      w: arrow.vectorFromArray([0.5, 1.5, null], new arrow.Float32()),
      kind: arrow.vectorFromArray(['a', 'b', 'a'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())),
    });
    const file = join(dir, 'small.arrow');
    writeFileSync(file, arrow.tableToIPC(t, 'file'));
    const { table, summary } = await ingestColumnar(file);
    expect(summary.format).toBe('arrow');
    expect(summary.columns.map((c) => [c.name, c.type])).toEqual([['id', 'integer'], ['w', 'number'], ['kind', 'string']]);
    expect(values(table)).toEqual({ id: [1, 2, 3], w: [0.5, 1.5, null], kind: ['a', 'b', 'a'] });
  });

  it('refuses what it cannot hold, naming the file and the columns', async () => {
    await expect(ingestColumnar(join(dir, 'nested.parquet'))).rejects.toThrow(
      /^nested\.parquet: columns "tags" \(List.*\), "meta" \(Struct.*\) hold no number, integer, boolean, date or string; leave them out by declaring the columns to keep under columns:$/,
    );
    const kept = await ingestColumnar(join(dir, 'nested.parquet'), { columns: { id: { type: 'integer' } } });
    expect(values(kept.table)).toEqual({ id: [1] });
    await expect(ingestColumnar(join(dir, 'plain.parquet'), { columns: { Label: { type: 'string' } } })).rejects.toThrow(
      'plain.parquet: declared column "Label" not found (columns: "n", "label")',
    );
    const csv = join(dir, 'rows.parquet');
    writeFileSync(csv, 'a,b\n1,2\n');
    await expect(ingestColumnar(csv)).rejects.toThrow(IngestError);
    await expect(ingestColumnar(csv)).rejects.toThrow('rows.parquet: not a Parquet file (it starts with "a,b.1,", not "PAR1") nor an Arrow IPC file ("ARROW1"); read CSV with ingest.csv and JSON with ingest.json');
    const cut = join(dir, 'cut.parquet');
    const whole = (await import('node:fs')).readFileSync(join(dir, 'plain.parquet'));
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    await expect(ingestColumnar(cut)).rejects.toThrow(/^cut\.parquet: not a readable Parquet file: /);
  });
});

describe('wide integers and text from a sliced Arrow file', () => {
  it('reads a slice of Int64, UInt8 and text columns from where the slice starts, nulls kept', async () => {
    const t = new arrow.Table({
      big: arrow.vectorFromArray([1n, 2n, null, 4n, 5n], new arrow.Int64()),
      small: arrow.vectorFromArray([7, 8, 9, 10, 11], new arrow.Uint8()),
      word: arrow.vectorFromArray(['a', 'bb', null, 'dddd', 'e'], new arrow.Utf8()),
    });
    const sliced = new arrow.Table(t.batches.map((b) => b.slice(1, 4)));
    const file = join(dir, 'sliced.arrow');
    writeFileSync(file, arrow.tableToIPC(sliced, 'file'));
    const { table, summary } = await ingestColumnar(file);
    expect(values(table)).toEqual({ big: [2, null, 4], small: [8, 9, 10], word: ['bb', null, 'dddd'] });
    expect(summary.columns.map((c) => [c.name, c.type, c.nulls])).toEqual([['big', 'integer', 1], ['small', 'integer', 0], ['word', 'string', 1]]);
  });
});
