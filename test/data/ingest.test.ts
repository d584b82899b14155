import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ingestCsv, ingestJson, ingestSummaryOf, IngestError } from '../../workers/compute/data/ingest';
import { readTable, writeTable, columnSchemaOf } from '../../workers/compute/data/table';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { fixture, PENGUINS, tempDir } from './helpers';

const col = (s: { columns: { name: string }[] }, name: string) => {
  const c = (s.columns as { name: string }[]).find((x) => x.name === name);
  if (!c) throw new Error(`no ${name}`);
  return c as import('../../workers/compute/data/ingest').IngestColumnSummary;
};

describe('ingestCsv', () => {
  it('infers column types and parses quoted fields', async () => {
    const { table, summary } = await ingestCsv(fixture('good.csv'));
    expect(table.numRows).toBe(5);
    expect(columnSchemaOf(table)).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'string' },
      { name: 'age', type: 'integer' },
      { name: 'score', type: 'number' },
      { name: 'member', type: 'boolean' },
      { name: 'joined', type: 'date' },
    ]);
    expect(table.getChild('name')!.toArray()).toEqual(['Ann', 'Bob', 'Lee, Jr.', 'Say "hi"', 'Eve']);
    expect([...table.getChild('score')!.toArray()]).toEqual([7.5, 8.25, 6, 9, 7]);
    expect([...table.getChild('member')!].map(Boolean)).toEqual([true, false, true, false, true]);
    expect(table.getChild('joined')!.get(0)).toBe(Date.UTC(2023, 0, 5));
    expect(table.getChild('joined')!.get(3)).toBe(Date.UTC(2023, 3, 1, 10, 30));
    expect(summary.rows).toBe(5);
    expect(summary.malformedRows.count).toBe(0);
    expect(summary.columns.every((c) => c.typeErrors.count === 0 && c.declared === null)).toBe(true);
  });

  it('applies declared types, which override inference', async () => {
    const { table, summary } = await ingestCsv(fixture('good.csv'), { columns: { id: { type: 'string' }, age: { type: 'number' } } });
    expect(columnSchemaOf(table).slice(0, 3).map((c) => c.type)).toEqual(['string', 'string', 'number']);
    expect(table.getChild('id')!.get(0)).toBe('1');
    expect(col(summary, 'age')).toMatchObject({ type: 'number', inferred: 'integer', declared: 'number' });
  });

  it('turns values that do not fit a declared type into nulls and counts them with row numbers', async () => {
    const { table, summary } = await ingestCsv(fixture('wrong-types.csv'), {
      columns: { amount: { type: 'number' }, active: { type: 'boolean' }, when: { type: 'date' } },
    });
    expect(table.numRows).toBe(6);
    expect(col(summary, 'amount').typeErrors).toEqual({ count: 2, rows: [2, 6], examples: ['abc', 'x1'] });
    expect(col(summary, 'amount').nulls).toBe(1); // the empty cell is a null, not an error
    expect(col(summary, 'active').typeErrors).toEqual({ count: 1, rows: [3], examples: ['maybe'] });
    expect(col(summary, 'when').typeErrors).toEqual({ count: 2, rows: [2, 4], examples: ['2024-02-30', 'not a date'] });
    const amount = table.getChild('amount')!;
    expect([0, 1, 2, 3, 4, 5].map((i) => amount.get(i))).toEqual([10.5, null, 7, null, 12, null]);
    expect([...table.getChild('active')!]).toEqual([true, true, null, false, false, true]);
    // Without declarations the mixed column is simply a string column.
    const inferred = await ingestCsv(fixture('wrong-types.csv'));
    expect(col(inferred.summary, 'amount')).toMatchObject({ type: 'string', typeErrors: { count: 0 } });
  });

  it('keeps and reports malformed rows (wrong field count)', async () => {
    const { table, summary } = await ingestCsv(fixture('malformed.csv'));
    expect(table.numRows).toBe(5); // the blank line is not a row
    expect(summary.malformedRows.count).toBe(2);
    expect(summary.malformedRows.rows).toEqual([2, 3]);
    expect(summary.malformedRows.examples).toEqual(['2,Bob', '3,Cy,29,extra']);
    expect(table.getChild('age')!.get(1)).toBeNull();
    expect(table.getChild('age')!.get(2)).toBe(29);
    expect(col(summary, 'age')).toMatchObject({ type: 'integer', nulls: 1 });
  });

  it('honours nullValues and the delimiter', async () => {
    const { table, summary } = await ingestCsv(fixture('nulls.csv'), { delimiter: ';' });
    expect(col(summary, 'city')).toMatchObject({ type: 'string', nulls: 3 });
    expect(col(summary, 'temp')).toMatchObject({ type: 'number', nulls: 3 });
    expect([...table.getChild('temp')!]).toEqual([4.5, null, null, 20.1, null, -3]);
    const custom = await ingestCsv(fixture('nulls.csv'), { delimiter: ';', nullValues: [''] });
    expect(col(custom.summary, 'city').nulls).toBe(1);
    expect(custom.table.getChild('city')!.get(1)).toBe('NA');
    expect(col(custom.summary, 'temp').type).toBe('string'); // "N/A" and "NaN" are now text
  });

  it('fails clearly when a declared column is absent', async () => {
    await expect(ingestCsv(fixture('good.csv'), { columns: { churned: { type: 'boolean' } } })).rejects.toThrow(IngestError);
    await expect(ingestCsv(fixture('good.csv'), { columns: { churned: { type: 'boolean' } } })).rejects.toThrow(/"churned" not found/);
  });

  it('supports header: false', async () => {
    const { table } = await ingestCsv(fixture('good.csv'), { header: false });
    expect(table.numRows).toBe(6);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['column1', 'column2', 'column3', 'column4', 'column5', 'column6']);
  });
});

describe('ingestJson', () => {
  it('reads a JSON array of objects', async () => {
    const { table, summary } = await ingestJson(fixture('records.json'));
    expect(columnSchemaOf(table)).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'species', type: 'string' },
      { name: 'mass', type: 'number' },
      { name: 'sex', type: 'string' },
      { name: 'seen', type: 'date' },
    ]);
    expect(col(summary, 'sex').nulls).toBe(2); // explicit null and missing key
    expect(summary.format).toBe('json');
  });

  it('reads JSON lines and reports unparsable lines', async () => {
    const { table, summary } = await ingestJson(fixture('events.jsonl'));
    expect(summary.format).toBe('jsonl');
    expect(table.numRows).toBe(5);
    expect(summary.malformedRows).toMatchObject({ count: 1, rows: [4], examples: ['{not json'] });
    expect([...table.getChild('ok')!]).toEqual([true, false, null, null, true]);
  });

  it('ingests penguins.json: 344 rows, 7 columns, the known nulls', async () => {
    const { table, summary } = await ingestJson(PENGUINS);
    expect(table.numRows).toBe(344);
    expect(table.numCols).toBe(7);
    expect(columnSchemaOf(table)).toEqual([
      { name: 'Species', type: 'string' },
      { name: 'Island', type: 'string' },
      { name: 'Beak Length (mm)', type: 'number' },
      { name: 'Beak Depth (mm)', type: 'number' },
      { name: 'Flipper Length (mm)', type: 'integer' },
      { name: 'Body Mass (g)', type: 'integer' },
      { name: 'Sex', type: 'string' },
    ]);
    expect(col(summary, 'Sex').nulls).toBe(10);
    for (const m of ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']) expect(col(summary, m).nulls).toBe(2);
    const mass = table.getChild('Body Mass (g)')!;
    expect(mass.get(3)).toBeNull();
    expect(mass.get(339)).toBeNull();
  });
});

describe('writeTable / readTable', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('round-trips through the artifact store with schema, rows and ingest summary', async () => {
    const store = new LocalArtifactStore(join(t.dir, 'a'));
    const { table, summary } = await ingestCsv(fixture('wrong-types.csv'), { columns: { amount: { type: 'number' } } });
    const ref = await writeTable(store, table);
    expect(ref).toMatchObject({ type: 'Table', rows: 6, columns: columnSchemaOf(table) });
    expect(ref.uri).toBe(`artifact://sha256/${ref.hash}.arrow`);
    const back = await readTable(store, ref);
    expect(back.numRows).toBe(6);
    expect([...back.getChild('amount')!]).toEqual([...table.getChild('amount')!]);
    expect(ingestSummaryOf(back)).toEqual(summary);
    // Same content → same hash (content-addressed, so retries are free).
    expect((await writeTable(store, (await ingestCsv(fixture('wrong-types.csv'), { columns: { amount: { type: 'number' } } })).table)).hash).toBe(ref.hash);
  });
});
