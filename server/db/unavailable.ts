// Whether an error means "the database cannot be reached right now" (down, restarting, shutting down, the
// connection lost) rather than a fault of the request or the code: the API answers such errors with 503 and a
// Retry-After header instead of a 500 (server/api/trpc.ts, server/http.ts), so clients and load balancers retry.

/** Seconds a client is told to wait before it retries (Retry-After) while the database is unavailable. */
export const DATABASE_RETRY_AFTER_S = 2;

/** What a 503 for an unreachable database says. */
export const DATABASE_UNAVAILABLE_MESSAGE = `the database is unavailable right now; retry in ${DATABASE_RETRY_AFTER_S} s`;

/** Node's network errors and postgres.js's own codes for a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ENOTCONN', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs of an unavailable server: connection exceptions (class 08), and a server shutting down, crashed or
 * starting up (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now).
 */
function unavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03';
}

/** The error and its causes (`cause`, and the members of an AggregateError), outermost first. */
export function errorChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [err];
  while (queue.length > 0 && out.length < 20) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    if (e instanceof AggregateError) queue.push(...e.errors);
    if (e instanceof Error && e.cause !== undefined) queue.push(e.cause);
  }
  return out;
}

/** The error in `err`'s chain that says the database cannot be reached now (the driver's own), if one does. */
export function databaseUnavailableCause(err: unknown): Error | undefined {
  return errorChain(err).find((e): e is Error => {
    if (!(e instanceof Error)) return false;
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') return false;
    return CONNECTION_CODES.has(code) || (e.name === 'PostgresError' && unavailableSqlState(code));
  });
}

/** Whether `err` (or one of its causes) says the database cannot be reached now. */
export function databaseUnavailable(err: unknown): boolean {
  return databaseUnavailableCause(err) !== undefined;
}
