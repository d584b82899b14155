// Declared types are applied inside the tokenizer's one pass, and validate.table reads typed
// Arrow views instead of JS values: these tests pin both paths to the documented rules
// (row numbers, counts and examples of misfits; UTF-16 string order; exact/estimated distinct).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestCsv, type IngestColumnSummary } from '../../workers/compute/data/ingest';
import { columnSchemaOf, tableFromColumns } from '../../workers/compute/data/table';
import { validateTable, type RuleResult, type ValidationReport } from '../../workers/compute/data/validate';
import { tempDir } from './helpers';

const t = tempDir();
afterAll(() => t.cleanup());
let n = 0;
async function csv(text: string, config = {}) {
  const file = join(t.dir, `d${n++}.csv`);
  writeFileSync(file, text);
  return ingestCsv(file, config);
}
const col = (s: { columns: IngestColumnSummary[] }, name: string): IngestColumnSummary => s.columns.find((c) => c.name === name)!;
const rule = (r: ValidationReport, kind: RuleResult['rule'], column: string): RuleResult => r.rules.find((x) => x.rule === kind && x.column === column)!;
const values = (table: arrow.Table, name: string) => [...table.getChild(name)!].map((v) => (typeof v === 'bigint' ? Number(v) : v));

const DECLARED = { columns: { id: { type: 'integer' }, amount: { type: 'number' }, flag: { type: 'boolean' }, when: { type: 'date' }, name: { type: 'string' } } };
const MESSY =
  '\ufeffid,amount,flag,when,name\r\n' +
  '1,"1,5",yes,2024-01-01,"a,b"\r\n' +
  '\r\n' +
  '2,"2.5",Y,"2024-01-02T10:00:00Z","line1\r\nline2"\r\n' +
  '3,NA,,not a date,plain\r\n' +
  '\n' +
  '4,x1,maybe,2024-02-30,"say ""x"""\r\n' +
  '5,7,0,2024-03-01,"NA"\r\n';

describe('declared types in the tokenizer', () => {
  it('parses quoted, CRLF, BOM and blank-line input as the declared types and counts misfits by row', async () => {
    const { table, summary } = await csv(MESSY, DECLARED);
    expect(summary.rows).toBe(5);
    expect(summary.malformedRows.count).toBe(0);
    expect(columnSchemaOf(table).map((c) => c.type)).toEqual(['integer', 'number', 'boolean', 'date', 'string']);
    expect(values(table, 'id')).toEqual([1, 2, 3, 4, 5]);
    expect(values(table, 'amount')).toEqual([null, 2.5, null, null, 7]);
    expect(col(summary, 'amount')).toMatchObject({ nulls: 1, typeErrors: { count: 2, rows: [1, 4], examples: ['1,5', 'x1'] }, inferred: 'string', declared: 'number' });
    expect(values(table, 'flag')).toEqual([true, true, null, null, false]);
    expect(col(summary, 'flag')).toMatchObject({ nulls: 1, typeErrors: { count: 1, rows: [4], examples: ['maybe'] } });
    expect(values(table, 'when')).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2, 10), null, null, Date.UTC(2024, 2, 1)]);
    expect(col(summary, 'when')).toMatchObject({ nulls: 0, typeErrors: { count: 2, rows: [3, 4], examples: ['not a date', '2024-02-30'] }, inferred: 'string' });
    expect(values(table, 'name')).toEqual(['a,b', 'line1\r\nline2', 'plain', 'say "x"', null]);
    expect(col(summary, 'name')).toMatchObject({ nulls: 1, typeErrors: { count: 0 } });
  });

  it('reports the same inferred types with and without declarations', async () => {
    const declared = await csv(MESSY, DECLARED);
    const inferred = await csv(MESSY);
    expect(declared.summary.columns.map((c) => c.inferred)).toEqual(inferred.summary.columns.map((c) => c.inferred));
    expect(declared.summary.columns.map((c) => c.nulls)).toEqual(inferred.summary.columns.map((c) => c.nulls));
  });

  it('applies integer leniently and refuses what does not fit Int32', async () => {
    const { table, summary } = await csv('a,b\n3.0,1\n3.5,2\n2147483648,3\n-7,4\n"12",5\n', { columns: { a: { type: 'integer' } } });
    expect(values(table, 'a')).toEqual([3, null, null, -7, 12]);
    expect(col(summary, 'a').typeErrors).toEqual({ count: 2, rows: [2, 3], examples: ['3.5', '2147483648'] });
    expect(table.getChild('a')!.type).toBeInstanceOf(arrow.Int32);
  });

  it('counts missing fields of malformed rows as nulls, not type errors, and keeps row numbers', async () => {
    const { table, summary } = await csv('a,b,c\n1,x,2\n2\n"3",y,bad\n4,z,5,extra\n', { columns: { a: { type: 'number' }, b: { type: 'string' }, c: { type: 'integer' } } });
    expect(values(table, 'b')).toEqual(['x', null, 'y', 'z']);
    expect(col(summary, 'b').nulls).toBe(1);
    expect(summary.malformedRows).toMatchObject({ count: 2, rows: [2, 4] });
    expect(values(table, 'c')).toEqual([2, null, null, 5]);
    expect(col(summary, 'c')).toMatchObject({ nulls: 1, typeErrors: { count: 1, rows: [3], examples: ['bad'] } });
    expect(values(table, 'a')).toEqual([1, 2, 3, 4]);
  });

  it('keeps every cell of a long declared column (past the first capacity guess)', async () => {
    const long = (i: number) => (i % 3 === 0 ? `"row ${i}, quoted ""and"" longer than the rest of the line"` : `row ${i} is long enough to take the slow copy`);
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},${i % 7 === 0 ? 'oops' : (i / 4).toFixed(2)},${i % 2 ? 'true' : 'false'},${long(i)}`);
    const { table, summary } = await csv('k,v,f,t\nshort,1,true,\n' + rows.join('\n') + '\n', { columns: { v: { type: 'number' }, f: { type: 'boolean' }, t: { type: 'string' } } });
    const t = table.getChild('t')!;
    expect([t.get(0), t.get(1), t.get(2), t.get(30_000)]).toEqual([null, 'row 0, quoted "and" longer than the rest of the line', 'row 1 is long enough to take the slow copy', 'row 29999 is long enough to take the slow copy']);
    expect(summary.rows).toBe(30_001);
    expect(col(summary, 'v').typeErrors.count).toBe(Math.ceil(30_000 / 7));
    expect(col(summary, 'v').typeErrors.rows).toEqual([2, 9, 16, 23, 30]);
    expect(table.getChild('v')!.get(30_000)).toBe(Number((29_999 / 4).toFixed(2)));
    expect(table.getChild('f')!.get(30_000)).toBe(true);
  });
});

describe('validate.table on typed views', () => {
  it('orders strings as JavaScript does (UTF-16), also past the Basic Multilingual Plane', async () => {
    const { table } = await csv('s\nｚ\n😀\nabc\né\n');
    const r = validateTable(table, { columns: { s: { min: 'b', max: 'ｙ' } } });
    const strings = ['ｚ', '😀', 'abc', 'é'];
    const sorted = [...strings].sort();
    expect(r.columns[0]).toMatchObject({ min: sorted[0], max: sorted.at(-1), distinct: 4 });
    expect(rule(r, 'min', 's')).toMatchObject({ failingRows: strings.filter((x) => x < 'b').length, rows: [3] });
    expect(rule(r, 'max', 's')).toMatchObject({ failingRows: strings.filter((x) => x > 'ｙ').length });
    // U+FF5A sorts above an emoji in UTF-16 though its UTF-8 lead byte is lower.
    const after = await csv('s\na\n😀\nｚ\n\n');
    expect(validateTable(after.table, {}).columns[0]).toMatchObject({ min: 'a', max: 'ｚ' });
  });

  it('checks values and unique on strings by their bytes, with row numbers', async () => {
    const { table } = await csv('s\nred\nblue\nred\n"blue"\ngreen\nrouge\n\n', {});
    const r = validateTable(table, { columns: { s: { values: ['red', 'blue'], unique: true } } });
    expect(rule(r, 'values', 's')).toMatchObject({ failingRows: 2, rows: [5, 6], message: 'column "s": 2 rows with values not in [red, blue] (e.g. "green")' });
    expect(rule(r, 'unique', 's')).toMatchObject({ failingRows: 2, rows: [3, 4] });
  });

  it('counts distinct values exactly up to 100 000 (narrow integers always) and estimates past that', () => {
    const many = 150_000;
    const strings = Array.from({ length: many }, (_, i) => `v${i}`);
    const numbers = Float64Array.from({ length: many }, (_, i) => i * 1.5);
    const table = tableFromColumns([
      { name: 'few', type: 'string', values: strings.map((_, i) => `k${i % 1000}`), valid: null },
      { name: 'many', type: 'string', values: strings, valid: null },
      { name: 'num', type: 'number', values: numbers, valid: null },
      { name: 'int', type: 'integer', values: Int32Array.from({ length: many }, (_, i) => (i % 5000) * 1000), valid: null },
      { name: 'wide', type: 'integer', values: Int32Array.from({ length: many }, (_, i) => i * 30_000), valid: null },
      { name: 'ids', type: 'integer', values: Int32Array.from({ length: many }, (_, i) => i - 20), valid: null },
    ]);
    const byName = Object.fromEntries(validateTable(table, {}).columns.map((c) => [c.name, c]));
    expect(byName.few).toMatchObject({ distinct: 1000, distinctExact: true });
    expect(byName.int).toMatchObject({ distinct: 5000, distinctExact: true });
    expect(byName.ids).toMatchObject({ distinct: many, distinctExact: true }); // a narrow integer range: exact at any count
    for (const name of ['many', 'num', 'wide']) {
      expect(byName[name].distinctExact).toBe(false);
      expect(Math.abs(byName[name].distinct - many) / many).toBeLessThan(0.03);
    }
  });

  it('gives the same report for a table split into several record batches', async () => {
    const { table } = await csv(MESSY, DECLARED);
    const halves = new arrow.Table([...table.slice(0, 2).batches, ...table.slice(2).batches]);
    const config = { columns: { amount: { min: 3 }, name: { values: ['plain'] }, when: { max: Date.UTC(2024, 0, 1) }, id: { unique: true } } };
    const whole = validateTable(table, config);
    const split = validateTable(halves, config, undefined);
    expect(split.columns.map(({ name, nulls, min, max, distinct, mean }) => ({ name, nulls, min, max, distinct, mean })))
      .toEqual(whole.columns.map(({ name, nulls, min, max, distinct, mean }) => ({ name, nulls, min, max, distinct, mean })));
    expect(split.rules.filter((x) => x.rule !== 'type')).toEqual(whole.rules.filter((x) => x.rule !== 'type'));
  });
});
