// Cases of data.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts): the data roots the
// server was started with, a folder of them listed with sizes, and a CSV previewed with inferred types.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RouterCases } from './types';

const CSV = 'id,height,name,active,born\n1,1.5,ada,true,2020-01-02\n2,2,bob,false,2021-03-04\n3,NA,,TRUE,2022-05-06\n';

/** A folder under the harness's tmpdir root: a CSV, a sub-folder, and a file the picker leaves out. */
function folder(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'headrace-data-case-')));
  writeFileSync(join(dir, 'people.csv'), CSV);
  writeFileSync(join(dir, 'notes.bin'), 'x');
  mkdirSync(join(dir, 'more'));
  return dir;
}

export default {
  roots: {
    role: 'viewer',
    happy: () => undefined,
    check: (result) => {
      expect(result.roots).toContainEqual({ path: realpathSync(tmpdir()), exists: true });
      expect(result.uploads.maxBytes).toBe(256 * 1024 * 1024);
    },
  },
  list: {
    role: 'viewer',
    bad: { input: { path: 'relative/folder' }, field: 'path' },
    happy: () => ({ path: folder() }),
    check: async (result, env) => {
      expect(result.entries.map((e: { name: string; kind: string; size: number | null }) => [e.name, e.kind, e.size])).toEqual([
        ['more', 'folder', null],
        ['people.csv', 'file', CSV.length],
      ]);
      expect(result.hidden).toBe(1);
      expect(result.parent).toBe(realpathSync(tmpdir()));
      // A folder outside every root is refused.
      await expect(env.as.viewer.data.list.query({ path: '/etc' })).rejects.toThrow(/outside the data roots/);
    },
  },
  preview: {
    role: 'viewer',
    bad: { input: { path: '/tmp/x.csv', limit: 0 }, field: 'limit' },
    happy: () => ({ path: join(folder(), 'people.csv'), limit: 2 }),
    check: async (result, env) => {
      expect(result.kind).toBe('ingest.csv');
      expect(result.columns).toEqual([
        { name: 'id', type: 'integer', nulls: 0 },
        { name: 'height', type: 'number', nulls: 1 },
        { name: 'name', type: 'string', nulls: 1 },
        { name: 'active', type: 'boolean', nulls: 0 },
        { name: 'born', type: 'date', nulls: 0 },
      ]);
      expect(result.rows).toEqual([
        { id: '1', height: '1.5', name: 'ada', active: 'true', born: '2020-01-02' },
        { id: '2', height: '2', name: 'bob', active: 'false', born: '2021-03-04' },
      ]);
      expect(result).toMatchObject({ sampledRows: 3, wholeFile: true, size: CSV.length });
      await expect(env.as.viewer.data.preview.query({ path: '/etc/passwd' })).rejects.toThrow(/outside the data roots/);
    },
  },
} satisfies RouterCases;
