// The web app's build kept per user: a finished build is copied out without Next's compiler cache, a checkout
// without the build (a fresh clone) copies it back with its tsconfig, an unknown or unfinished build is not
// restored, and only the newest three are kept.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keepBuild, restoreBuild } from '../../cli/platform/web';
import { projectRoot } from '../../workers/source-hash';

const userBuilds = mkdtempSync(join(tmpdir(), 'headrace-web-builds-'));
const made: string[] = [];

/** A stand-in for a finished `next build` in the checkout's .next/builds/. */
function fakeBuild(hash: string): string {
  const distDir = join('.next', 'builds', hash);
  const dir = join(projectRoot, distDir);
  made.push(dir, `${dir}.tsconfig.json`);
  mkdirSync(join(dir, 'server', 'app'), { recursive: true });
  mkdirSync(join(dir, 'cache', 'turbopack'), { recursive: true });
  writeFileSync(join(dir, 'BUILD_ID'), hash);
  writeFileSync(join(dir, 'server', 'app', 'page.js'), 'module.exports = 1;');
  writeFileSync(join(dir, 'cache', 'turbopack', 'big.sst'), 'x'.repeat(1000));
  writeFileSync(join(dir, 'headrace-built'), new Date().toISOString());
  return distDir;
}

afterAll(() => {
  for (const p of made) rmSync(p, { recursive: true, force: true });
  rmSync(userBuilds, { recursive: true, force: true });
});

describe('the per-user web build', () => {
  it('is kept without the compiler cache and restored into a checkout that lacks it', async () => {
    const hash = `test-${process.pid}-a`;
    const distDir = fakeBuild(hash);
    await keepBuild(hash, distDir, userBuilds);
    expect(readFileSync(join(userBuilds, hash, 'server', 'app', 'page.js'), 'utf8')).toBe('module.exports = 1;');
    expect(existsSync(join(userBuilds, hash, 'headrace-built'))).toBe(true);
    expect(existsSync(join(userBuilds, hash, 'cache'))).toBe(false);

    rmSync(join(projectRoot, distDir), { recursive: true, force: true });
    rmSync(join(projectRoot, `${distDir}.tsconfig.json`), { force: true });
    expect(await restoreBuild(hash, distDir, userBuilds)).toBe(true);
    expect(readFileSync(join(projectRoot, distDir, 'BUILD_ID'), 'utf8')).toBe(hash);
    expect(existsSync(join(projectRoot, distDir, 'headrace-built'))).toBe(true);
    expect(JSON.parse(readFileSync(join(projectRoot, `${distDir}.tsconfig.json`), 'utf8'))).toEqual({ extends: '../../tsconfig.json' });
  });

  it('restores nothing for sources it has no finished build of', async () => {
    expect(await restoreBuild(`test-${process.pid}-none`, join('.next', 'builds', `test-${process.pid}-none`), userBuilds)).toBe(false);
    // A copy interrupted before its marker is not a build.
    const hash = `test-${process.pid}-half`;
    mkdirSync(join(userBuilds, hash, 'server'), { recursive: true });
    expect(await restoreBuild(hash, join('.next', 'builds', hash), userBuilds)).toBe(false);
    expect(existsSync(join(projectRoot, '.next', 'builds', hash))).toBe(false);
  });

  it('keeps the newest three', async () => {
    const own = join(userBuilds, 'own');
    const hashes = ['b', 'c', 'd', 'e'].map((x) => `test-${process.pid}-${x}`);
    for (const [i, hash] of hashes.entries()) {
      await keepBuild(hash, fakeBuild(hash), own);
      const at = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(join(own, hash, 'headrace-built'), at, at);
    }
    await keepBuild(hashes[3], fakeBuild(hashes[3]), own); // already kept: nothing copied, nothing pruned
    const e = `test-${process.pid}-f`;
    await keepBuild(e, fakeBuild(e), own);
    // The one just kept, and the newest two others.
    const finished = ['b', 'c', 'd', 'e', 'f'].filter((x) => existsSync(join(own, `test-${process.pid}-${x}`, 'headrace-built')));
    expect(finished).toHaveLength(3);
    expect(finished).toEqual(['d', 'e', 'f']);
  });
});
