// The web build's lock: one launcher (or test) builds while the others wait, and a lock whose owner was killed
// mid-build is taken over at once instead of after ten minutes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tryLock } from '../../cli/platform/web';

describe('the web build lock', () => {
  it('is taken once, by a live owner, with its pid', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'headrace-lock-')), 'h.lock');
    expect(await tryLock(lock)).toBe(true);
    expect(readFileSync(join(lock, 'pid'), 'utf8')).toBe(String(process.pid));
    expect(await tryLock(lock)).toBe(false); // this process still holds it
  });

  it('is taken over from an owner that died', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'headrace-lock-')), 'h.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), dead.stdout);
    expect(await tryLock(lock)).toBe(false); // removes the dead owner's lock
    expect(await tryLock(lock)).toBe(true);
  });
});
