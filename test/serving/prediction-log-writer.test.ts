// The prediction log's queue and writer thread: entries of every shape the log takes (a matrix in float32 or
// float64, records, numeric labels, rows without probabilities, classes in another order) read back the same from
// the writer thread as from an inline writer, the log keeps its own copy of what it was given, and the writer
// thread runs at the lowest scheduling priority.
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableToIPC } from 'apache-arrow';
import { createPredictionLog, type PredictionEntry } from '../../server/serving/prediction-log';
import { batchTables } from '../../server/serving/prediction-log/batch-table';
import { createEntryEncoder, decodeBatch } from '../../server/serving/prediction-log/encode';
import { arrowFiles, dayOf } from '../../server/serving/prediction-log/files';
import { entriesToTable } from '../../server/serving/prediction-log/table';

const T = Date.parse('2026-03-01T12:00:00.000Z');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headrace-plog-writer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const names = ['a', 'b'];
type Matrix = { names: readonly string[]; X: ArrayLike<number>; rows: number };
function entries(): PredictionEntry[] {
  const base = { endpoint: 'scoring', variant: 'primary', modelVersionId: 'mv-1', modelVersion: 1, latencyMs: 0.5 };
  return [
    { ...base, requestId: 'f32', time: T, features: { names, X: Float32Array.from([0.1, 2, 3.5, -4]), rows: 2 },
      predictions: [{ label: 'x', probabilities: { x: 0.6, y: 0.4 } }, { label: 'y', probabilities: { x: 0.1, y: 0.9 } }] },
    { ...base, requestId: 'f64', time: T + 1, features: { names, X: [0.1, 2], rows: 1 }, predictions: [{ label: 3.25 }] },
    { ...base, requestId: 'records', time: T + 2, features: [{ a: 1, island: 'Dream', adult: true }], predictions: [{ label: 'x', probabilities: null }] },
    { ...base, requestId: 'uneven', time: T + 3, features: { names, X: Float32Array.from([1, 2, 3, 4]), rows: 2 },
      predictions: [{ label: 'x', probabilities: { x: 0.5, y: 0.5 } }, { label: 'y', probabilities: { y: 0.7, x: 0.3 } }] },
  ];
}

describe('the prediction log\'s queue', () => {
  it('decodes every entry shape as it was logged', () => {
    const enc = createEntryEncoder();
    for (const e of entries()) enc.append(e);
    const batch = enc.take()!;
    expect(batch).toMatchObject({ entries: 4, rows: 6 });
    expect(enc.take()).toBeNull();
    // Matrices compared as plain arrays of the values the entry covers.
    const plain = (e: PredictionEntry) => {
      if (Array.isArray(e.features)) return e;
      const m = e.features as Matrix;
      return { ...e, features: { ...m, X: Array.from(m.X).slice(0, m.rows * m.names.length) } };
    };
    const back = decodeBatch(batch).map(plain);
    const want = entries().map(plain);
    expect(back).toEqual(want);
  });

  it('builds the same Arrow bytes from the batch\'s buffers as from its decoded entries', () => {
    const base = { variant: 'primary', modelVersionId: 'mv-1', modelVersion: 1, latencyMs: 0.5 };
    const mixed: PredictionEntry[] = [
      ...entries(),
      // A feature a matrix gives as numbers and records as text, a record lacking a feature, a null, NaN and a
      // non-finite probability, integer-like classes, a label of null, a second endpoint and a second day.
      { ...base, requestId: 'rec-a', time: T + 4, endpoint: 'scoring', features: [{ a: 'high', b: null }, { b: 2 }],
        predictions: [{ label: null, probabilities: null }, { label: 1 }] },
      { ...base, requestId: 'nan', time: T + 5, endpoint: 'scoring', latencyMs: Number.NaN, features: { names, X: Float64Array.from([Number.NaN, 1]), rows: 1 },
        predictions: [{ label: '2', probabilities: { 2: Number.POSITIVE_INFINITY, 10: 0.25 } }] },
      { ...base, requestId: 'other', time: T + 6, endpoint: 'churn', features: { names: ['z'], X: Float32Array.from([7, 8, 9]), rows: 3 },
        predictions: [{ label: 'é', probabilities: { 'é': 1 } }, { label: 'é', probabilities: { 'é': 0 } }, { label: 'é', probabilities: { 'é': 0.5 } }] },
      { ...base, requestId: 'next-day', time: T + 86_400_000, endpoint: 'scoring', features: { names, X: Float32Array.from([1, 2]), rows: 1 },
        predictions: [{ label: 'x', probabilities: { x: 1, y: 0 } }] },
      { ...base, requestId: 'bools', time: T + 7, endpoint: 'churn', features: [{ z: true, w: false }], predictions: [{ label: 'é', probabilities: {} }] },
    ];
    const enc = createEntryEncoder();
    for (const e of mixed) enc.append(e);
    const batch = enc.take()!;
    const decoded = decodeBatch(batch);
    const groups = batchTables(batch);
    expect(groups.map((g) => [g.endpoint, g.day, g.rows])).toEqual([
      ['scoring', dayOf(T), 9], ['churn', dayOf(T), 4], ['scoring', dayOf(T + 86_400_000), 1],
    ]);
    for (const g of groups) {
      const want = entriesToTable(decoded.filter((e) => e.endpoint === g.endpoint && dayOf(e.time!) === g.day));
      expect(g.table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(want.schema.fields.map((f) => `${f.name}:${String(f.type)}`));
      expect(Buffer.from(tableToIPC(g.table, 'file')).equals(Buffer.from(tableToIPC(want, 'file')))).toBe(true);
    }
  });

  it('caps a batch at maxRows and hands batches over oldest first', () => {
    const enc = createEntryEncoder({ maxRows: 4 });
    const one = entries()[0]; // 2 rows
    const big = { ...entries()[3], requestId: 'big', features: { names: ['a'], X: new Float32Array(6), rows: 6 },
      predictions: Array.from({ length: 6 }, () => ({ label: 'x', probabilities: { x: 1 } })) };
    for (const e of [one, one, one, big, one]) enc.append(e);
    expect([enc.entries, enc.rows]).toEqual([5, 14]);
    const sizes: Array<[number, number]> = [];
    for (let b = enc.take(); b; b = enc.take()) sizes.push([b.entries, b.rows]);
    // An entry larger than the cap is a batch of its own.
    expect(sizes).toEqual([[2, 4], [1, 2], [1, 6], [1, 2]]);
    expect([enc.entries, enc.rows]).toEqual([0, 0]);
  });

  it('writes a backlog as files of at most flushRows rows, every row once', async () => {
    const log = createPredictionLog({ dir, flushRows: 5, flushMs: 0 });
    const base = { endpoint: 'scoring', variant: 'primary', modelVersionId: 'mv-1', modelVersion: 1, latencyMs: 0.5, time: T };
    for (let i = 0; i < 23; i++) {
      expect(log.log({ ...base, requestId: `r${i}`, features: { names, X: Float32Array.from([i, -i]), rows: 1 }, predictions: [{ label: 'x', probabilities: { x: 1 } }] })).toBe(true);
    }
    await log.flush();
    const files = await arrowFiles(join(dir, 'scoring', dayOf(T)));
    const rows = await log.readPredictions('scoring');
    expect(rows.map((r) => r.requestId)).toEqual(Array.from({ length: 23 }, (_, i) => `r${i}`));
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(log.stats()).toMatchObject({ writtenRows: 23, writtenFiles: files.length, queuedRows: 0, queuedEntries: 0 });
    await log.close();
  });

  it('writes the same rows from the writer thread as inline, and keeps its own copy of each entry', async () => {
    const read = async (inlineWriter: boolean) => {
      const log = createPredictionLog({ dir: join(dir, String(inlineWriter)), inlineWriter });
      const logged = entries();
      for (const e of logged) expect(log.log(e)).toBe(true);
      // Changed after logging: the log encoded the entries when it took them.
      ((logged[0].features as Matrix).X as Float32Array).fill(99);
      logged[0].predictions[0].probabilities = { x: 0, y: 1 };
      await log.flush();
      const rows = await log.readPredictions('scoring');
      expect(log.stats()).toMatchObject({ writtenRows: 6, failedRows: 0 });
      await log.close();
      return rows;
    };
    const threaded = await read(false);
    const inline = await read(true);
    expect(threaded).toEqual(inline);
    expect(threaded.map((r) => [r.requestId, r.row, r.features, r.label, r.probabilities])).toEqual([
      ['f32', 0, { a: Math.fround(0.1), b: 2 }, 'x', { x: 0.6, y: 0.4 }],
      ['f32', 1, { a: 3.5, b: -4 }, 'y', { x: 0.1, y: 0.9 }],
      // A batch whose labels mix classes and numbers stores them as text (docs/serving.md, the label column).
      ['f64', 0, { a: 0.1, b: 2 }, '3.25', null],
      ['records', 0, { a: 1, island: 'Dream', adult: true }, 'x', null],
      ['uneven', 0, { a: 1, b: 2 }, 'x', { x: 0.5, y: 0.5 }],
      ['uneven', 1, { a: 3, b: 4 }, 'y', { y: 0.7, x: 0.3 }],
    ]);
  });

  it('runs its writer thread at nice 19 while the request thread keeps its priority', async () => {
    const log = createPredictionLog({ dir });
    log.log(entries()[0]);
    await log.flush();
    const nice = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[16]);
    const tids = readdirSync('/proc/self/task');
    const niceness = tids.map(nice);
    expect(nice(String(process.pid))).toBe(0);
    expect(niceness).toContain(19);
    await log.close();
  });
});
