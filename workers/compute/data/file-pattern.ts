// A folder or a glob read as one table (docs/data.md, "Folders and globs"): an ingest step's `path` may be a
// pattern (`daily/*.csv`, `exports/**/part-*.parquet`) or a folder (every file in it, not its subfolders). The
// files are matched below the pattern's fixed part, each confined to the data roots like a single file (a link
// is followed, then refused when it leads out), and read in the order of their names, so the same files always
// give the same table.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { assertInsideRoots, ConfinementError } from './confine';

/** One file a pattern matched. */
export interface MatchedFile {
  /** Its real path (inside the roots). */
  path: string;
  /** Its name below the pattern's fixed folder, with `/` separators: what `fileColumn` holds. */
  name: string;
}

/** Whether a path names several files: a glob pattern, or a folder (a relative one looked up under the roots). */
export function isFilePattern(path: string, roots: string[] = []): boolean {
  if (isDynamicPattern(path)) return true;
  const candidates = isAbsolute(path) ? [path] : roots.map((r) => resolve(r, path));
  return candidates.some((c) => {
    try {
      return statSync(c).isDirectory();
    } catch {
      return false;
    }
  });
}

/** Splits a pattern into its fixed folder and the glob below it (a folder alone: every file in it). */
export function splitPattern(pattern: string): { base: string; glob: string } {
  if (!isDynamicPattern(pattern)) return { base: pattern.replace(/[\\/]+$/, ''), glob: '*' };
  const parts = pattern.split('/');
  const first = parts.findIndex((p) => isDynamicPattern(p));
  const base = parts.slice(0, first).join('/');
  return { base: base === '' ? (pattern.startsWith('/') ? '/' : '.') : base, glob: parts.slice(first).join('/') };
}

/**
 * The files `pattern` matches, sorted by name. The fixed folder must lie inside a data root (a relative one is
 * looked up under each root, as single files are); every match is confined again after resolving links. None
 * matching is an error naming the pattern.
 */
export async function matchFiles(pattern: string, roots: string[]): Promise<MatchedFile[]> {
  const { base, glob: rest } = splitPattern(pattern);
  let folder: string;
  try {
    folder = assertInsideRoots(base, roots);
  } catch (e) {
    if (e instanceof ConfinementError && !isAbsolute(base)) {
      // A relative pattern whose folder is under no root: say so in the pattern's words.
      throw new ConfinementError(`cannot read ${pattern}: no folder ${base} under the data roots [${roots.join(', ')}]`);
    }
    throw e;
  }
  if (!statSync(folder).isDirectory()) throw new ConfinementError(`cannot read ${pattern}: ${base} is not a folder`);
  const found = await glob(rest, { cwd: folder, onlyFiles: true, dot: false, followSymbolicLinks: true, expandDirectories: false });
  const files = found
    .map((name) => ({ name: name.split(sep).join('/'), full: join(folder, name) }))
    .filter((f) => existsSync(f.full))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => ({ path: assertInsideRoots(f.full, roots), name: f.name }));
  if (files.length === 0) throw new ConfinementError(`cannot read ${pattern}: no file matches ${rest} in ${shown(folder)}`);
  return files;
}

function shown(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
}
