// One folder under a data root: its sub-folders and the data files ingestion reads, with sizes.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceError } from '../services/errors';
import { confined, realRoots } from './roots';

/** File names ingestion reads (ingest.csv, ingest.json), and so the ones the picker offers. */
export const DATA_FILE = /\.(csv|tsv|txt|json|jsonl|ndjson)$/i;
const MAX_ENTRIES = 1000;

export interface FolderEntry {
  name: string;
  /** Absolute path (as listed, below the real folder). */
  path: string;
  kind: 'folder' | 'file';
  /** Bytes; null for folders. */
  size: number | null;
  modified: Date;
}

export interface FolderListing {
  /** The real path of the folder listed. */
  path: string;
  /** The folder above, when it is still inside a root; null at a root. */
  parent: string | null;
  entries: FolderEntry[];
  /** Other files (not data files, not dot files) left out; `truncated`: entries past the limit. */
  hidden: number;
  truncated: boolean;
}

export async function listFolder(path: string, roots: readonly string[]): Promise<FolderListing> {
  const real = confined(path, roots);
  const info = await stat(real);
  if (!info.isDirectory()) throw new ServiceError('BAD_REQUEST', `${path} is not a folder`);
  const dirents = await readdir(real, { withFileTypes: true });
  const entries: FolderEntry[] = [];
  let hidden = 0;
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue; // hidden files (and uploads still being written) are not offered
    const full = join(real, d.name);
    const s = await stat(full).catch(() => undefined); // follows links; a dangling one is left out
    if (!s || (!s.isDirectory() && !(s.isFile() && DATA_FILE.test(d.name)))) {
      hidden++;
      continue;
    }
    entries.push({ name: d.name, path: full, kind: s.isDirectory() ? 'folder' : 'file', size: s.isDirectory() ? null : s.size, modified: s.mtime });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  const atRoot = realRoots(roots).some((r) => r.real === real);
  const parent = atRoot ? null : join(real, '..');
  return { path: real, parent, entries: entries.slice(0, MAX_ENTRIES), hidden, truncated: entries.length > MAX_ENTRIES };
}
