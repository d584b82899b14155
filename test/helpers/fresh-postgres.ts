// A database of its own on the test PostgreSQL server, for a test that reads every row of a table (a predict
// server follows every endpoint): other test files write the shared database at the same time.
import postgres from 'postgres';

let n = 0;

/** Creates an empty database on the server of `url` and returns its URL. */
export async function freshPostgresDatabase(url: string, prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${n++}`.replace(/[^a-z0-9_]/g, '_');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
