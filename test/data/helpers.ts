import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixture = (name: string): string => join(FIXTURES, name);
export const PENGUINS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'penguins', 'data', 'penguins.json');

/** A fresh temp dir per test; returns it and a cleanup function. */
export function tempDir(prefix = 'headrace-data-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
