// What an error answer may tell: outside development, no stack trace, no file path and no internal message — an
// internal error is "internal error (id …)", and the server's log has its detail under the same id.
import { randomBytes } from 'node:crypto';

/** Stack traces and internal messages in answers: only with NODE_ENV=development or HEADRACE_DEBUG_ERRORS=1 (read per error). */
export function errorDetailShown(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV === 'development' || env.HEADRACE_DEBUG_ERRORS === '1';
}

const ids = new WeakMap<object, string>();

/** A short id people can quote from an answer and find in the log (12 hex characters). */
export const newErrorId = () => randomBytes(6).toString('hex');

/**
 * The id of an internal error, logged once with its detail (where, the message, the stack, the cause's) the first
 * time it is asked for; the same error asked again keeps its id.
 */
export function internalErrorId(error: Error, where?: string, log: (line: string) => void = (l) => console.error(l)): string {
  const known = ids.get(error);
  if (known) return known;
  const id = newErrorId();
  ids.set(error, id);
  const cause = error.cause instanceof Error && error.cause !== error ? `\ncaused by: ${error.cause.stack ?? error.cause.message}` : '';
  log(`internal error ${id}${where ? ` in ${where}` : ''}: ${error.stack ?? error.message}${cause}`);
  return id;
}
