// A content hash of some of the project's own sources, so a build (the web app, the workflow bundle)
// is redone exactly when what it is built from changed.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

async function filesUnder(path: string, match: RegExp): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const out: string[] = [];
  for (const e of await readdir(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p, match)));
    else if (match.test(e.name)) out.push(p);
  }
  return out;
}

/** sha256 over the files (and folders, recursively) named relative to the project root; missing ones are skipped. */
export async function sourceHash(entries: string[], match: RegExp = /./): Promise<string> {
  const files: string[] = [];
  for (const e of entries) {
    const p = join(projectRoot, e);
    if (existsSync(p)) files.push(...(await filesUnder(p, match)));
  }
  const h = createHash('sha256');
  for (const f of files.sort()) h.update(relative(projectRoot, f)).update('\0').update(await readFile(f));
  return h.digest('hex');
}
