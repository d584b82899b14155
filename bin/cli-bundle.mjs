// The CLI's TypeScript as one esbuild bundle (code-split, packages left to node_modules), made on first use and
// again whenever a source it was made from changed (each input's size and mtime, checked in a few milliseconds).
// Starting from it costs a third of the CPU of loading every module through tsx's hooks (`headrace --help`: 0.27
// against 0.9–1.0 CPU-seconds), and every command, worker and predict server pays that start.
// The bundle lives in .headrace/cli/ inside the project, so its bare imports resolve from the project's
// node_modules; each module keeps its own import.meta.url (the plugin below writes its source file's URL in), so
// paths beside the sources (migrations, the workflow code, the web app, worker-thread shims) resolve as before.
// Where no bundle can be made (a read-only install, a syntax error), the caller runs the CLI through tsx.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const home = join(root, '.headrace', 'cli');
const pointer = join(home, 'current.json');
/** Builds older than this are removed by the next build (a process started from one may still load its chunks). */
const KEEP_MS = 24 * 3600_000;

let esbuildSeen;
/** The installed esbuild's version (a new one makes a new bundle); read once per start. */
function esbuildVersion() {
  esbuildSeen ??= JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
  return esbuildSeen;
}

/** The current bundle's entry, when every input it was made from is unchanged. */
function current() {
  let made;
  try {
    made = JSON.parse(readFileSync(pointer, 'utf8'));
    if (made.root !== root || made.esbuild !== esbuildVersion()) return undefined;
  } catch {
    return undefined; // none yet, or unreadable: build one
  }
  for (const [file, [size, mtimeMs]] of Object.entries(made.inputs)) {
    let s;
    try {
      s = statSync(join(root, file));
    } catch {
      return undefined; // a source is gone: build again
    }
    if (s.size !== size || s.mtimeMs !== mtimeMs) return undefined;
  }
  const entry = join(home, made.build, 'main.js');
  return existsSync(entry) ? entry : undefined;
}

/** Bundles cli/main.ts into a new build folder and points current.json at it. */
async function build() {
  const esbuild = await import('esbuild');
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const out = join(home, id);
  const seen = {};
  const ownImportMeta = {
    name: 'own-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        // Stat before reading: an edit made while this builds then shows as a change on the next start.
        const s = await stat(args.path);
        seen[relative(root, args.path)] = [s.size, s.mtimeMs];
        const text = (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
        return { contents: text, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
      });
    },
  };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['cli/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    splitting: true,
    outdir: out,
    sourcemap: 'linked',
    metafile: true,
    tsconfig: 'tsconfig.json',
    plugins: [ownImportMeta],
    logLevel: 'silent',
  });
  const inputs = { ...seen };
  for (const file of [...Object.keys(result.metafile.inputs), 'tsconfig.json', 'package.json']) {
    if (inputs[file]) continue;
    const s = statSync(join(root, file));
    inputs[file] = [s.size, s.mtimeMs];
  }
  const tmp = `${pointer}.${id}.tmp`;
  writeFileSync(tmp, JSON.stringify({ root, esbuild: esbuildVersion(), build: id, inputs }));
  renameSync(tmp, pointer);
  for (const e of readdirSync(home, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== id && Date.now() - statSync(join(home, e.name)).mtimeMs > KEEP_MS) rmSync(join(home, e.name), { recursive: true, force: true });
  }
  return join(out, 'main.js');
}

/** The bundle's entry file (made now if needed), or undefined where none can be made. */
export async function cliEntry() {
  const ready = current();
  if (ready) return ready;
  try {
    mkdirSync(home, { recursive: true });
    return await build();
  } catch (e) {
    if (process.env.HEADRACE_CLI_DEBUG) console.error(`headrace: no CLI bundle (${e instanceof Error ? e.message : String(e)}); running through tsx`);
    return undefined;
  }
}
