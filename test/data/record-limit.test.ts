// The longest CSV record ingest takes (16 MiB, MAX_CSV_RECORD_BYTES): a longer one — almost always an unterminated
// quote that swallowed the rest of the file — is refused with its row number and the limit, the header too; a
// JSON value nested too deep to write as text is a counted bad value, not a crash.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CSV_RECORD_BYTES, tokenizeCsv } from '../../workers/compute/data/csv';
import { IngestError, ingestCsv, ingestJson } from '../../workers/compute/data/ingest';
import { tempDir } from './helpers';

const t = tempDir('headrace-record-limit-');
afterAll(() => t.cleanup());
const file = (name: string, content: string): string => {
  const path = join(t.dir, name);
  writeFileSync(path, content);
  return path;
};

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(IngestError);
  return (err as Error).message;
}

describe('the CSV record limit', () => {
  it('is 16 MiB', () => {
    expect(MAX_CSV_RECORD_BYTES).toBe(16 * 1024 * 1024);
  });

  it('refuses a record past it with its row number: an unterminated quote at row 3', async () => {
    const path = file('quote.csv', `id,text\n1,a\n2,b\n3,"never closed\n${'4,filler\n'.repeat(2 * 1024 * 1024)}`);
    expect(await refusal(ingestCsv(path))).toBe(
      'quote.csv: row 3 is 18.0 MiB long; a CSV record may be at most 16.0 MiB (an unterminated quote makes the rest of the file one record)',
    );
  });

  it('refuses a header past it', async () => {
    const path = file('header.csv', `${'c,'.repeat(8 * 1024 * 1024 + 1)}\n1\n`);
    expect(await refusal(ingestCsv(path))).toMatch(/^header\.csv: the header is 16\.0 MiB long; a CSV record may be at most 16\.0 MiB/);
  });

  it('takes records up to it (shown with a lower limit, as the tokenizer allows)', () => {
    const bytes = new TextEncoder().encode(`a,b\n1,"${'x'.repeat(100)}"\n2,y\n`);
    const opts = { delimiter: ',', header: true, nullValues: [] };
    expect(tokenizeCsv(bytes, { ...opts, maxRecordBytes: 200 }).rows).toBe(2);
    expect(() => tokenizeCsv(bytes, { ...opts, maxRecordBytes: 100 })).toThrow('row 1 is 105 bytes long, more than the 100 bytes a CSV record may have');
  });
});

describe('JSON nested past what can be written as text', () => {
  it('is a counted bad value of its column, the row kept', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const { summary, table } = await ingestJson(file('deep.jsonl', `{"a": ${deep}, "b": 1}\n{"a": "ok", "b": 2}\n`));
    expect(table.numRows).toBe(2);
    expect(summary.columns[0]).toMatchObject({ name: 'a', type: 'string', typeErrors: { count: 1, rows: [1], examples: ['(a value nested too deep to write as text)'] } });
    expect(table.getChild('a')?.toArray()).toEqual([null, 'ok']);
  });
});
