// The step error taxonomy (workers/activities/errors.ts): what is retried, what is shown as it is, and what is
// reported with its cause.
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ConfinementError, IngestError } from '../../workers/compute/data/ingest';
import { ConfigError, DataError, TrainingDivergedError } from '../../workers/compute/errors';
import { classifyError, transientError, userError } from '../../workers/activities/errors';

const withCode = (message: string, code: string, name = 'Error') => Object.assign(new Error(message), { code, name });

describe('classifyError', () => {
  it('data and config errors are not retried and keep their message', () => {
    const cases: Array<[Error, string]> = [
      [new DataError('need at least 2 classes, got 1 (a)'), 'BadData'],
      [new DataError('column "nope" not found (columns: x, y)'), 'BadData'],
      [new IngestError('data.csv: the file is empty'), 'BadData'],
      [new ConfigError('batchSize must be a positive integer'), 'BadConfig'],
      [new TrainingDivergedError('training diverged at epoch 3 (loss NaN); lower the learning rate'), 'TrainingDiverged'],
      [new ConfinementError('refusing to read /etc/passwd: it is outside the allowed data roots [/data]'), 'Forbidden'],
    ];
    for (const [err, type] of cases) {
      const c = classifyError(err);
      expect(c.class, err.message).toBe('user');
      expect(c.retryable).toBe(false);
      expect(c.message).toBe(err.message);
      expect(c.failure).toBeInstanceOf(ApplicationFailure);
      expect((c.failure as ApplicationFailure).nonRetryable).toBe(true);
      expect((c.failure as ApplicationFailure).type).toBe(type);
    }
  });

  it('failures already classified where they were raised pass through', () => {
    const gate = userError('GateFailed', 'gate failed: accuracy >= 0.9 (got 0.5)');
    expect(classifyError(gate)).toMatchObject({ class: 'user', failure: gate, retryable: false });
    const changed = transientError('data.csv changed while it was read; reading it again');
    expect(classifyError(changed)).toMatchObject({ class: 'transient', failure: changed, retryable: true });
    const cancelled = new CancelledFailure('training cancelled');
    expect(classifyError(cancelled)).toMatchObject({ class: 'cancelled', failure: cancelled });
  });

  it('network and database connection faults are transient: retried, message as is', () => {
    const cases = [
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('connect ETIMEDOUT 10.0.0.1:5432', 'ETIMEDOUT'),
      withCode('write CONNECTION_CLOSED localhost:5432', 'CONNECTION_CLOSED'),
      withCode('terminating connection due to administrator command', '57P01', 'PostgresError'),
      withCode('could not serialize access due to concurrent update', '40001', 'PostgresError'),
      // A driver wrapper (drizzle's "Failed query") around a connection fault.
      new Error('Failed query: select 1', { cause: withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED') }),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed'),
    ];
    for (const err of cases) {
      const c = classifyError(err);
      expect(c.class, err.message).toBe('transient');
      expect(c.retryable).toBe(true);
      expect(c.message).toBe(err.message);
      expect((c.failure as ApplicationFailure).type).toBe('Transient');
    }
  });

  it('a PostgreSQL error about the query itself is not transient', () => {
    expect(classifyError(withCode('relation "nope" does not exist', '42P01', 'PostgresError')).class).toBe('unexpected');
  });

  it('anything else is unexpected: retried, reported with its name, message and first stack frame', () => {
    let err: unknown;
    try {
      (undefined as unknown as { x: () => void }).x();
    } catch (e) {
      err = e;
    }
    const c = classifyError(err);
    expect(c.class).toBe('unexpected');
    expect(c.retryable).toBe(true);
    expect(c.message).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'x'\) \(at .*test\/workers\/errors\.test\.ts:\d+:\d+\)?\)$/);
    // The project's folder is left out of the frame.
    expect(c.message).not.toContain(process.cwd());
    const failure = c.failure as ApplicationFailure;
    expect(failure.type).toBe('Unexpected');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.cause).toBe(err);
    expect(classifyError('a string').message).toBe('non-error thrown: a string');
  });
});
