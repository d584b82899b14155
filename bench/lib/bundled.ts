// dsl/ as the platform runs it. `headrace` (the API server included) runs an esbuild bundle of its TypeScript
// (bin/cli-bundle.mjs) and the web app a Next.js bundle; neither keeps function names. tsx, which runs the benches,
// transpiles with esbuild's `keepNames`, which wraps every function made at run time in a call that sets its name
// (Object.defineProperty): 10–25 % of a compile, which no user pays. So the compile bench times a bundle of dsl/
// made with the CLI bundle's options, rebuilt on each run (about 0.3 s).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from './harness';

export type Dsl = typeof import('../../dsl');

export async function bundledDsl(): Promise<Dsl> {
  const outdir = join(ROOT, '.headrace', 'bench', 'dsl-bundle');
  await build({
    absWorkingDir: ROOT,
    entryPoints: { dsl: 'dsl/index.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.mjs' },
    tsconfig: 'tsconfig.json',
    logLevel: 'silent',
  });
  return (await import(pathToFileURL(join(outdir, 'dsl.mjs')).href)) as Dsl;
}
