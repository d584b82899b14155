// `npm run build:client`: the typed API client as JavaScript with declarations, so plain Node (ESM or CommonJS)
// can `import { createHeadraceClient } from 'headrace/client'` without a TypeScript loader.
//   dist/client/index.js    ESM bundle of server/api/client.ts and its event source
//   dist/client/index.cjs   the same as CommonJS
//   dist/client/index.d.ts  its types (the router's declarations under dist/client/types/, emitted by tsc)
// The bundles keep @trpc/client and superjson as imports (the package's dependencies) and contain nothing else:
// the server's code reaches the client as types only. Run by `npm pack` (prepack) so the package ships the build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, 'dist/client');
const entry = join(root, 'server/api/client.ts');
/** What the bundles may import: the client's own dependencies. */
export const CLIENT_EXTERNALS = ['@trpc/client', 'superjson'];

const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

for (const format of ['esm', 'cjs'] as const) {
  await build({
    entryPoints: [entry],
    outfile: join(out, format === 'esm' ? 'index.js' : 'index.cjs'),
    bundle: true,
    format,
    platform: 'node',
    target: 'node20',
    external: CLIENT_EXTERNALS,
    // Any other import is a mistake (the server leaking into the client): the bundle would carry it.
    plugins: [{
      name: 'client-only',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (CLIENT_EXTERNALS.includes(args.path) || args.path.startsWith('node:')) return undefined;
          return { errors: [{ text: `the client imports ${args.path} (from ${args.importer}); only ${CLIENT_EXTERNALS.join(', ')} may be` }] };
        });
      },
    }],
    logLevel: 'warning',
  });
}

execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.client.json')], { stdio: 'inherit', cwd: root });
const types = join(out, 'types');
const rewritten = withJsExtensions(types);
const clientTypes = './types/server/api/client.js';
writeFileSync(join(out, 'index.d.ts'), `export * from '${clientTypes}';\n`);
writeFileSync(join(out, 'index.d.cts'), `export * from '${clientTypes}';\n`);
console.log(`built dist/client (ESM, CommonJS, ${rewritten} declaration files) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

/**
 * tsc writes the sources' extensionless relative imports as they are ('./root'); Node's ESM resolution (and
 * TypeScript's under `moduleResolution: node16/nodenext`) needs the file's name, so each becomes './root.js'
 * (or './routers/index.js' for a folder). Returns how many declaration files there are.
 */
function withJsExtensions(dir: string): number {
  let count = 0;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) {
      count += withJsExtensions(file);
      continue;
    }
    if (!name.endsWith('.d.ts')) continue;
    count++;
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\2/g, (whole, lead: string, quote: string, spec: string) => {
      if (/\.(js|json)$/.test(spec)) return whole;
      const base = resolve(dirname(file), spec);
      if (existsSync(`${base}.d.ts`)) return `${lead}${quote}${spec}.js${quote}`;
      if (existsSync(join(base, 'index.d.ts'))) return `${lead}${quote}${spec}/index.js${quote}`;
      return whole;
    });
    if (fixed !== text) writeFileSync(file, fixed);
  }
  return count;
}
