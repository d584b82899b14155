// Experiment tracking's store on PGlite and PostgreSQL: epochs recorded in batches (a replayed batch changes
// nothing), one curve per training step with a resumed attempt's epochs replacing the killed one's, and thinning
// on read that keeps the last epoch.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { savePipelineVersion } from '../../server/db/repo/pipelines';
import { createRun } from '../../server/db/repo/runs';
import { recordEpochs, thin, trainingCurves, type EpochRow } from '../../server/db/repo/training-epochs';
import { planOf } from '../helpers/plans';

const source = `headrace: 1
name: epochs-test
steps:
  ingest:
    uses: ingest.csv
    with: { path: data.csv }
`;

const epochs = (from: number, to: number, loss = (e: number) => 1 / e): EpochRow[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ epoch: from + i, loss: loss(from + i), valLoss: null, valMetric: null, samplesPerSecond: 1000, lr: 0.01 }));

describe.each([
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
])('training epochs on %s', (_name, url) => {
  let database: Database;
  let runId: string;
  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
    const saved = await savePipelineVersion(database.db, { plan: planOf(source), source, author: 'test' });
    const run = await createRun(database.db, { pipelineId: saved.pipelineId, pipelineVersionId: saved.version.id, workflowId: `wf-${Math.random()}`, params: {}, plan: saved.version.plan, createdBy: 'test' });
    runId = run.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('merges a resumed attempt over the killed one, epoch by epoch, and ignores a replayed batch', async () => {
    const db = database.db;
    await recordEpochs(db, { runId, stepId: 'train', attempt: 1 }, epochs(1, 5));
    await recordEpochs(db, { runId, stepId: 'train', attempt: 1 }, epochs(1, 5, () => 99)); // replayed: kept as it was
    await recordEpochs(db, { runId, stepId: 'train', attempt: 2 }, epochs(4, 8, (e) => 2 / e));
    await recordEpochs(db, { runId, stepId: 'other', attempt: 1 }, epochs(1, 2));
    const [train] = await trainingCurves(db, [runId], { stepId: 'train' });
    expect(train).toMatchObject({ runId, stepId: 'train', attempts: [1, 2], total: 8 });
    expect(train.epochs.map((e) => [e.epoch, e.loss])).toEqual([[1, 1], [2, 0.5], [3, 1 / 3], [4, 0.5], [5, 0.4], [6, 2 / 6], [7, 2 / 7], [8, 0.25]]);
    expect((await trainingCurves(db, [runId])).map((c) => c.stepId).sort()).toEqual(['other', 'train']);
  });

  it('records thousands of epochs in one call and thins them on read, keeping the last', async () => {
    const db = database.db;
    await recordEpochs(db, { runId, stepId: 'long', attempt: 1 }, epochs(1, 4500));
    const [long] = await trainingCurves(db, [runId], { stepId: 'long', points: 100 });
    expect(long.total).toBe(4500);
    expect(long.epochs.length).toBeLessThanOrEqual(100);
    expect(long.epochs[0].epoch).toBe(1);
    expect(long.epochs.at(-1)!.epoch).toBe(4500);
  });
});

describe('thin', () => {
  it('keeps short series whole and every k-th row of long ones, the last always', () => {
    expect(thin([1, 2, 3], 5)).toEqual([1, 2, 3]);
    const rows = Array.from({ length: 10 }, (_, i) => i);
    expect(thin(rows, 4)).toEqual([0, 3, 6, 9]);
    expect(thin(rows, 3)).toEqual([0, 5, 9]);
  });
});
