// ingest.sql against a real PostgreSQL (Debian's server, a cluster of its own that asks every connection for a
// password) through the real platform: a Temporal dev server, a worker, the platform's database holding the
// connections. The password reaches the worker only through its environment; the table's contents and types, params
// bound (never pasted), the source read recorded, and each failure as the step reports it.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/db/client';
import { setConnection } from '../../server/db/repo/connections';
import { setSecret } from '../../server/secrets/store';
import { getRun } from '../../server/db/repo/runs';
import { startRun } from '../../server/services/runs';
import { readPostgres, SqlReadError } from '../../workers/compute/data/postgres';
import { readTable } from '../../workers/compute/data/table';
import { freePort } from '../../server/temporal/dev-server';
import { startHarness, type Harness } from '../helpers/harness';
import { startTestPostgres } from '../setup/postgres';

const PASSWORD = `r3ader-${randomBytes(6).toString('hex')}`;
const ENV = 'HEADRACE_TEST_SHOP_PASSWORD';

let pg: { url: string; stop(): Promise<void> };
let shopUrl: string;
let h: Harness;

beforeAll(async () => {
  const superPassword = randomBytes(12).toString('hex');
  pg = await startTestPostgres({ password: superPassword });
  const admin = postgres(pg.url, { password: superPassword, max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE ROLE reader LOGIN PASSWORD '${PASSWORD}'`);
    await admin.unsafe('CREATE DATABASE shop OWNER postgres');
  } finally {
    await admin.end();
  }
  const shopAdmin = postgres(pg.url.replace(/\/postgres$/, '/shop'), { password: superPassword, max: 1, onnotice: () => {} });
  try {
    await shopAdmin.unsafe(`
      CREATE TABLE orders (
        id integer PRIMARY KEY, big bigint, qty smallint, amount numeric(10, 2), ratio double precision, note text,
        paid boolean, placed timestamp, placed_tz timestamptz, day date, tags text[], raw bytea
      )`);
    await shopAdmin.unsafe(`
      INSERT INTO orders VALUES
        (1, 5000000000, 3, 12.50, 0.25, 'first', true, '2026-01-02 03:04:05.678', '2026-01-02 03:04:05+02', '2026-01-02', '{a,b}', '\\x00'),
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (3, -7, -1, 0.01, -1.5e10, 'x'' OR ''1''=''1', false, '1999-12-31 23:59:59', '1999-12-31 23:59:59-05', '2000-02-29', '{}', NULL),
        (4, 42, 7, 99999999.99, 'NaN', 'héllo, wörld', true, '2026-06-30 12:00:00', '2026-06-30 12:00:00+00', 'infinity', NULL, NULL)`);
    await shopAdmin.unsafe('GRANT SELECT ON orders TO reader');
  } finally {
    await shopAdmin.end();
  }
  shopUrl = pg.url.replace('postgres@', 'reader@').replace(/\/postgres$/, '/shop');
  h = await startHarness();
  const db = h.database.db;
  // The main connection's password is a secret of the store; the others read the worker's environment.
  await setSecret(db, { name: 'shop-password', value: PASSWORD, actor: 'test' }, h.home);
  await setConnection(db, { name: 'shop', url: shopUrl, passwordSecret: 'shop-password', description: 'the test shop', actor: 'test' });
  await setConnection(db, { name: 'shop-nosecret', url: shopUrl, passwordSecret: 'never-set', actor: 'test' });
  await setConnection(db, { name: 'shop-unset', url: shopUrl, passwordEnv: 'HEADRACE_TEST_UNSET_PASSWORD', actor: 'test' });
  await setConnection(db, { name: 'shop-nopass', url: shopUrl, actor: 'test' });
  await setConnection(db, { name: 'shop-wrong', url: shopUrl, passwordEnv: 'HEADRACE_TEST_WRONG_PASSWORD', actor: 'test' });
  await setConnection(db, { name: 'shop-down', url: `postgres://reader@127.0.0.1:${await freePort()}/shop`, passwordEnv: ENV, actor: 'test' });
  process.env[ENV] = PASSWORD;
  process.env.HEADRACE_TEST_WRONG_PASSWORD = 'not-the-password';
  delete process.env.HEADRACE_TEST_UNSET_PASSWORD;
}, 240_000);

afterAll(async () => {
  delete process.env[ENV];
  delete process.env.HEADRACE_TEST_WRONG_PASSWORD;
  await h?.stop();
  await pg?.stop();
});

const QUERY = `SELECT id, big, qty, amount, ratio, note, paid, placed, placed_tz, day
FROM orders
WHERE id >= $1
ORDER BY id`;

/** A pipeline of one ingest.sql step (`with` as YAML flow lines under it) and a step that reads its table. */
function pipeline(name: string, withLines: string, extra = ''): string {
  return `headrace: 1
name: ${name}
steps:
  orders:
    uses: ingest.sql
    with:
${withLines.split('\n').map((l) => `      ${l}`).join('\n')}
${extra}  picked:
    uses: prepare.select
    in: { table: orders.table }
    with: { columns: [id] }
`;
}

async function runToEnd(source: string) {
  const run = await startRun(h.svc, { source, author: 'test' });
  await h.client.workflow.getHandle(run.workflowId).result().catch(() => undefined);
  const view = (await getRun(h.database.db, run.id))!;
  const attempts = view.steps.filter((s) => s.stepId === 'orders').sort((a, b) => a.attempt - b.attempt);
  return { run, view, step: attempts.at(-1)!, attempts };
}

const quoted = (query: string) => `query: ${JSON.stringify(query)}`;

describe('ingest.sql through the platform', () => {
  it('reads the rows with their PostgreSQL types, binds params, and records the source it read', async () => {
    const { run, view, step } = await runToEnd(pipeline('orders-sql', `connection: shop\n${quoted(QUERY)}\nparams: [1]`));
    expect([view.status, step.status], String(step.error)).toEqual(['succeeded', 'succeeded']);
    const table = (step.outputs as { table: { hash: string; uri: string; rows: number; columns: { name: string; type: string }[] } }).table;
    expect(table.rows).toBe(4);
    expect(table.columns).toEqual([
      { name: 'id', type: 'integer' }, { name: 'big', type: 'number' }, { name: 'qty', type: 'integer' }, { name: 'amount', type: 'number' },
      { name: 'ratio', type: 'number' }, { name: 'note', type: 'string' }, { name: 'paid', type: 'boolean' }, { name: 'placed', type: 'date' },
      { name: 'placed_tz', type: 'date' }, { name: 'day', type: 'date' },
    ]);
    const rows = (await readTable(h.store, table)).toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const ms = (iso: string) => Date.parse(iso);
    expect(rows[0]).toEqual({
      id: 1, big: 5_000_000_000, qty: 3, amount: 12.5, ratio: 0.25, note: 'first', paid: true,
      // A timestamp without a zone is UTC, whatever the worker's zone; one with a zone is that instant.
      placed: ms('2026-01-02T03:04:05.678Z'), placed_tz: ms('2026-01-02T01:04:05Z'), day: ms('2026-01-02T00:00:00Z'),
    });
    expect(Object.values(rows[1]).filter((v) => v !== null)).toEqual([2]);
    expect(rows[2]).toMatchObject({ big: -7, qty: -1, amount: 0.01, ratio: -1.5e10, note: "x' OR '1'='1", paid: false, placed_tz: ms('2000-01-01T04:59:59Z'), day: ms('2000-02-29T00:00:00Z') });
    // NaN is a null, as ingest.csv reads it; a date JavaScript cannot hold (infinity) is null and counted.
    expect(rows[3]).toMatchObject({ amount: 99999999.99, ratio: null, note: 'héllo, wörld', day: null });

    const summary = step.summary as { rows: number; columns: number; nulls: Record<string, number>; typeErrors: Record<string, number>; source: Record<string, unknown> };
    expect(summary).toMatchObject({ rows: 4, columns: 10, typeErrors: { day: 1 }, nulls: { big: 1, ratio: 2, note: 1 } });
    const queryHash = createHash('sha256').update(QUERY).digest('hex');
    expect(summary.source).toMatchObject({ connection: 'shop', url: shopUrl, queryHash, params: [1], rows: 4, sha256: table.hash });
    expect(summary.source.bytes).toBeGreaterThan(100);
    expect(summary.source.types).toMatchObject({ id: 'int4', big: 'int8', qty: 'int2', amount: 'numeric', placed: 'timestamp', placed_tz: 'timestamptz', day: 'date' });
    expect(view.steps.find((s) => s.stepId === 'picked')?.status).toBe('succeeded');

    const reads = rowsOf<{ source_key: string; kind: string; label: string; content_hash: string; bytes: string; details: Record<string, unknown>; hash: string }>(
      await h.database.db.execute(sql`select sr.*, d.hash from source_reads sr join datasets d on d.id = sr.dataset_id where sr.run_id = ${run.id}`),
    );
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      source_key: `sql:shop:${queryHash}`, kind: 'ingest.sql', label: 'shop: SELECT id, big, qty, amount, ratio, note, paid, placed, placed_tz, day',
      content_hash: table.hash, hash: table.hash, details: { connection: 'shop', query: QUERY, params: [1] },
    });
    expect(Number(reads[0].bytes)).toBe(summary.source.bytes);

    // The password went from the worker's environment to PostgreSQL, and nowhere else.
    const logs = rowsOf<{ message: string }>(await h.database.db.execute(sql`select message from step_logs where run_id = ${run.id}`));
    expect(logs.map((l) => l.message)).toContainEqual(expect.stringMatching(/^querying shop \(postgres:\/\/reader@127\.0\.0\.1:\d+\/shop\): SELECT id, big/));
    expect(JSON.stringify([view, logs, reads])).not.toContain(PASSWORD);
  });

  it('binds params as values, never as SQL: a quote in a param is matched, not run', async () => {
    const injected = await runToEnd(pipeline('orders-sql-param', `connection: shop\n${quoted('SELECT id, note FROM orders WHERE note = $1 OR id = $2::int')}\nparams: ["x' OR '1'='1", 4]`));
    expect(injected.step.status, String(injected.step.error)).toBe('succeeded');
    const rows = (await readTable(h.store, (injected.step.outputs as { table: { uri: string } }).table)).toArray().map((r) => r.toJSON());
    expect(rows).toEqual([{ id: 3, note: "x' OR '1'='1" }, { id: 4, note: 'héllo, wörld' }]);
  });

  it('declared columns are kept and converted, and give the checker the schema', async () => {
    const { step } = await runToEnd(pipeline('orders-sql-declared', `connection: shop\n${quoted(QUERY)}\nparams: [3]\ncolumns: { id: { type: string }, amount: { type: number } }`));
    expect(step.status, String(step.error)).toBe('succeeded');
    expect((step.outputs as { table: { columns: unknown[]; rows: number } }).table).toEqual(expect.objectContaining({
      rows: 2, columns: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'number' }],
    }));
  });

  it('reports a mistake in the query at its line and column, once (not retried)', async () => {
    const { view, step } = await runToEnd(pipeline('orders-sql-bad', `connection: shop\n${quoted('SELECT id\nFROM orders\nWHERE nope > 1')}`));
    expect([view.status, step.status, step.attempt]).toEqual(['failed', 'failed', 1]);
    expect(String(step.error)).toBe('query:3:7: column "nope" does not exist (hint: Perhaps you meant to reference the column "orders.note".)\n  WHERE nope > 1\n        ^');
  });

  it('refuses a write: the query runs in a read-only transaction', async () => {
    const { step } = await runToEnd(pipeline('orders-sql-write', `connection: shop\n${quoted('DELETE FROM orders RETURNING id')}`));
    expect([step.status, step.attempt]).toEqual(['failed', 1]);
    expect(String(step.error)).toBe('query: cannot execute DELETE in a read-only transaction');
  });

  it('fails at once, clearly, without a connection, without the password secret or variable, or with a wrong password', async () => {
    const missing = await runToEnd(pipeline('orders-sql-nowhere', `connection: nowhere\n${quoted('SELECT 1 AS id')}`));
    expect([missing.step.status, missing.step.attempt]).toEqual(['failed', 1]);
    expect(String(missing.step.error)).toBe('no connection "nowhere": headrace connections lists them; an admin adds one with headrace connections set nowhere --database-url postgres://USER@HOST:PORT/DATABASE');

    const unset = await runToEnd(pipeline('orders-sql-unset', `connection: shop-unset\n${quoted('SELECT 1 AS id')}`));
    expect([unset.step.status, unset.step.attempt]).toEqual(['failed', 1]);
    expect(String(unset.step.error)).toBe('connection shop-unset reads its password from the environment variable HEADRACE_TEST_UNSET_PASSWORD, which the worker does not have');

    const noSecret = await runToEnd(pipeline('orders-sql-nosecret', `connection: shop-nosecret\n${quoted('SELECT 1 AS id')}`));
    expect([noSecret.step.status, noSecret.step.attempt]).toEqual(['failed', 1]);
    expect(String(noSecret.step.error)).toBe("connection shop-nosecret's password: secret never-set is not set: an admin sets it with headrace secret set never-set");

    const wrong = await runToEnd(pipeline('orders-sql-wrong', `connection: shop-wrong\n${quoted('SELECT 1 AS id')}`));
    expect([wrong.step.status, wrong.step.attempt]).toEqual(['failed', 1]);
    expect(String(wrong.step.error)).toBe(
      `connection shop-wrong (${shopUrl}): password authentication failed for user "reader" (the password comes from the worker's environment variable HEADRACE_TEST_WRONG_PASSWORD)`,
    );
    expect(String(wrong.step.error)).not.toContain('not-the-password');

    // A connection without a password variable sends none: never the worker's own PGPASSWORD, meant for another server.
    process.env.PGPASSWORD = PASSWORD;
    try {
      const none = await runToEnd(pipeline('orders-sql-none', `connection: shop-nopass\n${quoted('SELECT 1 AS id')}`));
      expect([none.step.status, none.step.attempt]).toEqual(['failed', 1]);
      expect(String(none.step.error)).toBe(
        `connection shop-nopass (${shopUrl}): password authentication failed for user "reader" (no password is sent: store it with headrace secret set NAME and name it with headrace connections set shop-nopass --password-secret NAME)`,
      );
    } finally {
      delete process.env.PGPASSWORD;
    }
  });

  it('retries a server it cannot reach, as a transient failure', async () => {
    const { step, attempts } = await runToEnd(pipeline('orders-sql-down', `connection: shop-down\n${quoted('SELECT 1 AS id')}`, '    retry: { attempts: 2 }\n'));
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 'failed'], [2, 'failed']]);
    expect(String(step.error)).toMatch(/^connection shop-down \(postgres:\/\/reader@127\.0\.0\.1:\d+\/shop\): cannot connect \(ECONNREFUSED\)$/);
  });
});

describe('readPostgres', () => {
  const read = (query: string, more: Partial<Parameters<typeof readPostgres>[0]> = {}) =>
    readPostgres({ url: shopUrl, password: PASSWORD, query, timeoutMs: 5_000, maxRows: 1_000, label: 'shop', ...more }, { shownUrl: shopUrl, passwordEnv: ENV });
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof SqlReadError ? [e.kind, e.message] : e));

  it('fetches in chunks and stops at maxRows without reading the rest', async () => {
    const r = await read('SELECT g AS n, g::text AS s FROM generate_series(1, 25000) g', { chunkRows: 1000, maxRows: 25_000 });
    expect(r.summary.rows).toBe(25_000);
    const n = r.table.getChild('n')!.toArray() as Int32Array;
    expect([n[0], n[24_999], r.table.getChild('s')!.get(12_345)]).toEqual([1, 25_000, '12346']);
    expect(await failure(read('SELECT g FROM generate_series(1, 25000) g', { chunkRows: 1000, maxRows: 2500 }))).toEqual(
      ['data', 'query: returns more than 2500 rows (maxRows): narrow it (WHERE, LIMIT), or raise maxRows'],
    );
  });

  it('gives up on a query past its timeout (transient), and refuses columns of no table type by name', async () => {
    expect(await failure(read('SELECT 1 AS one FROM pg_sleep(5)', { timeoutMs: 500 }))).toEqual(
      ['transient', `connection shop (${shopUrl}): the query did not finish within 0.5 s (timeoutSeconds)`],
    );
    expect(await failure(read('SELECT id, tags, raw FROM orders'))).toEqual(
      ['query', 'query: columns "tags" (_text), "raw" (bytea) hold no number, integer, boolean, date or string: cast them in the query ("tags"::text), or leave them out'],
    );
    expect(await failure(read('SELECT id, id FROM orders'))).toEqual(['query', 'query: the result has "id" more than once: give each column its own name with AS']);
    expect(await failure(read('SELECT id FROM orders', { columns: { amount: { type: 'number' } } }))).toEqual(['query', 'query: declared column "amount" not found (columns: "id")']);
    expect(await failure(read('SELECT 1 / (id - 1) AS x FROM orders'))).toEqual(['data', 'query: division by zero']);
    const empty = await read('SELECT id, note, day FROM orders WHERE false');
    expect([empty.summary.rows, empty.summary.columns.map((c) => c.type)]).toEqual([0, ['integer', 'string', 'date']]);
  });
});
