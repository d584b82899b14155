// pipeline.versions and pipeline.diff through the API router, on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { listPipelineVersions, savePipelineVersion } from '../../server/db/repo/pipelines';
import { appRouter } from '../../server/api/root';
import type { Services } from '../../server/services/context';
import { diffLines, hasChanges } from '../../app/_components/versions/diff-lines';
import { planOf } from '../helpers/plans';

const source = (epochs: number, extra = '') => `headrace: 1
name: hist
steps:
  ingest:
    uses: ingest.csv
    with: { path: data.csv }${extra}
  train:
    uses: train.logistic
    in: { table: ingest.table }
    with: { target: y, epochs: ${epochs} }
`;

describe('pipeline versions and diffs', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase('memory://', { migrate: true });
    const db = database.db;
    for (const [i, src] of [source(10), source(20), source(20, '\n    # a comment')].entries()) {
      await savePipelineVersion(db, { plan: planOf(src), source: src, author: `user${i + 1}`, origin: i === 0 ? 'hist.yaml' : undefined });
    }
  });
  afterAll(async () => {
    await database?.close();
  });

  const caller = () => appRouter.createCaller({ svc: { db: database.db } as unknown as Services, principal: { userId: null, username: 'test', role: 'admin', via: 'loopback' } });

  it('lists versions newest first with author, time, hash and origin', async () => {
    const rows = await caller().pipeline.versions({ name: 'hist' });
    expect(rows.map((r) => [r.version, r.author])).toEqual([
      [3, 'user3'],
      [2, 'user2'],
      [1, 'user1'],
    ]);
    expect(rows[2].origin).toBe('hist.yaml');
    expect(rows[0].createdAt).toBeInstanceOf(Date);
    expect(rows[0].sourceHash).toMatch(/\w{8,}/);
    expect(await listPipelineVersions(database.db, 'nope')).toEqual([]);
    expect(await caller().pipeline.versions({ name: 'nope' })).toEqual([]);
  });

  it('diffs two versions as a unified patch, either way round', async () => {
    const d = await caller().pipeline.diff({ name: 'hist', from: 1, to: 2 });
    expect(d.from).toBe(1);
    expect(d.to).toBe(2);
    expect(d.unified).toContain('--- hist@v1');
    expect(d.unified).toContain('+++ hist@v2');
    expect(d.unified).toContain('-    with: { target: y, epochs: 10 }');
    expect(d.unified).toContain('+    with: { target: y, epochs: 20 }');
    const lines = diffLines(d.unified);
    expect(lines.filter((l) => l.kind === 'add')).toHaveLength(1);
    expect(lines.filter((l) => l.kind === 'del')).toHaveLength(1);
    expect(lines.some((l) => l.kind === 'hunk')).toBe(true);

    const back = await caller().pipeline.diff({ name: 'hist', from: 3, to: 1 });
    expect(back.unified).toContain('-    # a comment');
    const same = await caller().pipeline.diff({ name: 'hist', from: 2, to: 2 });
    expect(hasChanges(diffLines(same.unified))).toBe(false);
  });

  it('answers NOT_FOUND for a missing version', async () => {
    await expect(caller().pipeline.diff({ name: 'hist', from: 1, to: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller().pipeline.diff({ name: 'nope', from: 1, to: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
