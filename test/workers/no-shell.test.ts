// train.command's programs start without a shell: shell syntax in an argument (command substitution, `;`,
// redirection, globs) reaches the program as the text it is, and runs nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runChild } from '../../workers/activities/child-process';

const dir = mkdtempSync(join(tmpdir(), 'headrace-no-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('passes shell syntax to the program as text and runs none of it', async () => {
  const marker = join(dir, 'pwned');
  const args = [`$(touch ${marker})`, `; touch ${marker}`, `\`touch ${marker}\``, `> ${marker}`, '*', '$HOME'];
  const lines: string[] = [];
  const child = runChild({
    command: process.execPath,
    args: ['-e', 'for (const a of process.argv.slice(1)) console.log(a)', ...args],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nowhere' },
    onLine: (stream, line) => { if (stream === 'stdout') lines.push(line); },
    killGraceMs: 1000,
  });
  const result = await child.done;
  expect(result.code).toBe(0);
  expect(lines).toEqual(args);
  expect(existsSync(marker)).toBe(false);
});
