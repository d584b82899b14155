// Ingest refuses garbage instead of producing a table: an empty file, a file that is not UTF-8 text, and more
// malformed rows than `maxMalformedRows` allows — each with a short message and a printable sample. Fewer
// malformed rows than the limit are kept and counted, as before.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getStepKind } from '../../dsl/catalog';
import { invalidUtf8At, malformedAllowed, printable } from '../../workers/compute/data/garbage';
import { IngestError, ingestCsv, ingestJson } from '../../workers/compute/data/ingest';
import { tempDir } from './helpers';

const t = tempDir('headrace-refusals-');
afterAll(() => t.cleanup());
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(t.dir, name);
  writeFileSync(path, content);
  return path;
};

/** The ingest's error, which must be an IngestError. */
async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(IngestError);
  return (err as Error).message;
}

/** `good` well-formed rows and `bad` rows with a missing field, the bad ones spread through the file. */
function csvWith(good: number, bad: number): string {
  const lines = ['id,name,score'];
  const every = Math.floor((good + bad) / Math.max(bad, 1));
  let left = bad;
  for (let i = 0; i < good + bad; i++) {
    const broken = left > 0 && i % every === 1;
    if (broken) left--;
    lines.push(broken ? `${i},only-two` : `${i},n${i},${i / 2}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('empty files', () => {
  it('refuses a file with no bytes, or only a BOM and blank lines, as empty', async () => {
    expect(await refusal(ingestCsv(file('empty.csv', '')))).toBe('empty.csv: the file is empty');
    expect(await refusal(ingestCsv(file('blank.csv', '\ufeff\n\r\n  \n')))).toBe('blank.csv: the file is empty');
    expect(await refusal(ingestJson(file('empty.json', '')))).toBe('empty.json: the file is empty');
    expect(await refusal(ingestJson(file('empty.jsonl', '\n\n')))).toBe('empty.jsonl: the file is empty');
  });
});

describe('files that are not text', () => {
  it('refuses a binary file, naming the first NUL byte', async () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52);
    expect(await refusal(ingestCsv(file('picture.csv', png)))).toBe('picture.csv is not UTF-8 text: a NUL byte at byte 8 (a binary file?)');
    expect(await refusal(ingestJson(file('picture.json', png)))).toMatch(/^picture\.json is not UTF-8 text: a NUL byte/);
  });

  it('refuses text in another encoding, naming the first invalid bytes', async () => {
    // "café" in Latin-1: é is the single byte 0xe9, which UTF-8 reads as the start of a three-byte sequence.
    const latin1 = Buffer.from('name,city\nAnn,café\n', 'latin1');
    expect(await refusal(ingestCsv(file('latin1.csv', latin1)))).toBe('latin1.csv is not UTF-8 text: invalid bytes at byte 17 (e9 0a); save it as UTF-8');
  });

  it('reads UTF-8 text with multi-byte characters, a BOM, and a sequence cut by the checked block', async () => {
    const { table } = await ingestCsv(file('utf8.csv', '\ufeffname,city\nZoë,Malmö\nJürgen,東京\n'));
    expect([...table.getChild('city')!]).toEqual(['Malmö', '東京']);
    // 東 is e6 9d b1: cut after its first byte by the end of the checked block, it is not judged.
    const bytes = Buffer.from('東京', 'utf8');
    expect(invalidUtf8At(bytes, 0, 1, false)).toBe(-1);
    expect(invalidUtf8At(bytes.subarray(0, 1), 0, 1, true)).toBe(0); // …but at the end of the file it is broken
    expect(invalidUtf8At(Uint8Array.of(0xc0, 0x80), 0, 2, true)).toBe(0); // overlong
    expect(invalidUtf8At(Uint8Array.of(0xed, 0xa0, 0x80), 0, 3, true)).toBe(0); // a surrogate
  });
});

describe('maxMalformedRows', () => {
  it('defaults to 1 % of the rows in the step config', () => {
    const parsed = getStepKind('ingest.csv')!.config.parse({ path: 'x.csv' }) as { maxMalformedRows: number };
    expect(parsed.maxMalformedRows).toBe(0.01);
    expect(getStepKind('ingest.json')!.config.safeParse({ path: 'x.json', maxMalformedRows: 2.5 }).success).toBe(false);
    expect(getStepKind('ingest.json')!.config.safeParse({ path: 'x.json', maxMalformedRows: -1 }).success).toBe(false);
    expect(malformedAllowed(0.01, 250)).toBe(2);
    expect(malformedAllowed(7, 250)).toBe(7);
    expect(malformedAllowed(0, 250)).toBe(0);
  });

  it('keeps and counts malformed rows up to the limit', async () => {
    const path = file('few.csv', csvWith(198, 2));
    const { table, summary } = await ingestCsv(path, { maxMalformedRows: 0.01 });
    expect(table.numRows).toBe(200);
    expect(summary.malformedRows.count).toBe(2);
    expect((await ingestCsv(path, { maxMalformedRows: 2 })).summary.malformedRows.count).toBe(2);
  });

  it('refuses more malformed rows than a fraction of the rows, with a sample of them', async () => {
    const message = await refusal(ingestCsv(file('many.csv', csvWith(195, 5)), { maxMalformedRows: 0.01 }));
    expect(message).toMatch(/^many\.csv: 5 of 200 rows are malformed \(wrong number of fields or an unterminated quote\), more than maxMalformedRows allows: 2 \(1 % of 200 rows\)\. /);
    expect(message).toMatch(/row \d+: "\d+,only-two"; row \d+: "\d+,only-two"; row \d+: "\d+,only-two"; … 2 more$/);
  });

  it('refuses more malformed rows than a count', async () => {
    const message = await refusal(ingestCsv(file('count.csv', csvWith(197, 3)), { maxMalformedRows: 2 }));
    expect(message).toContain('3 of 200 rows are malformed');
    expect(message).toContain('more than maxMalformedRows allows: 2.');
  });

  it('shows bad rows printable and short: control characters escaped, long rows cut', async () => {
    const long = `1,${'x'.repeat(200)}`;
    const message = await refusal(ingestCsv(file('ugly.csv', `a,b,c\n${long}\n2,\u0007bell\n3,4,5\n`), { maxMalformedRows: 0 }));
    expect(message).toContain(`row 1: "1,${'x'.repeat(57)}…"`);
    expect(message).toContain('row 2: "2,\\x07bell"');
    expect(message.length).toBeLessThan(400);
    expect(printable('tab\there')).toBe('"tab\\x09here"');
  });

  it('applies to JSON records that are not objects and JSON lines that do not parse', async () => {
    const lines = ['{"a":1}', '{not json', '[1,2]', '{"a":2}'].join('\n');
    const message = await refusal(ingestJson(file('events.jsonl', lines), { maxMalformedRows: 1 }));
    expect(message).toMatch(/^events\.jsonl: 2 of 4 rows are malformed \(lines that are not JSON objects\), more than maxMalformedRows allows: 1\. row 2: "\{not json"; row 3: "\[1,2\]"$/);
    const { summary } = await ingestJson(file('array.json', '[{"a":1},3,{"a":2}]'), { maxMalformedRows: 1 });
    expect(summary.malformedRows.count).toBe(1);
  });

  it('sets no limit when the option is left out (direct calls; the step always passes one)', async () => {
    const { summary } = await ingestCsv(file('nolimit.csv', csvWith(5, 5)));
    expect(summary.malformedRows.count).toBe(5);
  });
});
