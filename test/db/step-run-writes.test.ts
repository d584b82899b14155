// Group commit of step results (server/db/repo/step-run-writes.ts), on PGlite and on PostgreSQL: a write with
// nothing in flight goes out alone; writes arriving meanwhile go out as one statement; a key's writes land in the
// order they were made; a retry goes alone and still closes the attempt it supersedes; one bad row fails only its
// own caller. Every row and log line is read back from the database.
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from '../../server/db/client';
import { savePipelineVersion } from '../../server/db/repo/pipelines';
import { createRun, getRun, getRunSummary, setRunStatus, type StepRunUpdate } from '../../server/db/repo/runs';
import { readStepLogs } from '../../server/db/repo/step-logs';
import { refusedRow, StepRunWrites } from '../../server/db/repo/step-run-writes';
import { planOf } from '../helpers/plans';

const source = `headrace: 1
name: group-commit-test
steps:
  ingest:
    uses: ingest.csv
    with: { path: data.csv }
`;

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
  // As behind a pooler in transaction mode: the same statements, never named (postgres.js reads the URL's option).
  ['PostgreSQL with ?prepare=false', () => `${inject('postgresUrl')}${inject('postgresUrl').includes('?') ? '&' : '?'}prepare=false`],
];

describe.each(backends)('step results written in groups on %s', (_name, url) => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
  });
  afterAll(async () => {
    await database?.close();
  });

  const newRun = async () => {
    const saved = await savePipelineVersion(database.db, { plan: planOf(source), source, author: 'test' });
    return createRun(database.db, { pipelineId: saved.pipelineId, pipelineVersionId: saved.version.id, workflowId: `wf-${randomUUID()}`, params: {}, plan: saved.version.plan, createdBy: 'test' });
  };
  const rows = async (runId: string) =>
    (await getRun(database.db, runId))!.steps
      .map((s) => ({ step: s.stepId, attempt: s.attempt, status: s.status, error: s.error, outputs: s.outputs, finished: s.finishedAt !== null }))
      .sort((a, b) => a.step.localeCompare(b.step, 'en', { numeric: true }) || a.attempt - b.attempt);
  const line = (runId: string, stepId: string, message: string) => ({ runId, stepId, attempt: 1, at: new Date(), level: 'info' as const, message });

  it('writes the first alone and the ten that arrived meanwhile as one statement, every row and log line committed', async () => {
    const run = await newRun();
    const writes = new StepRunWrites(database.db);
    const updates: StepRunUpdate[] = Array.from({ length: 11 }, (_, i) => ({
      runId: run.id, stepId: `s${i}`, attempt: 1, kind: 'test.noop', status: 'succeeded', outputs: { n: i }, durationMs: i,
      logs: [line(run.id, `s${i}`, `step ${i} line 1`), line(run.id, `s${i}`, `step ${i} line 2`)],
    }));
    await Promise.all(updates.map((u) => writes.write(u)));
    expect(writes.stats).toEqual({ statements: 2, rows: 11 });
    expect(await rows(run.id)).toEqual(updates.map((u, i) => ({ step: u.stepId, attempt: 1, status: 'succeeded', error: null, outputs: { n: i }, finished: true })));
    const logs = await readStepLogs(database.db, { runId: run.id, limit: 100 });
    expect(logs.map((l) => l.message).sort()).toEqual(updates.flatMap((_, i) => [`step ${i} line 1`, `step ${i} line 2`]).sort());
  });

  it('moves the runs its first steps claim from queued to running, in the same statement, and leaves a finished run alone', async () => {
    const [claimed, other, finished] = [await newRun(), await newRun(), await newRun()];
    await setRunStatus(database.db, finished.id, 'cancelled');
    const writes = new StepRunWrites(database.db);
    const step = (runId: string, stepId: string, claimsRun: boolean): StepRunUpdate => ({ runId, stepId, attempt: 1, kind: 'test.noop', status: 'succeeded', claimsRun });
    await Promise.all([
      writes.write(step(claimed.id, 'a', true)),
      writes.write(step(claimed.id, 'b', true)),
      writes.write(step(other.id, 'a', false)),
      writes.write(step(finished.id, 'a', true)),
    ]);
    const summary = async (id: string) => (await getRunSummary(database.db, id))!;
    expect((await summary(claimed.id)).status).toBe('running');
    expect((await summary(claimed.id)).startedAt).not.toBeNull();
    expect((await summary(other.id)).status).toBe('queued');
    expect((await summary(finished.id)).status).toBe('cancelled');
    expect((await rows(claimed.id)).map((r) => r.step)).toEqual(['a', 'b']);
    // A first step retried (its first attempt died before it wrote) claims through the retry's own statement.
    const late = await newRun();
    await writes.write({ ...step(late.id, 'a', true), attempt: 2 });
    expect((await summary(late.id)).status).toBe('running');
  });

  it("keeps a key's writes in order: a repeated key waits for the next statement, so its later status wins", async () => {
    const run = await newRun();
    const writes = new StepRunWrites(database.db);
    const base = { runId: run.id, attempt: 1, kind: 'test.noop' };
    await Promise.all([
      writes.write({ ...base, stepId: 'a', status: 'running' }),
      writes.write({ ...base, stepId: 'b', status: 'running' }),
      writes.write({ ...base, stepId: 'c', status: 'running' }),
      writes.write({ ...base, stepId: 'b', status: 'succeeded', outputs: { done: true } }),
      writes.write({ ...base, stepId: 'c', status: 'failed', error: 'boom' }),
    ]);
    // a alone (nothing was in flight); then b and c; then b and c again.
    expect(writes.stats).toEqual({ statements: 3, rows: 5 });
    expect(await rows(run.id)).toEqual([
      { step: 'a', attempt: 1, status: 'running', error: null, outputs: null, finished: false },
      { step: 'b', attempt: 1, status: 'succeeded', error: null, outputs: { done: true }, finished: true },
      { step: 'c', attempt: 1, status: 'failed', error: 'boom', finished: true, outputs: null },
    ]);
    // Absent values are SQL nulls, as the query builder writes them (not the JSON value null).
    const nulls = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from step_runs where run_id = ${run.id} and outputs is null and summary is null and duration_ms is null`));
    expect(nulls[0].n).toBe(2);
  });

  it('writes a retry alone, closing the attempt it supersedes, between the groups around it', async () => {
    const run = await newRun();
    const writes = new StepRunWrites(database.db);
    const base = { runId: run.id, kind: 'test.noop' };
    await writes.write({ ...base, stepId: 'x', attempt: 1, status: 'running' });
    await Promise.all([
      writes.write({ ...base, stepId: 'y', attempt: 1, status: 'running' }),
      writes.write({ ...base, stepId: 'z', attempt: 1, status: 'succeeded' }),
      writes.write({ ...base, stepId: 'x', attempt: 2, status: 'succeeded', supersededCause: 'its worker was killed' }),
      writes.write({ ...base, stepId: 'y', attempt: 0, status: 'cached' }),
    ]);
    // x@1 alone; y@1 and z@1 together; the retry x@2 alone; y@0, queued behind the retry, alone.
    expect(writes.stats).toEqual({ statements: 4, rows: 5 });
    expect(await rows(run.id)).toEqual([
      { step: 'x', attempt: 1, status: 'failed', error: 'superseded by attempt 2: its worker was killed', outputs: null, finished: true },
      { step: 'x', attempt: 2, status: 'succeeded', error: null, outputs: null, finished: true },
      { step: 'y', attempt: 0, status: 'cached', error: null, outputs: null, finished: true },
      { step: 'y', attempt: 1, status: 'running', error: null, outputs: null, finished: false },
      { step: 'z', attempt: 1, status: 'succeeded', error: null, outputs: null, finished: true },
    ]);
  });

  it('fails only the caller whose row the database refuses; the others in its statement are committed', async () => {
    const run = await newRun();
    const writes = new StepRunWrites(database.db);
    const base = { attempt: 1, kind: 'test.noop', status: 'succeeded' as const };
    const missingRun = randomUUID();
    const results = await Promise.allSettled([
      writes.write({ ...base, runId: run.id, stepId: 'first' }),
      writes.write({ ...base, runId: run.id, stepId: 'p', logs: [line(run.id, 'p', 'kept')] }),
      writes.write({ ...base, runId: missingRun, stepId: 'orphan' }),
      writes.write({ ...base, runId: run.id, stepId: 'q' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const refused = (results[2] as PromiseRejectedResult).reason as Error;
    expect(String(refused.cause ?? refused)).toMatch(/foreign key/i);
    expect((await rows(run.id)).map((r) => `${r.step}:${r.status}`)).toEqual(['first:succeeded', 'p:succeeded', 'q:succeeded']);
    expect((await readStepLogs(database.db, { runId: run.id, limit: 10 })).map((l) => l.message)).toEqual(['kept']);
    // first alone; p, orphan and q refused together, then each alone.
    expect(writes.stats).toEqual({ statements: 5, rows: 7 });
  });
});

describe('step results written in groups, when the database cannot be reached', () => {
  it('gives every caller of a group the lost connection at once, without trying each row again', async () => {
    // A real server speaking PostgreSQL's protocol that answers every connection as a database starting up does
    // (FATAL 57P03), so each statement fails at once as it would during a restart.
    let accepted = 0;
    const field = (type: string, text: string) => Buffer.concat([Buffer.from(type), Buffer.from(text), Buffer.from([0])]);
    const fields = Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', '57P03'), field('M', 'the database system is starting up'), Buffer.from([0])]);
    const starting = Buffer.concat([Buffer.from('E'), Buffer.alloc(4), fields]);
    starting.writeInt32BE(4 + fields.length, 1);
    const server = createServer((socket) => {
      accepted++;
      socket.once('data', () => socket.end(starting));
      socket.on('error', () => {});
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const gone = await openDatabase(`postgres://headrace@127.0.0.1:${port}/headrace`, { max: 1 });
    try {
      const writes = new StepRunWrites(gone.db);
      const base = { runId: randomUUID(), attempt: 1, kind: 'test.noop', status: 'succeeded' as const };
      const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((stepId) => writes.write({ ...base, stepId })));
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      // a alone; b, c and d together, refused together: no row written again alone.
      expect(writes.stats).toEqual({ statements: 2, rows: 4 });
      expect(accepted).toBeGreaterThan(0);
    } finally {
      await gone.close();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });

  it('tells a refused value from a lost connection, by SQLSTATE class, also as a cause', () => {
    expect(refusedRow(Object.assign(new Error('insert or update violates foreign key constraint'), { code: '23503' }))).toBe(true);
    expect(refusedRow(new Error('Failed query', { cause: Object.assign(new Error('invalid input syntax'), { code: '22P02' }) }))).toBe(true);
    expect(refusedRow(Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }))).toBe(false);
    expect(refusedRow(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(refusedRow(Object.assign(new Error('the database system is shutting down'), { code: '57P03' }))).toBe(false);
  });
});
