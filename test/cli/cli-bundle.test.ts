// The CLI's start from an esbuild bundle (bin/cli-bundle.mjs), on a small project of its own in a temp folder laid
// out as this one is (bin/, cli/main.ts, tsconfig.json, node_modules): made on first use, reused while no source
// changed, made again after an edit, every module keeping its own import.meta.url; and no bundle (the caller falls
// back to tsx) when a source does not parse. Then the real `headrace` both ways.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { headrace } from '../helpers/cli';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'headrace-cli-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(join(dir, 'bin'));
mkdirSync(join(dir, 'cli', 'deep'), { recursive: true });
cpSync(resolve('bin/cli-bundle.mjs'), join(dir, 'bin', 'cli-bundle.mjs'));
symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler" } }\n');
writeFileSync(join(dir, 'cli', 'main.ts'), "import { where } from './deep/where';\nconst n: number = 1;\nconsole.log(JSON.stringify({ main: import.meta.url, deep: where(), n }));\n");
const helper = join(dir, 'cli', 'deep', 'where.ts');
writeFileSync(helper, 'export const where = (): string => import.meta.url;\n');

/** cliEntry() of the temp project, in a child as bin/headrace.js calls it. */
async function entry(): Promise<string | undefined> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'bin', 'cli-bundle.mjs')).href)}); console.log(JSON.stringify({ e: (await m.cliEntry()) ?? null }));`]);
  return (JSON.parse(stdout) as { e: string | null }).e ?? undefined;
}
async function runEntry(file: string): Promise<{ main: string; deep: string; n: number }> {
  return JSON.parse((await run(process.execPath, [file])).stdout) as { main: string; deep: string; n: number };
}

describe('the CLI bundle', () => {
  it('is made on first use, reused while nothing changed, made again after an edit; modules keep their own import.meta.url', async () => {
    const first = await entry();
    expect(first).toBeDefined();
    expect(first!.startsWith(join(dir, '.headrace', 'cli'))).toBe(true);
    expect(await runEntry(first!)).toEqual({ main: pathToFileURL(join(dir, 'cli', 'main.ts')).href, deep: pathToFileURL(helper).href, n: 1 });

    expect(await entry()).toBe(first);

    writeFileSync(helper, "export const where = (): string => 'edited ' + import.meta.url;\n");
    const second = await entry();
    expect(second).not.toBe(first);
    expect((await runEntry(second!)).deep).toBe(`edited ${pathToFileURL(helper).href}`);
  });

  it('gives no bundle when a source does not parse (the CLI then runs through tsx, which names the error)', async () => {
    writeFileSync(helper, 'export const where = (: string => 1;\n');
    expect(await entry()).toBeUndefined();
  });

  it('runs the real headrace alike from the bundle and through tsx', async () => {
    const bundled = await headrace(['--help']);
    const viaTsx = await headrace(['--help'], { HEADRACE_CLI_TSX: '1' });
    expect(bundled.code).toBe(0);
    expect(viaTsx.code).toBe(0);
    expect(bundled.stdout).toContain('Usage: headrace [options] [command]');
    expect(bundled.stdout).toBe(viaTsx.stdout);
  });
});
