// One error taxonomy for steps (docs/errors.md). Whatever a step throws is classified once, by the step
// wrapper, into what Temporal is told:
// - user errors (bad config, bad data, failed validation or gate, a path outside the data roots, training
//   divergence): not retried, shown as they are;
// - transient errors (connection reset or refused, timeouts, a lost database connection): retried, shown as
//   they are;
// - unexpected errors (anything else: a bug, a library fault): retried, and reported with their cause
//   (error name, message and the first stack frame).
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { fileURLToPath } from 'node:url';
import { ConfinementError, IngestError } from '../compute/data/ingest';
import { ConfigError, DataError, TrainingDivergedError } from '../compute/errors';
import { errorChain } from '../../server/db/unavailable';

export type UserErrorType = 'BadConfig' | 'BadData' | 'ValidationFailed' | 'GateFailed' | 'Forbidden' | 'TrainingDiverged';

export function userError(type: UserErrorType, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}

/** A failure that retrying may cure (a file that changed while it was read, a dropped connection). */
export function transientError(message: string, cause?: Error): ApplicationFailure {
  return ApplicationFailure.create({ type: 'Transient', message, nonRetryable: false, cause });
}

export type ErrorClass = 'user' | 'transient' | 'unexpected' | 'cancelled';

export interface ClassifiedError {
  class: ErrorClass;
  /** What the activity throws: an ApplicationFailure (or the cancellation itself). */
  failure: Error;
  /** What the step's row and log show. */
  message: string;
  retryable: boolean;
}

/** Node and driver error codes of a network or connection fault. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENETDOWN', 'ENOTCONN', 'EMFILE', 'ENFILE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT',
  // postgres.js
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/**
 * PostgreSQL SQLSTATEs worth a retry: connection exceptions (class 08), serialization failures and deadlocks,
 * insufficient resources (53), lock timeouts, and a server shutting down or starting (57P01–57P03).
 */
function transientSqlState(code: string): boolean {
  return /^(08|53)[0-9A-Z]{3}$/.test(code) || ['40001', '40P01', '55P03', '57P01', '57P02', '57P03'].includes(code);
}

function isTransient(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || (e.name === 'PostgresError' && transientSqlState(code)))) return true;
  return e.name === 'TimeoutError';
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The first `at …` line of a stack, with the project's folder left out of paths. */
export function firstFrame(err: Error): string | undefined {
  const line = err.stack?.split('\n').find((l) => /^\s+at /.test(l));
  return line?.trim().replace(/^at /, '').split(projectRoot).join('');
}

/** `TypeError: x is not a function (at f (workers/activities/train.ts:12:3))`. */
export function describeUnexpected(err: unknown): string {
  if (!(err instanceof Error)) return `non-error thrown: ${String(err)}`;
  const frame = firstFrame(err);
  return `${err.name}: ${err.message}${frame ? ` (at ${frame})` : ''}`;
}

/** Classifies what a step threw; `failure` is what the activity should throw in its place. */
export function classifyError(err: unknown): ClassifiedError {
  if (err instanceof CancelledFailure) return { class: 'cancelled', failure: err, message: err.message, retryable: false };
  if (err instanceof ApplicationFailure) {
    // Already classified where it was raised (userError, transientError, a gate).
    const cls: ErrorClass = err.nonRetryable ? 'user' : err.type === 'Transient' ? 'transient' : 'unexpected';
    return { class: cls, failure: err, message: err.message, retryable: !err.nonRetryable };
  }
  const user = (type: UserErrorType, e: Error): ClassifiedError => ({ class: 'user', failure: userError(type, e.message), message: e.message, retryable: false });
  if (err instanceof TrainingDivergedError) return user('TrainingDiverged', err);
  if (err instanceof ConfigError) return user('BadConfig', err);
  if (err instanceof DataError || err instanceof IngestError) return user('BadData', err);
  if (err instanceof ConfinementError) return user('Forbidden', err);
  const causes = errorChain(err);
  if (causes.some(isTransient)) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { class: 'transient', failure: transientError(e.message, e), message: e.message, retryable: true };
  }
  const message = describeUnexpected(err);
  const failure = ApplicationFailure.create({
    type: 'Unexpected', message, nonRetryable: false, cause: err instanceof Error ? err : undefined,
  });
  return { class: 'unexpected', failure, message, retryable: true };
}
