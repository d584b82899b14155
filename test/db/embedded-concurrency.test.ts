// The embedded database as the launcher serves it (PGlite over pglite-socket with Headrace's batch
// queue): several postgres.js clients with pooled connections, mixing extended-protocol queries and
// transactions at once, must all succeed and see one consistent database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../cli/platform/database';
import { freePort } from '../../server/temporal/dev-server';

let home: string;
let embedded: EmbeddedDatabase;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'headrace-embedded-'));
  embedded = await startEmbeddedDatabase(home, await freePort());
});

afterAll(async () => {
  await embedded?.stop();
  rmSync(home, { recursive: true, force: true });
});

it('serves concurrent writers from separate pools without interleaving their statements', async () => {
  const clients = [0, 1, 2].map(() => postgres(embedded.url, { max: 5, onnotice: () => {} }));
  try {
    await clients[0]`create table t (id serial primary key, v text, n int)`;
    const work = Array.from({ length: 900 }, (_, i) => {
      const c = clients[i % 3];
      switch (i % 5) {
        case 0: return c`insert into t (v, n) values (${`x${i}`}, ${i})`;
        case 1: return c`select count(*) from t where n > ${i}`;
        case 2: return c`select * from t where v = ${`x${i}`}`;
        case 3: return c`update t set n = n + 1 where id = ${i}`;
        default: return c.begin(async (tx) => {
          await tx`select 1 as one where ${i} > 0`;
          await tx`insert into t (v) values ('tx')`;
        });
      }
    });
    const results = await Promise.allSettled(work);
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const [{ n }] = await clients[1]<{ n: number }[]>`select count(*)::int as n from t`;
    expect(n).toBe(360); // 180 inserts + 180 transactions
    // A transaction that fails is rolled back and leaves no row behind, while others keep working.
    await expect(clients[2].begin(async (tx) => {
      await tx`insert into t (v) values ('doomed')`;
      await tx`select * from no_such_table`;
    })).rejects.toThrow(/no_such_table/);
    const [{ d }] = await clients[0]<{ d: number }[]>`select count(*)::int as d from t where v = 'doomed'`;
    expect(d).toBe(0);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
});
