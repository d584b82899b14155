// The migrated PGlite template (server/db/pglite-template.ts): a fresh database opened with `migrate` starts from
// it and ends with exactly the schema the migrations make, on disk too; a folder that holds a cluster already is
// opened as it is; and the template follows the migrations (another set of migrations, another template).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase, rowsOf } from '../../server/db/client';
import { isInitialized, migratedTemplate } from '../../server/db/pglite-template';

const dir = mkdtempSync(join(tmpdir(), 'headrace-pglite-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every column of the public schema, with its type and nullability, and the migrations drizzle recorded. */
async function shape(query: (text: string) => Promise<unknown[]>): Promise<{ columns: unknown[]; migrations: unknown[] }> {
  return {
    columns: await query(`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
      where table_schema = 'public' order by table_name, ordinal_position`),
    migrations: await query('select hash from drizzle.__drizzle_migrations order by id'),
  };
}

describe('the migrated PGlite template', () => {
  it('gives a fresh database exactly the schema the migrations make, in memory and on disk', async () => {
    const reference = await PGlite.create();
    await migrate(drizzle(reference), { migrationsFolder });
    const expected = await shape(async (text) => (await reference.query(text)).rows);
    await reference.close();
    expect(expected.columns.length).toBeGreaterThan(100);

    for (const url of ['memory://', join(dir, 'fresh')]) {
      const opened = await openDatabase(url, { migrate: true });
      const got = await shape(async (text) => rowsOf(await opened.db.execute(sql.raw(text))));
      await opened.close();
      expect(got, url).toEqual(expected);
    }
    expect(isInitialized(join(dir, 'fresh'))).toBe(true);
  });

  it('opens a folder that holds a cluster as it is: its rows stay', async () => {
    const url = join(dir, 'kept');
    const first = await openDatabase(url, { migrate: true });
    await first.db.execute(sql`insert into users (username, role, password_hash) values ('kept-user', 'viewer', 'x')`);
    await first.close();
    const again = await openDatabase(url, { migrate: true });
    const rows = rowsOf<{ username: string }>(await again.db.execute(sql`select username from users where username = 'kept-user'`));
    await again.close();
    expect(rows).toEqual([{ username: 'kept-user' }]);
  });

  it('follows the migrations: a new migration makes a new template, with its table in it', async () => {
    const folder = join(dir, 'migrations');
    cpSync(migrationsFolder, folder, { recursive: true });
    const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8'));
    const last = journal.entries[journal.entries.length - 1];
    journal.entries.push({ ...last, idx: last.idx + 1, tag: '9999_template_probe', when: last.when + 1 });
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
    writeFileSync(join(folder, '9999_template_probe.sql'), 'CREATE TABLE "template_probe" ("id" integer PRIMARY KEY);');
    const cache = join(dir, 'cache');
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
    try {
      const template = (await migratedTemplate(folder))!;
      expect(template).toBeDefined();
      expect(template.size).toBeGreaterThan(1_000_000);
      const files = readdirSync(join(cache, 'headrace', 'pglite'));
      expect(files).toHaveLength(1);
      const pg = await PGlite.create({ loadDataDir: template });
      const tables = (await pg.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_name = 'template_probe'")).rows;
      await pg.close();
      expect(tables).toEqual([{ n: 1 }]);
      expect(existsSync(join(cache, 'headrace', 'pglite', files[0]))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});
