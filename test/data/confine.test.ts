import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { assertInsideRoots, ConfinementError, ingestCsv } from '../../workers/compute/data/ingest';
import { tempDir } from './helpers';

describe('assertInsideRoots', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const root = join(t.dir, 'root');
  const outside = join(t.dir, 'secret.csv');
  mkdirSync(join(root, 'data'), { recursive: true });
  writeFileSync(join(root, 'data', 'ok.csv'), 'a\n1\n');
  writeFileSync(outside, 'a\n2\n');
  symlinkSync(outside, join(root, 'data', 'link.csv'));
  symlinkSync(t.dir, join(root, 'up'));
  mkdirSync(join(t.dir, 'root-sibling'));
  writeFileSync(join(t.dir, 'root-sibling', 'x.csv'), 'a\n3\n');

  it('accepts files inside a root and returns the real path', () => {
    expect(assertInsideRoots(join(root, 'data', 'ok.csv'), [root])).toBe(join(root, 'data', 'ok.csv'));
    expect(assertInsideRoots(join(root, 'data', '..', 'data', 'ok.csv'), ['/nonexistent', root])).toBe(join(root, 'data', 'ok.csv'));
  });

  it('refuses ../ escapes and names the path and the roots', () => {
    const escape = join(root, 'data', '..', '..', 'secret.csv');
    expect(() => assertInsideRoots(escape, [root])).toThrow(ConfinementError);
    expect(() => assertInsideRoots(escape, [root])).toThrow(`outside the allowed data roots [${root}]`);
    // A sibling folder whose name starts with the root's name is not inside it.
    expect(() => assertInsideRoots(join(t.dir, 'root-sibling', 'x.csv'), [root])).toThrow(/outside/);
  });

  it('refuses symlinks that point out of the roots', () => {
    expect(() => assertInsideRoots(join(root, 'data', 'link.csv'), [root])).toThrow(/resolves to .*secret\.csv/);
    expect(() => assertInsideRoots(join(root, 'up', 'secret.csv'), [root])).toThrow(ConfinementError);
  });

  it('reports missing files and empty roots clearly', () => {
    expect(() => assertInsideRoots(join(root, 'nope.csv'), [root])).toThrow(/no such file/);
    expect(() => assertInsideRoots(join(root, 'data', 'ok.csv'), [])).toThrow(/no data roots/);
  });

  it('looks a relative path up under each root in order, and still refuses escapes', () => {
    const other = join(t.dir, 'root-sibling');
    expect(assertInsideRoots('data/ok.csv', [other, root])).toBe(join(root, 'data', 'ok.csv'));
    expect(assertInsideRoots('x.csv', [other, root])).toBe(join(other, 'x.csv'));
    expect(() => assertInsideRoots('data/none.csv', [other, root])).toThrow(`cannot read data/none.csv: no such file under the data roots [${other}, ${root}]`);
    expect(() => assertInsideRoots('../secret.csv', [root])).toThrow(/outside the allowed data roots/);
  });

  it('is applied by ingest when roots are given', async () => {
    await expect(ingestCsv(join(root, 'data', 'link.csv'), {}, { roots: [root] })).rejects.toThrow(ConfinementError);
    const { table } = await ingestCsv(join(root, 'data', 'ok.csv'), {}, { roots: [root] });
    expect(table.numRows).toBe(1);
  });
});

describe('the data roots of a platform', () => {
  it('are HEADRACE_DATA_ROOTS when set, else $HEADRACE_HOME/data and the folder it started from', () => {
    expect(loadConfig({ HEADRACE_HOME: '/srv/headrace' }).dataRoots).toEqual(['/srv/headrace/data', process.cwd()]);
    expect(loadConfig({ HEADRACE_HOME: '/srv/headrace', HEADRACE_DATA_ROOTS: '/data/a, data/b,' }).dataRoots).toEqual(['/data/a', resolve('data/b')]);
    expect(loadConfig({ HEADRACE_DATA_ROOTS: ' , ' }).dataRoots).toEqual([resolve('.headrace/data'), process.cwd()]);
  });
});
