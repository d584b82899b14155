// Dataset previews (server/datasets/preview.ts): the first rows and per-column statistics of a stored
// Arrow table, with nulls, dates, booleans, integers and strings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { columnStats, DISTINCT_LIMIT, HISTOGRAM_BINS, previewDataset } from '../../server/datasets/preview';

const home = mkdtempSync(join(tmpdir(), 'headrace-preview-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function vector<T extends arrow.DataType>(type: T, values: unknown[]): arrow.Vector<T> {
  return arrow.vectorFromArray(values as never, type);
}

describe('dataset previews', () => {
  it('reads the first rows and every column\'s statistics from the stored table', async () => {
    const store = new LocalArtifactStore(join(home, 'artifacts'));
    const table = new arrow.Table({
      x: vector(new arrow.Float64(), [1.5, null, 3.5, 10, NaN]),
      n: vector(new arrow.Int32(), [1, 2, 2, 3, null]),
      ok: vector(new arrow.Bool(), [true, false, true, null, true]),
      at: vector(new arrow.TimestampMillisecond('UTC'), [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 3), null, Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 1)]),
      s: vector(new arrow.Utf8(), ['b', 'a', 'b', null, 'c']),
    });
    const { hash, uri } = await store.put(arrow.tableToIPC(table, 'file'), '.arrow');
    const p = await previewDataset(store, { hash, uri }, 2);
    expect(p.total).toBe(5);
    expect(p.rows).toEqual([
      { x: 1.5, n: 1, ok: true, at: '2024-01-01T00:00:00.000Z', s: 'b' },
      { x: null, n: 2, ok: false, at: '2024-01-03T00:00:00.000Z', s: 'a' },
    ]);
    const [x, n, ok, at, s] = p.columns;
    // NaN counts as missing.
    expect(x).toMatchObject({ type: 'number', nulls: 2, min: 1.5, max: 10, mean: 5, distinct: 3, distinctExact: true, top: null });
    expect(x.histogram).toHaveLength(HISTOGRAM_BINS);
    expect(x.histogram!.reduce((t, b) => t + b.count, 0)).toBe(3);
    expect(x.histogram!.at(-1)).toMatchObject({ hi: 10, count: 1 });
    // A narrow integer range: one bin per value.
    expect(n).toMatchObject({ type: 'integer', nulls: 1, min: 1, max: 3, mean: 2, distinct: 3 });
    expect(n.histogram).toEqual([{ lo: 1, hi: 1, count: 1 }, { lo: 2, hi: 2, count: 2 }, { lo: 3, hi: 3, count: 1 }]);
    expect(ok).toMatchObject({ type: 'boolean', nulls: 1, min: null, max: null, mean: 0.75, distinct: 2, histogram: null, top: [{ value: 'true', count: 3 }, { value: 'false', count: 1 }] });
    expect(at).toMatchObject({ type: 'date', nulls: 1, min: '2024-01-01T00:00:00.000Z', max: '2024-01-03T00:00:00.000Z', mean: null, distinct: 3 });
    expect(s).toMatchObject({ type: 'string', nulls: 1, min: 'a', max: 'c', mean: null, distinct: 3, histogram: null });
    expect(s.top![0]).toEqual({ value: 'b', count: 2 });
  });

  it('stops counting distinct values exactly past the limit', () => {
    const values = Array.from({ length: DISTINCT_LIMIT + 10 }, (_, i) => i);
    const c = columnStats('id', 'integer', vector(new arrow.Int32(), values));
    expect(c).toMatchObject({ distinct: DISTINCT_LIMIT, distinctExact: false, min: 0, max: DISTINCT_LIMIT + 9 });
    expect(c.histogram!.reduce((t, b) => t + b.count, 0)).toBe(values.length);
  });
});
