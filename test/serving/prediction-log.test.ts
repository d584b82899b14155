// The prediction log on a real folder: log() answers synchronously from a tight loop and every row reads back
// exactly, a full queue drops and counts, a reader running beside a writer only ever sees whole files, close()
// flushes, sampling is deterministic by request id, and labels join by request id with unknown ids reported.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import {
  createPredictionLog, openPredictionStore, predictionLogDir, shouldLog, type PredictionEntry, type PredictionLog,
  type PredictionRow,
} from '../../server/serving/prediction-log';
import { ProtocolError } from '../../server/serving/protocols';

const DAY1 = Date.parse('2026-03-01T23:59:00.000Z');
const DAY2 = Date.parse('2026-03-02T00:00:30.000Z');

let dir: string;
const logs: PredictionLog[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headrace-plog-'));
});
afterEach(async () => {
  for (const l of logs.splice(0)) await l.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

function open(opts: Parameters<typeof createPredictionLog>[0]): PredictionLog {
  const l = createPredictionLog(opts);
  logs.push(l);
  return l;
}

/** A one-row entry with a value of each feature type; i decides everything, so the expected row is known. */
function entry(i: number, over: Partial<PredictionEntry> = {}): PredictionEntry {
  return {
    requestId: `req-${i}`,
    time: (i % 2 === 0 ? DAY1 : DAY2) + i,
    endpoint: i % 3 === 0 ? 'penguins' : 'churn',
    variant: i % 5 === 0 ? 'challenger' : 'primary',
    modelVersionId: `mv-${i % 4}`,
    modelVersion: 1 + (i % 4),
    latencyMs: (i % 97) / 10,
    features: [{ bill_length_mm: 30 + i / 8, island: i % 2 === 0 ? 'Biscoe' : 'Dream', adult: i % 3 === 0 }],
    predictions: [{ label: i % 2 === 0 ? 'Adelie' : 'Gentoo', probabilities: { Adelie: 0.25, Gentoo: 0.75 } }],
    ...over,
  };
}

function expectedRow(e: PredictionEntry, row = 0): PredictionRow {
  const f = e.features as Array<Record<string, unknown>>;
  return {
    requestId: e.requestId, row, time: e.time!, endpoint: e.endpoint, variant: e.variant,
    modelVersionId: e.modelVersionId, modelVersion: e.modelVersion, latencyMs: e.latencyMs,
    features: f[row] as PredictionRow['features'], label: e.predictions[row].label,
    probabilities: (e.predictions[row].probabilities ?? null) as PredictionRow['probabilities'],
  };
}

/** A reader on another thread: lists the finished files of a folder and parses each, until told to stop. */
const WORKER_READER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { tableFromIPC } = require('apache-arrow');
const { dir, stop } = workerData;
const counts = [];
const errors = [];
let reads = 0;
while (Atomics.load(stop, 0) === 0) {
  let names = [];
  try { names = fs.readdirSync(dir); } catch { continue; }
  let rows = 0;
  for (const n of names.filter((n) => n.endsWith('.arrow') && !n.startsWith('.'))) {
    try { rows += tableFromIPC(fs.readFileSync(dir + '/' + n)).numRows; } catch (e) { errors.push(n + ': ' + e.message); }
  }
  reads++;
  counts.push(rows);
}
parentPort.postMessage({ reads, counts, errors });
`;

describe('prediction log', () => {
  it('takes 10 000 entries from a tight loop synchronously and reads every row back exactly, per endpoint and day', async () => {
    const log = open({ dir, flushRows: 1000, flushMs: 0 });
    const entries = Array.from({ length: 10_000 }, (_, i) => entry(i));
    const answers: unknown[] = [];
    for (const e of entries) answers.push(log.log(e));
    // Every answer is a plain boolean, given before anything was written.
    expect(answers.every((a) => a === true)).toBe(true);
    await log.flush();
    const s = log.stats();
    expect(s).toMatchObject({ loggedEntries: 10_000, loggedRows: 10_000, writtenRows: 10_000, droppedRows: 0, failedRows: 0, queuedRows: 0 });

    for (const endpoint of ['penguins', 'churn']) {
      const want = entries.filter((e) => e.endpoint === endpoint).map((e) => expectedRow(e)).sort((a, b) => a.time - b.time);
      const got = await log.readPredictions(endpoint);
      expect(got.length).toBe(want.length);
      expect(got).toEqual(want);
      // One folder per UTC day, finished files only.
      expect((await readdir(join(dir, endpoint))).sort()).toEqual(['2026-03-01', '2026-03-02']);
      for (const day of ['2026-03-01', '2026-03-02']) {
        const names = await readdir(join(dir, endpoint, day));
        expect(names.length).toBeGreaterThan(0);
        expect(names.every((n) => /^\d{8}T\d{9}Z-\d+-[0-9a-f]{8}-\d{6}\.arrow$/.test(n))).toBe(true);
      }
    }
    // A range reads one day (from inclusive, to exclusive).
    const day2 = await log.readPredictions('penguins', { from: '2026-03-02T00:00:00Z', to: new Date('2026-03-03T00:00:00Z') });
    expect(day2.length).toBe(entries.filter((e) => e.endpoint === 'penguins' && e.time! >= DAY2).length);
    expect(day2.every((r) => r.time >= DAY2)).toBe(true);
    const justOne = await log.readPredictions('penguins', { from: DAY1 + 6, to: DAY1 + 7 });
    expect(justOne.map((r) => r.requestId)).toEqual(['req-6']);
  });

  it('writes multi-row requests one table row per predicted row, from records or from the protocols\' matrix', async () => {
    const log = open({ dir, flushMs: 0 });
    const X = Float32Array.from([1.5, 2, 3.25, 4]);
    expect(log.log({
      requestId: 'batch-1', time: DAY1, endpoint: 'penguins', variant: 'primary', modelVersionId: 'mv-1', modelVersion: 3,
      latencyMs: 1.25, features: { names: ['a', 'b'], X, rows: 2 },
      predictions: [{ label: 'x', probabilities: { x: 1, y: 0 } }, { label: 'y', probabilities: null }],
    })).toBe(true);
    expect(log.log({
      requestId: 'batch-2', time: DAY1 + 1, endpoint: 'penguins', variant: 'primary', modelVersionId: 'mv-1', modelVersion: 3,
      latencyMs: 0.5, features: [{ a: 7 }, { a: 8, c: 'only here' }], predictions: [{ label: 2 }, { label: 3.5 }],
    })).toBe(true);
    await log.flush();
    const rows = await log.readPredictions('penguins');
    expect(rows.map((r) => [r.requestId, r.row, r.features, r.label, r.probabilities])).toEqual([
      ['batch-1', 0, { a: 1.5, b: 2 }, 'x', { x: 1, y: 0 }],
      ['batch-1', 1, { a: 3.25, b: 4 }, 'y', null],
      ['batch-2', 0, { a: 7 }, '2', null],
      ['batch-2', 1, { a: 8, c: 'only here' }, '3.5', null],
    ]);
  });

  it('drops and counts what a full queue cannot take, and takes entries again once it has written', async () => {
    const dropped: Array<[string, number]> = [];
    const log = open({ dir, maxQueue: 100, flushRows: 10_000, flushMs: 0, onDrop: (endpoint, rows) => dropped.push([endpoint, rows]) });
    const answers = Array.from({ length: 150 }, (_, i) => log.log(entry(i, { endpoint: 'penguins', time: DAY1 + i })));
    expect(answers.filter((a) => a)).toHaveLength(100);
    expect(answers.slice(100).every((a) => a === false)).toBe(true);
    expect(log.stats()).toMatchObject({ queuedRows: 100, droppedEntries: 50, droppedRows: 50 });
    expect(dropped).toHaveLength(50);
    expect(dropped[0]).toEqual(['penguins', 1]);
    // A malformed entry is refused and counted apart.
    expect(log.log({ ...entry(1), requestId: '' })).toBe(false);
    expect(log.log({ ...entry(1), endpoint: '../etc' })).toBe(false);
    expect(log.log({ ...entry(1), predictions: [] })).toBe(false);
    expect(log.stats().invalidEntries).toBe(3);

    await log.flush();
    expect((await log.readPredictions('penguins')).map((r) => r.requestId)).toEqual(Array.from({ length: 100 }, (_, i) => `req-${i}`));
    expect(log.log(entry(200, { endpoint: 'penguins' }))).toBe(true);
    expect(log.stats()).toMatchObject({ writtenRows: 100, queuedRows: 1, droppedRows: 50 });
  });

  it('writes in the background once flushRows wait, without flush()', async () => {
    const log = open({ dir, flushRows: 50, flushMs: 0 });
    for (let i = 0; i < 120; i++) log.log(entry(i, { endpoint: 'churn', time: DAY1 + i }));
    // The background loop writes the two full batches; the last 20 rows wait for a flush.
    await expect.poll(() => log.stats().writtenRows, { timeout: 10_000 }).toBeGreaterThanOrEqual(100);
    await log.flush();
    expect((await log.readPredictions('churn')).length).toBe(120);
  });

  it('a reader beside a writer only ever sees whole files, and ignores a temp file left by a crash', async () => {
    const log = open({ dir, flushRows: 10_000, flushMs: 0 });
    const BATCH = 200;
    const BATCHES = 40;
    // What a writer killed mid-write leaves: a half file under a temp name.
    const dayDir = join(dir, 'penguins', '2026-03-01');
    let writing = true;
    const writer = (async () => {
      for (let b = 0; b < BATCHES; b++) {
        for (let i = 0; i < BATCH; i++) log.log(entry(b * BATCH + i, { endpoint: 'penguins', time: DAY1 - b * BATCH - i }));
        await log.flush();
        if (b === 0) await writeFile(join(dayDir, '.tmp-crashed.arrow'), new Uint8Array(64).fill(0xff));
      }
      writing = false;
    })();
    // Two readers: this thread's readPredictions between the writer's awaits, and a worker thread reading the
    // folder with plain fs and apache-arrow at the same time as the writes, on another core.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(WORKER_READER, { eval: true, workerData: { dir: dayDir, stop } });
    const workerSaw = new Promise<{ reads: number; counts: number[]; errors: string[] }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const seen: number[] = [];
    const reader = (async () => {
      while (writing) {
        const rows = await openPredictionStore({ dir }).readPredictions('penguins');
        seen.push(rows.length);
      }
    })();
    await Promise.all([writer, reader]);
    Atomics.store(stop, 0, 1);
    const other = await workerSaw;
    await worker.terminate();
    expect(seen.length).toBeGreaterThan(0);
    // Every read parsed, and every read saw whole batches only, never fewer rows than before.
    expect(seen.every((n) => n % BATCH === 0)).toBe(true);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1])).toBe(true);
    expect(other.errors).toEqual([]);
    expect(other.reads).toBeGreaterThan(0);
    expect(other.counts.every((n) => n % BATCH === 0)).toBe(true);
    expect(other.counts.every((n, i) => i === 0 || n >= other.counts[i - 1])).toBe(true);
    expect((await log.readPredictions('penguins')).length).toBe(BATCH * BATCHES);
    expect(await readdir(dayDir)).toContain('.tmp-crashed.arrow');
  });

  it('close() writes what waits and refuses what comes after', async () => {
    const log = open({ dir, flushRows: 10_000, flushMs: 60_000 });
    for (let i = 0; i < 25; i++) log.log(entry(i, { endpoint: 'churn' }));
    await log.close();
    expect(log.log(entry(99, { endpoint: 'churn' }))).toBe(false);
    expect(log.stats()).toMatchObject({ writtenRows: 25, droppedEntries: 1 });
    expect((await openPredictionStore({ dir }).readPredictions('churn')).length).toBe(25);
  });

  it('flush() rejects when its rows could not be written, and counts them', async () => {
    // The endpoint's folder is taken by a file, so its day folder cannot be made.
    await writeFile(join(dir, 'penguins'), 'not a folder');
    const log = open({ dir, flushMs: 0 });
    log.log(entry(0, { endpoint: 'penguins' }));
    await expect(log.flush()).rejects.toThrow(/a write failed/);
    expect(log.stats()).toMatchObject({ failedRows: 1, writtenRows: 0 });
    expect(log.stats().lastError).toMatch(/penguins\/2026-03-01/);
  });

  it('lies beside a local artifact store when given one', () => {
    const artifacts = new LocalArtifactStore(join(dir, 'home', 'artifacts'));
    expect(predictionLogDir({ artifacts })).toBe(join(dir, 'home', 'predictions'));
    expect(predictionLogDir({ dir: '/x/y' })).toBe('/x/y');
  });
});

describe('shouldLog', () => {
  it('is deterministic by request id and matches the documented SHA-256 rule', () => {
    // Values of int.from_bytes(sha256(id)[:4], 'big') / 2**32, computed apart: req-1 0.5794…, abc 0.7284….
    expect(shouldLog(0.58, 'req-1')).toBe(true);
    expect(shouldLog(0.579, 'req-1')).toBe(false);
    expect(shouldLog(0.73, 'abc')).toBe(true);
    expect(shouldLog(0.728, 'abc')).toBe(false);
    expect(shouldLog(0.0732, '00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(shouldLog(0.0731, '00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(shouldLog(0, 'anything')).toBe(false);
    expect(shouldLog(1, 'anything')).toBe(true);
  });

  it('samples about the rate asked for', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `request-${i}`);
    const n = ids.filter((id) => shouldLog(0.3, id)).length;
    // Binomial(10 000, 0.3): sd ≈ 46; five sd either side.
    expect(n).toBeGreaterThan(3000 - 230);
    expect(n).toBeLessThan(3000 + 230);
    expect(ids.filter((id) => shouldLog(0.3, id)).length).toBe(n);
  });
});

describe('labels', () => {
  it('attach by request id (and row), join onto the predictions, and report unknown ids', async () => {
    const log = open({ dir, flushMs: 0 });
    for (let i = 0; i < 100; i++) log.log(entry(i, { endpoint: 'penguins' }));
    log.log({
      requestId: 'multi', time: DAY2 + 5, endpoint: 'penguins', variant: 'primary', modelVersionId: 'mv-1', modelVersion: 1,
      latencyMs: 1, features: [{ a: 1 }, { a: 2 }, { a: 3 }], predictions: [{ label: 'Adelie' }, { label: 'Gentoo' }, { label: 'Adelie' }],
    });
    // No flush: the log's own attachLabels writes its queue first, so a just-answered request is found.
    const now = DAY2 + 86_400_000;
    const result = await log.attachLabels('penguins', [
      ...Array.from({ length: 50 }, (_, i) => ({ requestId: `req-${2 * i}`, label: 'Chinstrap' })),
      { requestId: 'multi', row: 2, label: 'Gentoo' },
      { requestId: 'nope-1', label: 'Adelie' },
      { requestId: 'nope-2', label: 'Adelie' },
      { requestId: 'req-1', row: 3, label: 'Adelie' },
    ], { now });
    expect(result).toEqual({ attached: 51, unknown: 3, unknownIds: ['nope-1', 'nope-2', 'req-1#3'] });

    let joined = await log.joinLabels('penguins');
    expect(joined.rows.length).toBe(103);
    expect(joined.labelled).toBe(51);
    expect(joined.unlabelled).toBe(52);
    const byKey = new Map(joined.rows.map((r) => [`${r.requestId}#${r.row}`, r]));
    expect(byKey.get('req-0#0')).toMatchObject({ label: 'Adelie', actual: 'Chinstrap', labelledAt: now });
    expect(byKey.get('req-1#0')).toMatchObject({ actual: null, labelledAt: null });
    expect(byKey.get('multi#2')).toMatchObject({ label: 'Adelie', actual: 'Gentoo' });
    expect(byKey.get('multi#0')?.actual).toBeNull();

    // A later label for the same row wins; a range joins only its predictions.
    expect(await openPredictionStore({ dir }).attachLabels('penguins', [{ requestId: 'req-0', label: 'Adelie' }], { now: now + 1 }))
      .toEqual({ attached: 1, unknown: 0, unknownIds: [] });
    joined = await log.joinLabels('penguins', { from: DAY1, to: DAY1 + 50 });
    expect(joined.rows.map((r) => r.requestId)).toEqual(Array.from({ length: 25 }, (_, k) => `req-${2 * k}`));
    expect(joined.rows.find((r) => r.requestId === 'req-0')).toMatchObject({ actual: 'Adelie', labelledAt: now + 1 });
    // Labels lie beside their predictions' day.
    expect(await readdir(join(dir, 'penguins', '2026-03-01', 'labels'))).toHaveLength(2);
  });

  it('reports at most ten unknown ids, with the full count, and refuses malformed labels with a 400', async () => {
    const store = openPredictionStore({ dir });
    const r = await store.attachLabels('penguins', Array.from({ length: 25 }, (_, i) => ({ requestId: `ghost-${i}`, label: 1 })));
    expect(r.attached).toBe(0);
    expect(r.unknown).toBe(25);
    expect(r.unknownIds).toEqual(Array.from({ length: 10 }, (_, i) => `ghost-${i}`));
    const bad = store.attachLabels('penguins', [{ requestId: 'a', label: Number.NaN }]);
    await expect(bad).rejects.toBeInstanceOf(ProtocolError);
    await expect(bad).rejects.toThrow(/labels\[0\]\.label must be a string \(a class\) or a finite number/);
    await expect(store.attachLabels('penguins', [{ requestId: '', label: 'x' }])).rejects.toThrow(/labels\[0\]\.requestId/);
    await expect(store.attachLabels('penguins', [{ requestId: 'a', row: -1, label: 'x' }])).rejects.toThrow(/labels\[0\]\.row/);
    await expect(store.readPredictions('../x')).rejects.toThrow(/not an endpoint name/);
  });
});
