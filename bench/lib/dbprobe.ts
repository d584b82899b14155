// Counts and times every statement the database client runs (PGlite's query/exec, underneath drizzle), grouped
// by statement and table, so the orchestration bench can say how many round trips a step costs and how long
// they take — a measurement, not a guess.
import type { Db } from '../../server/db/client';

export interface DbStat {
  what: string;
  count: number;
  ms: number;
}

export interface DbProbe {
  /** Statements since the last reset, heaviest first. */
  stats(): DbStat[];
  reset(): void;
}

function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  const m = /^(insert into|update|delete from|select .*? from|with .*?\) select .*? from) "?([a-z_]+)"?/.exec(s);
  if (m) return `${m[1].split(' ')[0]} ${m[2]}`;
  return s.split(' ').slice(0, 2).join(' ');
}

export function probeDb(db: Db): DbProbe {
  const client = (db as unknown as { $client?: Record<string, unknown> }).$client;
  if (!client || typeof client.query !== 'function') throw new Error('probeDb: the database client has no query method to count (not PGlite?)');
  const stats = new Map<string, DbStat>();
  for (const method of ['query', 'exec'] as const) {
    const original = client[method] as (sql: string, ...rest: unknown[]) => Promise<unknown>;
    client[method] = async function (this: unknown, sql: string, ...rest: unknown[]) {
      const t = performance.now();
      try {
        return await original.call(this, sql, ...rest);
      } finally {
        const what = label(sql);
        const s = stats.get(what) ?? { what, count: 0, ms: 0 };
        s.count++;
        s.ms += performance.now() - t;
        stats.set(what, s);
      }
    };
  }
  return {
    stats: () => [...stats.values()].sort((a, b) => b.ms - a.ms),
    reset: () => stats.clear(),
  };
}
