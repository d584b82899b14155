// A folder or a glob read as one table: which files match (sorted, confined to the data roots, links resolved),
// how their columns meet (same names required, types widened so no value is lost, declared types kept), the
// file of each row, and malformed rows and type errors counted across the files with table row numbers.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSource, sourceMoved } from '../../workers/activities/cache-key';
import { ingestColumnar } from '../../workers/compute/data/columnar';
import { cellValue, columnsOf } from '../../workers/compute/data/columns';
import { isFilePattern, matchFiles, splitPattern } from '../../workers/compute/data/file-pattern';
import { ConfinementError, IngestError, ingestCsv, type DeclaredColumns } from '../../workers/compute/data/ingest';
import { ingestFiles, widest } from '../../workers/compute/data/ingest-files';

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'headrace-pattern-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const csv = (roots: string[]) => (p: string, columns: DeclaredColumns | undefined) => ingestCsv(p, { columns, maxMalformedRows: 0.5 }, { roots });
const values = (t: Awaited<ReturnType<typeof ingestCsv>>['table']) =>
  Object.fromEntries(columnsOf(t).map((c) => [c.name, Array.from({ length: c.values.length }, (_, i) => cellValue(c, i))]));

describe('matching files', () => {
  it('splits a pattern at its first wildcard, and knows a folder from a file', () => {
    expect(splitPattern('/data/daily/*.csv')).toEqual({ base: '/data/daily', glob: '*.csv' });
    expect(splitPattern('/data/**/part-?.parquet')).toEqual({ base: '/data', glob: '**/part-?.parquet' });
    expect(splitPattern('exports/{a,b}/x.csv')).toEqual({ base: 'exports', glob: '{a,b}/x.csv' });
    expect(splitPattern('/data/daily/')).toEqual({ base: '/data/daily', glob: '*' });
    const root = folder({ 'daily/a.csv': 'x\n1\n' });
    expect(isFilePattern(join(root, 'daily'))).toBe(true);
    expect(isFilePattern('daily', [root])).toBe(true);
    expect(isFilePattern(join(root, 'daily/a.csv'))).toBe(false);
    expect(isFilePattern(join(root, 'daily/*.csv'))).toBe(true);
  });

  it('lists matches by name, below subfolders with **, never hidden files or folders themselves', async () => {
    const root = folder({ 'd/b.csv': 'x\n', 'd/a.csv': 'x\n', 'd/.hidden.csv': 'x\n', 'd/notes.txt': '', 'd/sub/c.csv': 'x\n' });
    expect((await matchFiles(join(root, 'd/*.csv'), [root])).map((f) => f.name)).toEqual(['a.csv', 'b.csv']);
    expect((await matchFiles(join(root, 'd/**/*.csv'), [root])).map((f) => f.name)).toEqual(['a.csv', 'b.csv', 'sub/c.csv']);
    // A folder: its files, not its subfolders' files.
    expect((await matchFiles(join(root, 'd'), [root])).map((f) => f.name)).toEqual(['a.csv', 'b.csv', 'notes.txt']);
    // Relative to the roots, as a single file's path is.
    expect((await matchFiles('d/*.csv', [root])).map((f) => f.path)).toEqual([join(root, 'd/a.csv'), join(root, 'd/b.csv')]);
  });

  it('refuses a pattern outside the roots, a link leading out of them, and a pattern matching nothing', async () => {
    const root = folder({ 'in/a.csv': 'x\n1\n' });
    const outside = folder({ 'secret.csv': 'x\n1\n' });
    await expect(matchFiles(join(outside, '*.csv'), [root])).rejects.toThrow(ConfinementError);
    symlinkSync(join(outside, 'secret.csv'), join(root, 'in/link.csv'));
    await expect(matchFiles(join(root, 'in/*.csv'), [root])).rejects.toThrow(/outside the allowed data roots/);
    await expect(matchFiles(join(root, 'in/*.parquet'), [root])).rejects.toThrow(/no file matches \*\.parquet in /);
    await expect(matchFiles('nowhere/*.csv', [root])).rejects.toThrow(/no folder nowhere under the data roots/);
  });
});

describe('several files as one table', () => {
  it('stacks the files in name order, widening a column whose type differs and naming each row\'s file', async () => {
    const root = folder({
      'd/1.csv': 'id,x,tag\n1,10,a\n2,20,b\n',
      'd/2.csv': 'id,x,tag\n3,2.5,c\n',
      'd/3.csv': 'tag,id,x\nd,4,n/a\n',
    });
    const files = await matchFiles(join(root, 'd/*.csv'), [root]);
    const { table, summary } = await ingestFiles(files, csv([root]), { pattern: join(root, 'd/*.csv'), fileColumn: 'file' });
    expect(values(table)).toEqual({
      id: [1, 2, 3, 4],
      x: ['10', '20', '2.5', 'n/a'], // integer, number and text: read as text, nothing lost
      tag: ['a', 'b', 'c', 'd'],
      file: ['1.csv', '1.csv', '2.csv', '3.csv'],
    });
    expect(summary.columns.map((c) => [c.name, c.type, c.declared])).toEqual([
      ['id', 'integer', null], ['x', 'string', null], ['tag', 'string', null], ['file', 'string', null],
    ]);
    expect(summary.files).toEqual([
      { file: '1.csv', rows: 2, bytes: 23 }, { file: '2.csv', rows: 1, bytes: 17 }, { file: '3.csv', rows: 1, bytes: 17 },
    ]);
    expect(summary).toMatchObject({ rows: 4, bytes: 57, file: 'd/*.csv' });
  });

  it('widens integers beside numbers to numbers, and keeps a declared type as declared', async () => {
    const root = folder({ 'a.csv': 'x,y\n1,5\n', 'b.csv': 'x,y\n1.5,oops\n' });
    const files = await matchFiles(join(root, '*.csv'), [root]);
    const { table, summary } = await ingestFiles(files, csv([root]), { pattern: '*.csv', declared: { y: { type: 'integer' } } });
    expect(values(table)).toEqual({ x: [1, 1.5], y: [5, null] });
    const y = summary.columns.find((c) => c.name === 'y')!;
    expect(y).toMatchObject({ type: 'integer', declared: 'integer' });
    // The bad value is counted at its row in the table (the second), with what was written.
    expect(y.typeErrors).toEqual({ count: 1, rows: [2], examples: ['oops'] });
    expect(widest(['integer', 'number'])).toBe('number');
    expect(widest(['date', 'string'])).toBe('string');
    expect(widest(['boolean', 'integer'])).toBe('string');
  });

  it('counts malformed rows across files with table row numbers, and refuses files whose columns differ', async () => {
    const root = folder({ 'a.csv': 'x,y\n1,2\n3,4\n', 'b.csv': 'x,y\n5,6\n7\n' });
    const files = await matchFiles(join(root, '*.csv'), [root]);
    const { summary } = await ingestFiles(files, csv([root]), { pattern: '*.csv' });
    expect(summary.malformedRows.count).toBe(1);
    expect(summary.malformedRows.rows).toEqual([4]);

    const odd = folder({ 'a.csv': 'x,y\n1,2\n', 'b.csv': 'x,z\n1,2\n' });
    const oddFiles = await matchFiles(join(odd, '*.csv'), [odd]);
    await expect(ingestFiles(oddFiles, csv([odd]), { pattern: '*.csv' })).rejects.toThrow(
      new IngestError('b.csv: its columns differ from a.csv\'s: it lacks "y" and has "z" more; every file read as one table needs the same columns'),
    );
    await expect(ingestFiles(files, csv([root]), { pattern: '*.csv', fileColumn: 'x' })).rejects.toThrow(/fileColumn "x": a.csv already has a column of that name/);
  });

  it('reads a folder of Parquet parts written by DuckDB', async () => {
    const root = folder({});
    mkdirSync(join(root, 'parts'));
    const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const c = await db.connect();
    for (const part of [0, 1, 2]) {
      await c.run(`COPY (SELECT (range + ${part * 100})::INTEGER AS n, 'p${part}' AS label FROM range(100)) TO '${join(root, 'parts', `part-${part}.parquet`)}' (FORMAT parquet)`);
    }
    c.closeSync();
    db.closeSync();
    const files = await matchFiles(join(root, 'parts/part-*.parquet'), [root]);
    const { table, summary } = await ingestFiles(files, (p, columns) => ingestColumnar(p, { columns }, { roots: [root] }), { pattern: 'parts/part-*.parquet' });
    expect(summary.rows).toBe(300);
    const n = columnsOf(table)[0];
    expect(Array.from(n.values as Int32Array)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });
});

describe('what a pattern read', () => {
  it('hashes the matched files\' names and contents, and sees a file added, changed or gone', async () => {
    const root = folder({ 'd/a.csv': 'x\n1\n', 'd/b.csv': 'x\n2\n' });
    const pattern = join(root, 'd/*.csv');
    const first = await describeSource(pattern, [root]);
    expect(first.files!.map((f) => f.name)).toEqual(['a.csv', 'b.csv']);
    expect(first.bytes).toBe(8);
    expect(await describeSource(pattern, [root])).toEqual(first);
    expect(await sourceMoved(first, [root])).toBeUndefined();
    writeFileSync(join(root, 'd/c.csv'), 'x\n3\n');
    const second = await describeSource(pattern, [root]);
    expect(second.sha256).not.toBe(first.sha256);
    expect(await sourceMoved(first, [root])).toMatch(/changed while it was read$/);
    // A single file is described as before: its own bytes and hash, no list.
    const one = await describeSource(join(root, 'd/a.csv'), [root]);
    expect(one.files).toBeUndefined();
    expect(one.bytes).toBe(4);
  });
});
