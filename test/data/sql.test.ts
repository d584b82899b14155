// prepare.sql's engine (DuckDB, embedded): joins, filters, derived columns and aggregates over tables named by
// port, every column type surviving the round trip; the query's mistakes reported with DuckDB's pointer; and a
// query that reaches for files, extensions or settings refused.
import { describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import { cellValue, columnsOf, tableFromColumns } from '../../workers/compute/data/columns';
import { runSql, SqlError } from '../../workers/compute/data/sql';

const values = (t: arrow.Table) => Object.fromEntries(columnsOf(t).map((c) => [c.name, Array.from({ length: c.values.length }, (_, i) => cellValue(c, i))]));

const orders = tableFromColumns([
  { name: 'order_id', type: 'integer', values: Int32Array.of(1, 2, 3, 4), valid: null },
  { name: 'customer', type: 'integer', values: Int32Array.of(10, 11, 10, 12), valid: null },
  { name: 'amount', type: 'number', values: Float64Array.of(9.5, 20, 0, 7.25), valid: Uint8Array.of(1, 1, 0, 1) },
  { name: 'placed', type: 'date', values: Float64Array.of(Date.parse('2026-01-05T10:00:00Z'), Date.parse('2026-02-01T00:00:00.125Z'), 0, Date.parse('2025-12-31T23:59:59Z')), valid: Uint8Array.of(1, 1, 0, 1) },
  { name: 'gift', type: 'boolean', values: Uint8Array.of(0, 1, 0, 0), valid: null },
]);
const customers = tableFromColumns([
  { name: 'customer', type: 'integer', values: Int32Array.of(10, 11), valid: null },
  { name: 'name', type: 'string', values: ['Ada', 'Grace'], valid: null },
]);

describe('runSql', () => {
  it('joins, filters and derives over the tables by port name, types and nulls intact', async () => {
    const { table, summary } = await runSql({ orders, customers }, `
      SELECT o.order_id, c.name, o.amount * 2 AS doubled, o.placed, o.gift, o.amount IS NULL AS missing
      FROM orders o LEFT JOIN customers c USING (customer)
      WHERE o.order_id <> 2
      ORDER BY o.order_id;`);
    expect(summary.columns.map((c) => [c.name, c.type])).toEqual([
      ['order_id', 'integer'], ['name', 'string'], ['doubled', 'number'], ['placed', 'date'], ['gift', 'boolean'], ['missing', 'boolean'],
    ]);
    expect(values(table)).toEqual({
      order_id: [1, 3, 4],
      name: ['Ada', 'Ada', null],
      doubled: [19, null, 14.5],
      placed: [Date.parse('2026-01-05T10:00:00Z'), null, Date.parse('2025-12-31T23:59:59Z')],
      gift: [false, false, false],
      missing: [false, true, false],
    });
  });

  it('aggregates, and converts to declared column types', async () => {
    const { table } = await runSql({ orders }, 'SELECT customer, count(*) AS n, sum(amount) AS total FROM orders GROUP BY customer ORDER BY customer', {
      customer: { type: 'string' }, n: { type: 'integer' }, total: { type: 'number' },
    });
    expect(values(table)).toEqual({ customer: ['10', '11', '12'], n: [2, 1, 1], total: [9.5, 20, 7.25] });
    await expect(runSql({ orders }, 'SELECT customer FROM orders', { client: { type: 'integer' } })).rejects.toThrow(
      'the query result: declared column "client" not found (columns: "customer")',
    );
  });

  it("reports the query's mistakes with DuckDB's pointer", async () => {
    const err = await runSql({ orders }, 'SELECT order_id, amout FROM orders').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqlError);
    expect((err as Error).message).toMatch(/^query: Binder Error: Referenced column "amout" not found in FROM clause!/);
    expect((err as Error).message).toContain('"amount"'); // DuckDB's candidate
    expect((err as Error).message).toContain('LINE 1: SELECT order_id, amout FROM orders');
    await expect(runSql({ orders }, 'SELECT * FROM order')).rejects.toThrow(/^query: Parser Error: syntax error at or near "order"/);
    await expect(runSql({ orders }, 'SELECT 1; SELECT 2')).rejects.toThrow('query: holds 2 statements; one SELECT is run');
    await expect(runSql({ orders }, 'DELETE FROM orders')).rejects.toThrow('query: is a DELETE statement; one SELECT is run (its result is the step\'s table)');
  });

  it('sees its input tables and nothing else', async () => {
    await expect(runSql({ orders }, "SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/^query: Permission Error: Cannot access file "\/etc\/passwd"/);
    await expect(runSql({ orders }, "SELECT * FROM read_parquet('/tmp/*.parquet')")).rejects.toThrow(/Permission Error/);
    await expect(runSql({ orders }, "SELECT current_setting('enable_external_access') AS open")).resolves.toMatchObject({ summary: { rows: 1 } });
    const open = await runSql({ orders }, "SELECT current_setting('enable_external_access') AS open");
    expect(values(open.table)).toEqual({ open: [false] });
  });
});
