import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDateBytes, parseNumberBytes } from '../../workers/compute/data/bytes';
import { parseDate } from '../../workers/compute/data/convert';
import { ingestCsv } from '../../workers/compute/data/ingest';
import { columnSchemaOf } from '../../workers/compute/data/table';
import { mulberry32 } from '../../workers/compute/data/prepare';
import { tempDir } from './helpers';

const t = tempDir();
afterAll(() => t.cleanup());
let n = 0;
async function csv(text: string, config = {}) {
  const file = join(t.dir, `f${n++}.csv`);
  writeFileSync(file, text);
  return ingestCsv(file, config);
}
const bytes = (s: string) => new TextEncoder().encode(s);
const num = (s: string) => parseNumberBytes(bytes(s), 0, bytes(s).length);

describe('number parsing', () => {
  it('agrees with the engine on random decimals (fast and slow paths)', async () => {
    const rand = mulberry32(5);
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const digits = 1 + Math.floor(rand() * 18);
      let s = '';
      for (let k = 0; k < digits; k++) s += Math.floor(rand() * 10);
      const dot = Math.floor(rand() * (digits + 1));
      s = dot < digits && rand() < 0.7 ? `${s.slice(0, dot)}.${s.slice(dot)}` : s;
      if (rand() < 0.3) s = '-' + s;
      if (rand() < 0.1) s += `e${Math.floor(rand() * 40) - 20}`;
      texts.push(s);
    }
    for (const s of texts) expect(num(s)).toBe(Number(s));
    const { table } = await csv('x\n' + texts.join('\n') + '\n');
    expect([...table.getChild('x')!.toArray()]).toEqual(texts.map(Number));
  });

  it('rejects what is not a plain number', () => {
    for (const s of ['', '-', '.', '1e', 'abc', '1,5', '0x10', 'Infinity', ' 1', '1 ', '1e400']) expect(num(s)).toBeNaN();
    expect(num('+5')).toBe(5);
    expect(num('.5')).toBe(0.5);
    expect(num('1E3')).toBe(1000);
  });

  it('types integer columns as Int32 only when every value fits', async () => {
    const a = await csv('a,b,c\n2147483647,2147483648,1\n-2147483648,1,2.0\n');
    expect(columnSchemaOf(a.table).map((c) => c.type)).toEqual(['integer', 'number', 'number']);
    const d = await csv('a\n3.0\n3.5\n', { columns: { a: { type: 'integer' } } });
    expect(d.summary.columns[0].typeErrors).toMatchObject({ count: 1, rows: [2], examples: ['3.5'] });
    expect([...d.table.getChild('a')!]).toEqual([3, null]);
  });
});

describe('date parsing', () => {
  it('reads ISO dates and date-times as UTC milliseconds', () => {
    const d = (s: string) => parseDateBytes(bytes(s), 0, s.length);
    expect(d('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(d('1969-12-31')).toBe(-86400000);
    expect(d('2023-06-01T12:34')).toBe(Date.UTC(2023, 5, 1, 12, 34));
    expect(d('2023-06-01 12:34:56.789')).toBe(Date.UTC(2023, 5, 1, 12, 34, 56, 789));
    expect(d('2023-06-01T12:00:00+02:00')).toBe(Date.UTC(2023, 5, 1, 10));
    expect(d('2023-06-01T12:00:00-0130')).toBe(Date.UTC(2023, 5, 1, 13, 30));
    expect(d('2023-06-01T12:00:00Z')).toBe(Date.parse('2023-06-01T12:00:00Z'));
    for (const bad of ['2023-02-29', '2023-13-01', '2023-04-31', '2023-06-01T24:00', '2023-6-1', '20230601', '2023-06-01T12:00:00+2']) expect(d(bad)).toBeNaN();
    expect(parseDate('2023-06-01T12:00:00Z')).toBe(d('2023-06-01T12:00:00Z'));
  });
});

describe('CSV tokenizing', () => {
  it('handles CRLF, a BOM, quoted delimiters, newlines and escaped quotes', async () => {
    const { table, summary } = await csv('\ufeffid,text\r\n1,"a,b"\r\n2,"line1\r\nline2"\r\n3,"say ""x"""\r\n4,plain\r\n');
    expect(summary.malformedRows.count).toBe(0);
    expect(table.schema.fields[0].name).toBe('id');
    expect(table.getChild('text')!.toArray()).toEqual(['a,b', 'line1\r\nline2', 'say "x"', 'plain']);
    expect([...table.getChild('id')!]).toEqual([1, 2, 3, 4]);
  });

  it('parses quoted numbers and treats a quoted null value as null', async () => {
    const { table } = await csv('a,b\n"1.5",x\n"NA",y\n2,z\n');
    expect([...table.getChild('a')!]).toEqual([1.5, null, 2]);
  });

  it('reports an unterminated quote as a malformed row', async () => {
    const { summary } = await csv('a,b\n1,x\n2,"open\n');
    expect(summary.malformedRows).toMatchObject({ count: 1, rows: [2] });
  });

  it('names empty and repeated headers uniquely; tab delimiter; empty file refused, header only kept', async () => {
    const { table } = await csv('a\ta\t\n1\t2\t3\n', { delimiter: '\t' });
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'a_2', 'column3']);
    await expect(csv('')).rejects.toThrow(/the file is empty/);
    const headerOnly = await csv('a,b\n');
    expect(headerOnly.table.numRows).toBe(0);
    expect(columnSchemaOf(headerOnly.table)).toEqual([{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }]);
    await expect(csv('a\n1\n', { delimiter: ';;' })).rejects.toThrow(/one ASCII character/);
  });

  it('keeps mixed columns as text and all-null columns as strings', async () => {
    const { table, summary } = await csv('a,b,c,d\n1,true,2020-01-01,\n2,false,x,\nx,TRUE,2020-01-03,\n');
    expect(columnSchemaOf(table).map((c) => c.type)).toEqual(['string', 'boolean', 'string', 'string']);
    expect(table.getChild('a')!.toArray()).toEqual(['1', '2', 'x']);
    expect(summary.columns[3].nulls).toBe(3);
  });
});
