import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import { LocalArtifactStore, getJson, putJson, sha256Hex, parseArtifactUri } from '../../server/artifacts/store';
import { readTable, tableFromColumns, writeTable } from '../../workers/compute/data/table';
import { tempDir } from './helpers';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('LocalArtifactStore', () => {
  let t: ReturnType<typeof tempDir>;
  let store: LocalArtifactStore;
  beforeEach(() => {
    t = tempDir();
    store = new LocalArtifactStore(join(t.dir, 'artifacts'));
  });
  afterEach(() => t.cleanup());

  it('round-trips bytes by uri and by hash', async () => {
    const bytes = new TextEncoder().encode('hello headrace');
    const put = await store.put(bytes, '.txt');
    expect(put.hash).toBe(sha256Hex(bytes));
    expect(put.uri).toBe(`artifact://sha256/${put.hash}.txt`);
    expect(put.size).toBe(bytes.length);
    expect(await store.path(put.hash)).toBe(join(t.dir, 'artifacts', 'sha256', put.hash.slice(0, 2), `${put.hash}.txt`));
    expect(Buffer.from(await store.get(put.uri)).toString()).toBe('hello headrace');
    expect(Buffer.from(await store.get(put.hash)).toString()).toBe('hello headrace');
    expect(await store.has(put.hash)).toBe(true);
    expect(await store.has('0'.repeat(64))).toBe(false);
  });

  it('put is idempotent and does not rewrite an existing artifact', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const a = await store.put(bytes);
    const file = await store.path(a.hash);
    const { mtimeMs } = await import('node:fs').then((fs) => fs.statSync(file));
    await new Promise((r) => setTimeout(r, 20));
    const b = await store.put(bytes);
    expect(b).toEqual(a);
    const after = await import('node:fs').then((fs) => fs.statSync(file));
    expect(after.mtimeMs).toBe(mtimeMs);
    expect(walk(join(t.dir, 'artifacts'))).toHaveLength(1);
  });

  it('writes atomically: no temp files remain, even with concurrent puts of the same bytes', async () => {
    const bytes = new Uint8Array(1 << 20).fill(7);
    await Promise.all(Array.from({ length: 8 }, () => store.put(bytes, '.bin')));
    const files = walk(join(t.dir, 'artifacts'));
    expect(files).toHaveLength(1);
    expect(files.some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('stores JSON with putJson/getJson', async () => {
    const ref = await putJson(store, { a: 1, b: ['x'] });
    expect(ref.uri.endsWith('.json')).toBe(true);
    expect(await getJson(store, ref.uri)).toEqual({ a: 1, b: ['x'] });
  });

  it('rejects bad references and reports missing artifacts clearly', async () => {
    expect(() => parseArtifactUri('artifact://sha256/../../etc/passwd')).toThrow(/not an artifact reference/);
    await expect(store.get('f'.repeat(64))).rejects.toThrow(/not found/);
    await expect(store.put(new Uint8Array(1), '/../x')).rejects.toThrow(/bad artifact extension/);
    expect(existsSync(join(t.dir, 'artifacts', 'x'))).toBe(false);
  });
  it('stores parts as their concatenation, and a table as tableToIPC would', async () => {
    const parts = [new TextEncoder().encode('hello '), new Uint8Array(0), new TextEncoder().encode('headrace')];
    const put = await store.put(parts, '.txt');
    expect(put).toMatchObject({ hash: sha256Hex(new TextEncoder().encode('hello headrace')), size: 14 });
    expect(Buffer.from(await store.get(put.uri)).toString()).toBe('hello headrace');
    const table = tableFromColumns([
      { name: 'x', type: 'number', values: Float64Array.from([1.5, 2, 0]), valid: Uint8Array.from([1, 1, 0]) },
      { name: 's', type: 'string', values: ['a', 'bc', ''], valid: null },
    ]);
    const ref = await writeTable(store, table);
    expect(ref.hash).toBe(sha256Hex(arrow.tableToIPC(table, 'file')));
    expect((await readTable(store, ref)).getChild('s')!.toArray()).toEqual(['a', 'bc', '']);
  });
});
