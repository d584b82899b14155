// A CSV read in parts (CsvPartsTokenizer, as ingest.csv reads a file whose columns are all declared) must give the
// cells a whole read gives (tokenizeCsv): the same rows, nulls, parsed values, text, type errors, malformed rows and
// offsets, wherever the parts are cut — inside a quoted field, between the two quotes of an escaped one, between CR
// and LF, inside the BOM or the header — and the same refusal of a record past the length limit.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestCsv } from '../../workers/compute/data/ingest';
import { tempDir } from './helpers';
import { CsvPartsTokenizer, CsvRecordTooLong, tokenizeCsv, type CsvCells, type CsvOptions } from '../../workers/compute/data/csv';

const encode = (text: string) => new TextEncoder().encode(text);

/** Everything but the bytes (a read in parts keeps none), with typed arrays as plain arrays. */
function comparable(cells: CsvCells): unknown {
  const plain = (a: ArrayLike<number> | null) => (a ? Array.from(a) : null);
  return {
    names: cells.names, rows: cells.rows, rowStarts: plain(cells.rowStarts), ends: cells.ends.map(plain),
    valid: cells.valid.map(plain), nulls: cells.nulls, mode: plain(cells.mode), values: cells.values.map(plain),
    bad: cells.bad, allInt: cells.allInt, malformed: cells.malformed,
    text: cells.text.map((t) => (t ? { offsets: plain(t.offsets), data: plain(t.data) } : null)),
  };
}

type Outcome = { cells: unknown } | { error: string };

function whole(bytes: Uint8Array, opts: CsvOptions): Outcome {
  try {
    return { cells: comparable(tokenizeCsv(bytes, opts)) };
  } catch (e) {
    if (e instanceof CsvRecordTooLong) return { error: e.message };
    throw e;
  }
}

function inParts(bytes: Uint8Array, opts: CsvOptions, size: number): Outcome {
  try {
    // As ingest.csv feeds it: each part after the bytes the last feed did not consume.
    const t = new CsvPartsTokenizer(opts, bytes.length);
    let from = 0;
    for (let end = Math.min(size, bytes.length); ; end = Math.min(end + size, bytes.length)) {
      const final = end === bytes.length;
      from += t.feed(bytes.subarray(from, end), final);
      if (final) break;
    }
    return { cells: comparable(t.finish()) };
  } catch (e) {
    if (e instanceof CsvRecordTooLong) return { error: e.message };
    throw e;
  }
}

const SIZES = [1, 2, 3, 5, 8, 13, 64, 1000];

function expectSame(text: string | Uint8Array, opts: CsvOptions): void {
  const bytes = typeof text === 'string' ? encode(text) : text;
  const expected = whole(bytes, opts);
  for (const size of SIZES) expect(inParts(bytes, opts, size), `parts of ${size} bytes of ${JSON.stringify(text)}`).toEqual(expected);
}

const base: CsvOptions = { delimiter: ',', header: true, nullValues: ['', 'NA'] };
const declared: CsvOptions = { ...base, declared: { a: 'integer', b: 'string', c: 'number', d: 'boolean', e: 'date' } };

describe('a CSV read in parts', () => {
  it('gives the cells of a whole read, for hand-picked texts', () => {
    const texts = [
      'a,b,c,d,e\n1,x,1.5,true,2024-01-02\n2,"y, z",NA,false,2024-02-03\n',
      'a,b,c,d,e\r\n1,"multi\r\nline",2,yes,2024-01-01\r\n3,"say ""hi""",4,no,\r\n',
      '\ufeffa,b,c,d,e\n\n1,x,2,true,2020-01-01\n\n\n',
      'a,b,c,d,e\n1,x\n2,x,3,true,2020-01-01,extra\n',
      'a,b,c,d,e\n1,"unterminated,2,true\n4,x,5,false,2020-01-01\n',
      'a,b,c,d,e\nnot-int,x,not-num,maybe,not-date\n7,"",8,TRUE,2021-03-04T05:06:07Z',
      '"a","b","c","d","e"\n"1","""","2","true","2020-01-01"\n',
      'a,b,c,d,e\n',
      '\n\n',
      '\rx,b,c,d,e\n1,2,3,4,5\n',
      '\r\n\r\na,b,c,d,e\r\n1,x,2,true,2020-01-01',
      '',
    ];
    for (const text of texts) {
      expectSame(text, base);
      expectSame(text, declared);
      expectSame(text, { ...declared, header: false });
    }
  });

  it('gives the cells of a whole read, for generated texts', () => {
    const token = fc.constantFrom('1', '-2', '3.25', 'x', 'NA', '', 'true', 'no', '2024-05-06', '"q"', '"a,b"', '"l1\nl2"', '""""', '"', 'x"y', ' ');
    const row = fc.array(token, { minLength: 0, maxLength: 7 }).map((cells) => cells.join(','));
    const text = fc
      .tuple(fc.boolean(), fc.array(row, { minLength: 0, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([bom, rows, eol, trailing]) => `${bom ? '\ufeff' : ''}a,b,c,d,e${eol}${rows.join(eol)}${trailing ? eol : ''}`);
    fc.assert(
      fc.property(text, (t) => {
        expectSame(t, base);
        expectSame(t, declared);
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('refuses a record past the limit as a whole read does, however it is cut', () => {
    const long = `a,b\n1,"${'x'.repeat(300)}"\n2,y\n`;
    expectSame(long, { ...base, maxRecordBytes: 100 });
    expectSame(`a,b\n1,"${'x\n'.repeat(200)}`, { ...base, maxRecordBytes: 100 });
    expectSame(`${'h'.repeat(200)}\n1\n`, { ...base, maxRecordBytes: 100 });
    expect(whole(encode(long), { ...base, maxRecordBytes: 100 })).toHaveProperty('error');
  });

  it('keeps growing its arrays past a short first guess of the rows', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},t${i % 7},${i / 4},${i % 2 === 0},2024-01-0${(i % 9) + 1}`);
    const text = `a,b,c,d,e\n${rows.join('\n')}\n`;
    const bytes = encode(text);
    const expected = whole(bytes, declared);
    for (const size of [7, 4096]) expect(inParts(bytes, declared, size)).toEqual(expected);
    expect((expected as { cells: { rows: number } }).cells.rows).toBe(5000);
  });
});

describe('ingest.csv of a file whose columns are all declared', () => {
  const { dir, cleanup } = tempDir('headrace-csv-parts-');
  afterAll(cleanup);
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const rows = Array.from({ length: 400 }, (_, i) =>
    i % 37 === 5 ? `${i},"note, with ""quotes""\nand a line",oops,${i % 2 === 0}` : i % 53 === 7 ? `${i},short` : `${i},t${i % 5},${i / 8},${i % 3 === 0}`,
  );
  const text = `id,note,score,flag\r\n${rows.join('\r\n')}\r\n`;
  const columns = { id: { type: 'integer' }, note: { type: 'string' }, score: { type: 'number' }, flag: { type: 'boolean' } } as const;

  it('reads it in parts into the same table and summary as in one piece', async () => {
    const path = write('parts.csv', text);
    const whole = await ingestCsv(path, { columns });
    for (const partBytes of [16, 100, 4096]) {
      const parts = await ingestCsv(path, { columns }, { partBytes });
      expect(parts.summary).toEqual(whole.summary);
      expect(tableToIPC(parts.table)).toEqual(tableToIPC(whole.table));
    }
    expect(whole.summary.rows).toBe(400);
    expect(whole.summary.malformedRows.count).toBeGreaterThan(0);
    expect(whole.summary.columns.find((c) => c.name === 'score')?.typeErrors.count).toBeGreaterThan(0);
  });

  it('refuses a record past the limit, an unterminated quote or a binary file with the same words', async () => {
    const unterminated = write('open-quote.csv', `id,note,score,flag\n1,"never closed,2,true\n${'3,x,4,false\n'.repeat(2000)}`);
    const binary = write('binary.csv', `id,note,score,flag\n1,x,2,true\n\u0000\u0001${'3,x,4,false\n'.repeat(200)}`);
    for (const path of [unterminated, binary]) {
      const expected = await ingestCsv(path, { columns }).then(() => 'read', (e: Error) => e.message);
      const inParts = await ingestCsv(path, { columns }, { partBytes: 64 }).then(() => 'read', (e: Error) => e.message);
      expect(inParts).toBe(expected);
    }
  });
});
