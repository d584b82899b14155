// Our code as the platform runs it. `headrace` (the API server and the workers included) runs an esbuild bundle of
// its TypeScript (bin/cli-bundle.mjs) and the web app a Next.js bundle; neither keeps function names nor loads a
// transpiler. tsx, which runs the benches, transpiles with esbuild's `keepNames`, which wraps every function made
// at run time in a call that sets its name (Object.defineProperty), and its loader adds about 40 MiB to a process:
// 10–25 % of a compile and a tenth of the ingest side's peak memory, which no user pays. So the compile bench times
// a bundle of dsl/, and the ingest bench runs its side as a bundle, made with the CLI bundle's options on each run
// (well under a second).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from './harness';

export type Dsl = typeof import('../../dsl');

/** Bundles the module `entry` (relative to the repository root) with its project imports; answers the file made. */
export async function bundleModule(entry: string, name: string): Promise<string> {
  const outdir = join(ROOT, '.headrace', 'bench', 'bundles');
  await build({
    absWorkingDir: ROOT,
    entryPoints: { [name]: entry },
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
  return join(outdir, `${name}.mjs`);
}

export async function bundledDsl(): Promise<Dsl> {
  return (await import(pathToFileURL(await bundleModule('dsl/index.ts', 'dsl')).href)) as Dsl;
}
