// Which files a list of paths names: folders walked, each file sorted into a kind by its name. Pipelines alone
// (`run`, `diff`) and pipelines with monitors (`apply`, `validate`) are read from the same walk.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { UsageError } from './exit';

/**
 * Expands `paths` into files per kind, each list sorted without duplicates and relative to the working directory.
 * A folder is walked recursively (node_modules skipped) and keeps the files `kindOf` names; links are taken too,
 * so one that leads nowhere is reported as unreadable rather than skipped. A file given by name is taken as
 * `kindOf` names it, else as `fallback`. A path that does not exist is a usage error.
 */
export async function filesByKind<K extends string>(
  paths: string[],
  kinds: readonly K[],
  kindOf: (name: string) => K | undefined,
  fallback: K,
): Promise<Record<K, string[]>> {
  const found = new Map<K, Set<string>>(kinds.map((k) => [k, new Set<string>()]));
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (!s) throw new UsageError(`${p}: no such file or directory`);
    if (!s.isDirectory()) {
      found.get(kindOf(p.split(/[\\/]/).pop() ?? p) ?? fallback)!.add(relative(process.cwd(), resolve(p)));
      continue;
    }
    for (const e of await readdir(p, { withFileTypes: true, recursive: true })) {
      if (!(e.isFile() || e.isSymbolicLink()) || e.parentPath.split(/[\\/]/).includes('node_modules')) continue;
      const kind = kindOf(e.name);
      if (kind) found.get(kind)!.add(relative(process.cwd(), join(e.parentPath, e.name)));
    }
  }
  return Object.fromEntries(kinds.map((k) => [k, [...found.get(k)!].sort()])) as Record<K, string[]>;
}
