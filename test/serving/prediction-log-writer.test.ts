// The prediction log's queue and writer thread: entries of every shape the log takes (a matrix in float32 or
// float64, records, numeric labels, rows without probabilities, classes in another order) read back the same from
// the writer thread as from an inline writer, the log keeps its own copy of what it was given, and the writer
// thread runs at the lowest scheduling priority.
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPredictionLog, type PredictionEntry } from '../../server/serving/prediction-log';
import { createEntryEncoder, decodeBatch } from '../../server/serving/prediction-log/encode';

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
