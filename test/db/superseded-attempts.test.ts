// A step attempt whose worker or server died never records its end; when the next attempt starts (or finishes),
// the same upsert closes it: `failed`, with "superseded by attempt N: CAUSE" and a finish time. On PGlite and on
// PostgreSQL. And the cause the step activity names, from Temporal's activity info.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { savePipelineVersion } from '../../server/db/repo/pipelines';
import { createRun, getRun, SUPERSEDED_CAUSE, upsertStepRun } from '../../server/db/repo/runs';
import { supersededCause } from '../../workers/activities/step';
import { planOf } from '../helpers/plans';

const source = `headrace: 1
name: superseded-test
steps:
  ingest:
    uses: ingest.csv
    with: { path: data.csv }
  other:
    uses: ingest.csv
    with: { path: other.csv }
`;

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
];

describe.each(backends)('superseded attempts on %s', (_name, url) => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
  });
  afterAll(async () => {
    await database?.close();
  });

  const newRun = async () => {
    const saved = await savePipelineVersion(database.db, { plan: planOf(source), source, author: 'test' });
    return createRun(database.db, { pipelineId: saved.pipelineId, pipelineVersionId: saved.version.id, workflowId: `wf-${Math.random()}`, params: {}, plan: saved.version.plan, createdBy: 'test' });
  };
  const rows = async (runId: string) =>
    (await getRun(database.db, runId))!.steps.map((s) => ({ step: s.stepId, attempt: s.attempt, status: s.status, error: s.error, finished: s.finishedAt !== null }))
      .sort((a, b) => a.step.localeCompare(b.step) || a.attempt - b.attempt);

  it('closes the running attempt when the next one starts, with the cause; leaves other steps and finished attempts alone', async () => {
    const db = database.db;
    const run = await newRun();
    const step = { runId: run.id, stepId: 'ingest', kind: 'ingest.csv' };
    await upsertStepRun(db, { ...step, attempt: 1, status: 'running' });
    await upsertStepRun(db, { runId: run.id, stepId: 'other', kind: 'ingest.csv', attempt: 1, status: 'running' });
    const cause = "attempt 1's worker stopped answering (no heartbeat for 10 s: heartbeat timeout)";
    await upsertStepRun(db, { ...step, attempt: 2, status: 'running', supersededCause: cause });
    expect(await rows(run.id)).toEqual([
      { step: 'ingest', attempt: 1, status: 'failed', error: `superseded by attempt 2: ${cause}`, finished: true },
      { step: 'ingest', attempt: 2, status: 'running', error: null, finished: false },
      { step: 'other', attempt: 1, status: 'running', error: null, finished: false },
    ]);
    // Attempt 2 fails on its own and attempt 3 succeeds: attempt 2's recorded end stays as it was.
    await upsertStepRun(db, { ...step, attempt: 2, status: 'failed', error: 'boom' });
    await upsertStepRun(db, { ...step, attempt: 3, status: 'running', supersededCause: cause });
    await upsertStepRun(db, { ...step, attempt: 3, status: 'succeeded', supersededCause: cause });
    expect((await rows(run.id)).filter((r) => r.step === 'ingest').map((r) => [r.attempt, r.status, r.error])).toEqual([
      [1, 'failed', `superseded by attempt 2: ${cause}`],
      [2, 'failed', 'boom'],
      [3, 'succeeded', null],
    ]);
  });

  it('closes it too when the later attempt is first recorded finished, naming a default cause', async () => {
    const db = database.db;
    const run = await newRun();
    const step = { runId: run.id, stepId: 'ingest', kind: 'ingest.csv' };
    await upsertStepRun(db, { ...step, attempt: 1, status: 'running' });
    await upsertStepRun(db, { ...step, attempt: 2, status: 'failed', error: 'bad config' });
    expect(await rows(run.id)).toEqual([
      { step: 'ingest', attempt: 1, status: 'failed', error: `superseded by attempt 2: ${SUPERSEDED_CAUSE}`, finished: true },
      { step: 'ingest', attempt: 2, status: 'failed', error: 'bad config', finished: true },
    ]);
  });
});

describe('the cause a step attempt names for the one it supersedes', () => {
  it('says heartbeat timeout for steps that heartbeat, start-to-close timeout for the others', () => {
    expect(supersededCause({ attempt: 2, heartbeatTimeoutMs: 10_000, startToCloseTimeoutMs: 3_600_000 }))
      .toBe("attempt 1's worker stopped answering (no heartbeat for 10 s: heartbeat timeout)");
    expect(supersededCause({ attempt: 3, startToCloseTimeoutMs: 600_000 }))
      .toBe('attempt 2 did not end within 600 s (start-to-close timeout; its worker stopped or lost the server)');
  });
});
