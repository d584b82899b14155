// Statements the API runs on every request (a token's standing, a run page, the runs list), prepared once per
// database handle: drizzle builds their SQL text once instead of on each call (its builder cost ~0.3-0.4 ms of CPU a
// statement), and postgres.js names them, so each connection parses and plans them once.
import type { Db } from './client';

const byDb = new WeakMap<Db, Map<string, unknown>>();

/** The statement `name` on `db`, made by `make` the first time it is asked for. */
export function prepared<T>(db: Db, name: string, make: (name: string) => T): T {
  let statements = byDb.get(db);
  if (!statements) byDb.set(db, (statements = new Map()));
  let s = statements.get(name) as T | undefined;
  if (s === undefined) statements.set(name, (s = make(name)));
  return s;
}
