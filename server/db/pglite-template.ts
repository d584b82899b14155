// A migrated PGlite data directory, made once per set of migrations (and PGlite release) and kept in
// ~/.cache/headrace/pglite/. A new database loads it (~0.4–0.7 s) instead of running initdb and every migration
// (~2–3 s): the embedded platform's first start, and every test that opens a fresh database, start sooner. The
// template is what the migrations make (it is made by running them), and the migrator still runs after a load:
// with the template current it finds nothing to do.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cacheDir } from '../temporal/cli-binary';

/** Templates kept besides the newest (older migration sets of other checkouts). */
const KEEP = 3;

/** Read or made once per process, by migrations folder. */
const memo = new Map<string, Promise<Blob | undefined>>();

/** The template for these migrations, made on first use; undefined when it cannot be made or read (the caller migrates). */
export function migratedTemplate(migrationsFolder: string): Promise<Blob | undefined> {
  let template = memo.get(migrationsFolder);
  if (!template) {
    template = loadOrMake(migrationsFolder).catch(() => undefined);
    memo.set(migrationsFolder, template);
  }
  return template;
}

/** Whether a PGlite data directory holds a cluster already (PG_VERSION is initdb's first file). */
export function isInitialized(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

async function templateKey(migrationsFolder: string): Promise<string> {
  const hash = createHash('sha256');
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(await readFile(join(dirname(pglite), '..', 'package.json')));
  for (const name of (await readdir(migrationsFolder)).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(name).update(await readFile(join(migrationsFolder, name)));
  }
  hash.update(await readFile(join(migrationsFolder, 'meta', '_journal.json')));
  return hash.digest('hex').slice(0, 16);
}

async function loadOrMake(migrationsFolder: string): Promise<Blob> {
  const dir = join(cacheDir(), 'pglite');
  const file = join(dir, `${await templateKey(migrationsFolder)}.tar`);
  if (existsSync(file)) return new Blob([await readFile(file)]);
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const pg = await PGlite.create();
  let dump: Blob;
  try {
    await migrate(drizzle(pg), { migrationsFolder });
    dump = await pg.dumpDataDir('none');
  } finally {
    await pg.close();
  }
  const bytes = Buffer.from(await dump.arrayBuffer());
  await mkdir(dir, { recursive: true });
  // A temporary name, then a rename: another process never reads half a template.
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, bytes);
  await rename(partial, file);
  await prune(dir, file);
  return new Blob([bytes]);
}

/** Keeps the newest KEEP templates (by modification time), never the one just written. */
async function prune(dir: string, current: string): Promise<void> {
  const files = await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.tar')).map(async (f) => ({ f: join(dir, f), at: (await stat(join(dir, f))).mtimeMs })));
  const old = files.filter((x) => x.f !== current).sort((a, b) => b.at - a.at).slice(KEEP - 1);
  await Promise.all(old.map((x) => rm(x.f, { force: true })));
}
