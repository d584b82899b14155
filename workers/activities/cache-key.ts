// Cache keys (docs/caching.md): sha256 over everything that decides a step's result — its kind and kind
// version, its resolved config, the content hashes of its input artifacts, the content of the files it reads
// (the kind's path fields, e.g. ingest's `path`), and a hash of the code that implements the kind.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getStepKind } from '../../dsl/catalog';
import type { ArtifactRef } from '../../dsl/refs';
import type { Db } from '../../server/db/client';
import { getRunSummary } from '../../server/db/repo/runs';
import { matchFiles, isFilePattern } from '../compute/data/file-pattern';
import { assertInsideRoots } from '../compute/data/ingest';
import type { StepInput } from '../workflows/types';

/** Bump to invalidate every cache entry at once (e.g. when the key's own recipe changes). */
export const CACHE_KEY_FORMAT = 1;

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A file a step read, as recorded in its summary (`summary.source`) and compared by the cache and by retry. */
export interface SourceFile {
  /** The path as the step's config names it (resolved by the compiler). */
  path: string;
  bytes: number;
  sha256: string;
  /** ISO time of the file's last modification when it was hashed (a folder or glob: its newest file's). */
  mtime: string;
  /** A folder or glob: each file it matched (name below the folder), in reading order; `sha256` then hashes this list. */
  files?: Array<{ name: string; bytes: number; sha256: string; mtime: string }>;
}

/** JSON with object keys sorted at every level, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What identifies an input artifact's content: its hash (a ModelVersion or a Deployment: its id; Metrics without a document: its values). */
function artifactIdentity(ref: ArtifactRef): unknown {
  switch (ref.type) {
    case 'ModelVersion':
    case 'Deployment':
      return { type: ref.type, id: ref.id };
    case 'Metrics':
      return ref.hash ? { type: ref.type, hash: ref.hash } : { type: ref.type, values: ref.values };
    default:
      return { type: ref.type, hash: ref.hash };
  }
}

export async function hashFile(path: string): Promise<{ sha256: string; bytes: number; mtime: string }> {
  const before = await stat(path);
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return { sha256: h.digest('hex'), bytes: before.size, mtime: before.mtime.toISOString() };
}

/**
 * What identifies the content a path names: one file's bytes, or for a folder or glob (docs/data.md) the sha256
 * of its matched files' names and hashes, their total bytes and the newest modification time.
 */
export async function describeSource(path: string, roots: string[]): Promise<SourceFile> {
  if (!isFilePattern(path, roots)) return { path, ...(await hashFile(assertInsideRoots(path, roots))) };
  const files = [];
  for (const f of await matchFiles(path, roots)) files.push({ name: f.name, ...(await hashFile(f.path)) });
  const sha256 = createHash('sha256').update(canonicalJson(files.map((f) => [f.name, f.sha256]))).digest('hex');
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  const mtime = files.map((f) => f.mtime).sort().at(-1)!;
  return { path, bytes, sha256, mtime, files };
}

/** Why the files a source names differ now from when it was hashed (sizes, times, the files a pattern matches), or undefined. */
export async function sourceMoved(source: SourceFile, roots: string[]): Promise<string | undefined> {
  const now = source.files
    ? await Promise.all((await matchFiles(source.path, roots)).map(async (f) => ({ name: f.name, ...(await stat(f.path)) })))
    : [{ name: '', ...(await stat(assertInsideRoots(source.path, roots))) }];
  const then = source.files ?? [{ name: '', bytes: source.bytes, mtime: source.mtime }];
  const same = now.length === then.length
    && now.every((f, i) => f.name === then[i].name && f.size === then[i].bytes && f.mtime.toISOString() === then[i].mtime);
  return same ? undefined : `${shownPath(source.path)} changed while it was read`;
}

/** The roots a step may read below: those its run carried (earlier releases), else the worker's own. */
export function dataRootsOf(input: Pick<StepInput, 'dataRoots'>, workerRoots: string[]): string[] {
  return input.dataRoots ?? workerRoots;
}

/**
 * Hashes the files a step's config names (its kind's `pathFields`), confined to the data roots like the step's
 * own read. Throws what confinement throws (outside the roots, no such file).
 */
export async function sourceFiles(input: StepInput, roots: string[]): Promise<SourceFile[]> {
  const decl = getStepKind(input.step.uses);
  const out: SourceFile[] = [];
  for (const field of decl?.pathFields ?? []) {
    const path = input.step.config[field];
    if (typeof path !== 'string') continue;
    out.push(await describeSource(path, roots));
  }
  return out;
}

// --- the code that implements a kind ------------------------------------------------------------------------

const IMPORT_RES = [
  // import x from '…'; import { a, type B } from '…'; import * as n from '…' (not `import type …`)
  /^\s*import\s+(?!type\s)[^;'"]*?\sfrom\s+['"]([^'"]+)['"]/gm,
  // import '…' (side effects)
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  // export { a } from '…'; export * from '…' (not `export type …`)
  /^\s*export\s+(?:\*|\{)[^;'"]*?\sfrom\s+['"]([^'"]+)['"]/gm,
  // import('…')
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Module specifiers a source file loads at run time (type-only imports left out). */
export function runtimeImports(source: string): string[] {
  const specs = new Set<string>();
  for (const re of IMPORT_RES) for (const m of source.matchAll(re)) specs.add(m[1]);
  return [...specs];
}

function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c));
}

/** `name@version` of an npm package as installed under the project. */
async function packageVersion(spec: string, root: string): Promise<string> {
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  try {
    const pkg = JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return `${name}@${pkg.version ?? '?'}`;
  } catch {
    // Not installed where we look (a hoisting we do not follow): the name alone still keys it.
    return `${name}@?`;
  }
}

/**
 * sha256 over a module and everything under `within` it loads at run time, transitively: each file's path and
 * text, plus `name@version` of the npm packages they import. Modules outside `within` (declarations in dsl/,
 * storage in server/) and type-only imports are not followed.
 */
export async function implementationHash(entry: string, opts: { root: string; within: string }): Promise<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const files: string[] = [];
  const inside = (f: string) => !relative(opts.within, f).startsWith('..');
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    for (const spec of runtimeImports(await readFile(file, 'utf8'))) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) {
        const target = resolveRelative(file, spec);
        if (target && inside(target)) queue.push(target);
      } else {
        packages.add(await packageVersion(spec, opts.root));
      }
    }
  }
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(relative(opts.root, f).split(sep).join('/')).update('\0').update(await readFile(f)).update('\0');
  for (const p of [...packages].sort()) h.update(p).update('\0');
  return h.digest('hex');
}

const codeHashes = new Map<string, Promise<string>>();

/**
 * The module that implements a kind, read from the registry of implementations (workers/activities/index.ts):
 * the entry `'KIND': fn` and the import that brings `fn` in. Undefined when it cannot be read that way.
 */
export function implementationModule(kind: string, indexSource: string, activitiesDir: string): string | undefined {
  const entry = new RegExp(`^\\s*'${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}':\\s*([A-Za-z_$][\\w$]*)`, 'm').exec(indexSource);
  if (!entry) return undefined;
  for (const m of indexSource.matchAll(/^import\s*\{([^}]*)\}\s*from\s*'(\.\/[^']+)';/gm)) {
    const names = m[1].split(',').map((n) => n.trim().replace(/^type\s+/, ''));
    if (names.includes(entry[1])) return resolveRelative(join(activitiesDir, 'index.ts'), m[2]);
  }
  return undefined;
}

/**
 * The hash of the code implementing a kind: the module its implementation comes from (workers/activities/index.ts
 * says which) and what it loads under workers/. A kind not found there is keyed by what index.ts loads, i.e.
 * every kind's code (over-invalidating, never stale). Computed once per process: a worker runs the code it
 * started with.
 */
export function kindCodeHash(kind: string): Promise<string> {
  let hash = codeHashes.get(kind);
  if (!hash) {
    const within = join(projectRoot, 'workers');
    const activities = join(within, 'activities');
    const index = join(activities, 'index.ts');
    hash = readFile(index, 'utf8').then((source) =>
      implementationHash(implementationModule(kind, source, activities) ?? index, { root: projectRoot, within }));
    codeHashes.set(kind, hash);
  }
  return hash;
}

/**
 * train.command's program files: the arguments of its command line (after the program) that name a file inside
 * the pipeline's folder — the script and what it is handed — so that an edited script is a new key, not a reused
 * model. Needs the run's Plan for the folder; none without a database.
 */
async function commandFiles(input: StepInput, roots: string[], db: Db | undefined): Promise<SourceFile[]> {
  const command = (input.step.config as { command?: unknown }).command;
  if (input.step.uses !== 'train.command' || !db || !Array.isArray(command)) return [];
  const baseDir = ((await getRunSummary(db, input.runId))?.plan as { baseDir?: string } | undefined)?.baseDir;
  if (!baseDir) return [];
  const folder = assertInsideRoots(baseDir, roots);
  const out: SourceFile[] = [];
  for (const arg of command.slice(1)) {
    if (typeof arg !== 'string' || arg.startsWith('-')) continue;
    const path = resolve(folder, arg);
    if (!path.startsWith(`${folder}${sep}`)) continue;
    const file = await stat(path).catch(() => undefined);
    if (file?.isFile()) out.push({ path, ...(await hashFile(path)) });
  }
  return out;
}

export interface StepCacheKey {
  key: string;
  sources: SourceFile[];
}

/** The cache key of a step about to run with these inputs (hashing the files it would read; train.command's program files need `db`). */
export async function stepCacheKey(input: StepInput, roots: string[], db?: Db): Promise<StepCacheKey> {
  const { step } = input;
  const sources = [...(await sourceFiles(input, roots)), ...(await commandFiles(input, roots, db))];
  const inputs = Object.fromEntries(Object.entries(input.inputs).map(([port, ref]) => [port, artifactIdentity(ref)]));
  const key = createHash('sha256')
    .update(canonicalJson({
      format: CACHE_KEY_FORMAT,
      kind: step.uses,
      kindVersion: step.kindVersion,
      config: step.config,
      inputs,
      sources: sources.map((s) => ({ path: s.path, sha256: s.sha256 })),
      code: await kindCodeHash(step.uses),
    }))
    .digest('hex');
  return { key, sources };
}

/** A path for messages: relative to the working folder when it lies below it, as given otherwise. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel.split(sep).join('/') : path;
}

/**
 * Why a finished step of a kind that reads files may not be reused now, or undefined when it may: the source
 * recorded in its summary (`summary.source`) by run `since` no longer has the content it had (changed, gone,
 * or never hashed).
 */
export async function staleSource(kind: string, summary: unknown, roots: string[], since: string): Promise<string | undefined> {
  if ((getStepKind(kind)?.pathFields ?? []).length === 0) return undefined;
  const recorded = (summary as { source?: Partial<SourceFile> } | null)?.source;
  if (!recorded?.path || !recorded.sha256) return `run ${since} recorded no content hash of its source`;
  let now: { sha256: string };
  try {
    now = await describeSource(recorded.path, roots);
  } catch (err) {
    return `${shownPath(recorded.path)} cannot be read now (${err instanceof Error ? err.message : String(err)})`;
  }
  return now.sha256 === recorded.sha256 ? undefined : `${shownPath(recorded.path)} changed since run ${since}`;
}
