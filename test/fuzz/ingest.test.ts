// ingest.csv and ingest.json on generated files, then on mutated bytes. Generated files carry their own answer (how
// many records, which have the wrong number of fields or are not objects), so a row merged into another or dropped
// is caught; mutated bytes (truncated, stray quotes, NULs, invalid UTF-8, huge fields, deep nesting) must give a
// table whose summary adds up, or an IngestError that says why — never another exception.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError, ingestCsv, ingestJson, type IngestResult } from '../../workers/compute/data/ingest';

const SEED = 15_2028;
const dir = mkdtempSync(join(tmpdir(), 'headrace-fuzz-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Generated {
  bytes: Uint8Array;
  /** Data records written, and the 1-based numbers of those that are malformed; unknown after byte mutations. */
  expect?: { rows: number; malformed: number[] };
}

const NAMES = ['a', 'b', 'y', 'Species', 'x y', 'é', 'a'];
const csvCell = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('', 'NA', 'true', 'FALSE', '2024-02-29', '2024-13-45T25:00:00Z', 'null', '1e999', '-0', '0x1F'),
  fc.string({ maxLength: 12, unit: 'grapheme' }).filter((s) => !/[,"\r\n]/.test(s)),
  fc.string({ maxLength: 12 }).map((s) => `"${s.replace(/"/g, '""')}"`),
  fc.constantFrom('"a,b"', '"line\nbreak"', '"say ""hi"""', '""'),
);

/** A CSV whose answer is known: some rows get a field too many or too few. */
const csvFile: fc.Arbitrary<Generated> = fc
  .record({
    cols: fc.integer({ min: 1, max: 5 }),
    rows: fc.array(fc.tuple(fc.array(csvCell, { minLength: 6, maxLength: 6 }), fc.constantFrom(0, 0, 0, 0, -1, 1, 2)), { maxLength: 25 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ cols, rows, crlf, bom }) => {
    const nl = crlf ? '\r\n' : '\n';
    const header = Array.from({ length: cols }, (_, i) => NAMES[i % NAMES.length]).join(',');
    const malformed: number[] = [];
    const lines = rows.map(([cells, skew], r) => {
      const n = Math.max(1, cols + skew);
      if (n !== cols) malformed.push(r + 1);
      const line = cells.concat(cells).slice(0, n).join(',');
      return line === '' ? '""' : line; // an empty line is a blank line, not a row
    });
    const text = `${bom ? '\ufeff' : ''}${header}${nl}${lines.map((l) => l + nl).join('')}`;
    return { bytes: new TextEncoder().encode(text), expect: { rows: rows.length, malformed } };
  });

/** A JSON array or JSON-lines text whose answer is known: some records are not objects, some lines not JSON. */
const jsonRecord = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(fc.constantFrom(...NAMES), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const jsonFile = (lines: boolean): fc.Arbitrary<Generated> =>
  fc.tuple(fc.array(jsonRecord, { maxLength: 25 }), fc.array(fc.nat(), { maxLength: 3 })).map(([records, broken]) => {
    const isRecord = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!lines) return { bytes: new TextEncoder().encode(JSON.stringify(records)), expect: { rows: records.length, malformed: records.flatMap((r, i) => (isRecord(r) ? [] : [i + 1])) } };
    const texts = records.map((r) => JSON.stringify(r));
    // A cut line is not JSON (a record cut to nothing is left whole: a blank line is no row).
    for (const b of broken) if (texts.length > 0 && texts[b % texts.length].length > 1) texts[b % texts.length] = texts[b % texts.length].slice(0, -1);
    const malformed = texts.flatMap((t, i) => {
      try {
        return isRecord(JSON.parse(t)) ? [] : [i + 1];
      } catch {
        return [i + 1];
      }
    });
    return { bytes: new TextEncoder().encode(texts.join('\n')), expect: { rows: texts.length, malformed } };
  });

/** One change to the bytes; the answer is no longer known. */
const byteMutation: fc.Arbitrary<(b: Uint8Array) => Uint8Array> = fc.oneof(
  fc.nat().map((at) => (b: Uint8Array) => b.slice(0, at % (b.length + 1))),
  fc.tuple(fc.nat(), fc.constantFrom([0x22], [0x00], [0xff], [0xc3], [0xed, 0xa0, 0x80], [0x0d], [0x0a, 0x0a], [0x2c, 0x2c], [0xef, 0xbb, 0xbf], [0x7b], [0x5d]))
    .map(([at, bytes]) => (b: Uint8Array) => splice(b, at, Uint8Array.from(bytes))),
  fc.tuple(fc.nat(), fc.integer({ min: 70_000, max: 300_000 })).map(([at, n]) => (b: Uint8Array) => splice(b, at, new Uint8Array(n).fill(0x78))),
  fc.tuple(fc.nat(), fc.integer({ min: 1000, max: 20_000 })).map(([at, n]) => (b: Uint8Array) => splice(b, at, new TextEncoder().encode(`${'['.repeat(n)}${']'.repeat(n)}`))),
  fc.nat().map((at) => (b: Uint8Array) => splice(b, at, new TextEncoder().encode(`"${'x'.repeat(70_000)}\u0000`))),
);

function splice(b: Uint8Array, at: number, insert: Uint8Array): Uint8Array {
  const i = at % (b.length + 1);
  const out = new Uint8Array(b.length + insert.length);
  out.set(b.subarray(0, i));
  out.set(insert, i);
  out.set(b.subarray(i), i + insert.length);
  return out;
}

const mutated = (file: fc.Arbitrary<Generated>): fc.Arbitrary<Generated> =>
  fc.oneof(
    file,
    fc.tuple(file, fc.array(byteMutation, { minLength: 1, maxLength: 3 })).map(([g, ms]): Generated => ({ bytes: ms.reduce((b, m) => m(b), g.bytes) })),
  );

/** What holds of every table ingest makes: its summary adds up. */
function checkSummary({ table, summary }: IngestResult): void {
  expect(summary.rows).toBe(table.numRows);
  const m = summary.malformedRows;
  expect(m.count).toBeLessThanOrEqual(summary.rows);
  expect(m.rows.every((r, i) => r >= 1 && r <= summary.rows && (i === 0 || r > m.rows[i - 1]))).toBe(true);
  for (const c of summary.columns) expect(c.nulls + c.typeErrors.count).toBeLessThanOrEqual(summary.rows);
}

interface Tally {
  files: number;
  tables: number;
  refused: number;
  malformedRows: number;
}

async function fuzz(name: string, runs: number, file: fc.Arbitrary<Generated>, ingest: (path: string) => Promise<IngestResult>): Promise<Tally> {
  const tally: Tally = { files: 0, tables: 0, refused: 0, malformedRows: 0 };
  const cases = fc.sample(mutated(file), { seed: SEED, numRuns: runs });
  for (const [i, g] of cases.entries()) {
    const path = join(dir, `${i}-${name}`);
    writeFileSync(path, g.bytes);
    tally.files++;
    let result: IngestResult;
    try {
      result = await ingest(path);
    } catch (err) {
      if (!(err instanceof IngestError)) throw new Error(`${name} #${i} (${g.bytes.length} bytes, ${JSON.stringify(Buffer.from(g.bytes.subarray(0, 200)).toString())}…): ${String(err)}`, { cause: err });
      expect(err.message).toContain(`${i}-${name}`); // every refusal names the file
      tally.refused++;
      continue;
    }
    tally.tables++;
    tally.malformedRows += result.summary.malformedRows.count;
    checkSummary(result);
    if (g.expect) {
      expect(result.summary.rows, `${name} #${i}: rows`).toBe(g.expect.rows);
      expect(result.summary.malformedRows.count, `${name} #${i}: malformed rows`).toBe(g.expect.malformed.length);
      expect(result.summary.malformedRows.rows).toEqual(g.expect.malformed.slice(0, result.summary.malformedRows.rows.length));
    }
  }
  return tally;
}

const report = (what: string, t: Tally, ms: number) =>
  console.log(`fuzz ingest ${what}: seed ${SEED}, ${t.files} files, ${t.tables} tables (${t.malformedRows} malformed rows counted), ${t.refused} refused with IngestError, 0 crashes, ${ms.toFixed(0)} ms`);

describe('ingest, fuzzed', () => {
  it('ingest.csv: generated files give their rows and malformed rows exactly; mutated ones a table or an IngestError', async () => {
    const t0 = performance.now();
    const t = await fuzz('data.csv', 500, csvFile, (p) => ingestCsv(p));
    report('csv', t, performance.now() - t0);
    expect(t.tables).toBeGreaterThan(250);
    expect(t.refused).toBeGreaterThan(10);
  });

  it('ingest.json: arrays and JSON lines the same way', async () => {
    const t0 = performance.now();
    const a = await fuzz('data.json', 250, jsonFile(false), (p) => ingestJson(p));
    const b = await fuzz('data.jsonl', 250, jsonFile(true), (p) => ingestJson(p));
    const t = { files: a.files + b.files, tables: a.tables + b.tables, refused: a.refused + b.refused, malformedRows: a.malformedRows + b.malformedRows };
    report('json', t, performance.now() - t0);
    expect(t.tables).toBeGreaterThan(250);
    expect(t.refused).toBeGreaterThan(10);
  });
});
