// Connections through the API: `connections` lists them (any role; never a secret, only the name of the secret or
// of the worker's environment variable holding each password), `connections set NAME --database-url
// postgres://USER@HOST:PORT/DB [--password-secret NAME | --password-env VAR] [--description TEXT]` and
// `connections delete NAME` (admins).
import { connect } from '../connect';
import { EXIT } from '../exit';
import { dim, table } from '../output';
import type { Remote } from '../remote';

export interface ConnectionSetOptions extends Remote {
  /** The database's URL (`--database-url` of `connections set`). */
  databaseUrl: string;
  passwordEnv?: string;
  passwordSecret?: string;
  description?: string;
}

export async function connectionsCommand(opts: Remote): Promise<number> {
  const list = await connect(opts).connection.list.query();
  if (opts.json) {
    console.log(JSON.stringify(list, null, 2));
    return EXIT.ok;
  }
  if (list.length === 0) {
    console.log('no connections (an admin adds one: headrace connections set NAME --database-url postgres://USER@HOST:PORT/DATABASE --password-secret NAME)');
    return EXIT.ok;
  }
  const rows = [['NAME', 'KIND', 'URL', 'PASSWORD', 'UPDATED', 'DESCRIPTION']];
  for (const c of list) {
    rows.push([c.name, c.kind, c.url, passwordSource(c), new Date(c.updatedAt).toISOString().slice(0, 10), c.description ?? '']);
  }
  console.log(table(rows));
  return EXIT.ok;
}

export async function connectionSetCommand(name: string, opts: ConnectionSetOptions): Promise<number> {
  const c = await connect(opts).connection.set.mutate({
    name, url: opts.databaseUrl, passwordEnv: opts.passwordEnv, passwordSecret: opts.passwordSecret, description: opts.description,
  });
  if (opts.json) {
    console.log(JSON.stringify(c, null, 2));
    return EXIT.ok;
  }
  console.log(`connection ${c.name} ${c.created ? 'created' : 'updated'}: ${c.url}`);
  console.error(dim(c.passwordSecret
    ? `ingest.sql steps read its password from the secret ${c.passwordSecret} (headrace secret set ${c.passwordSecret})`
    : c.passwordEnv
      ? `ingest.sql steps read its password from the workers' environment variable ${c.passwordEnv}: set it where the workers run`
      : 'no password: the workers connect without one (--password-secret NAME names a secret holding it)'));
  return EXIT.ok;
}

export async function connectionDeleteCommand(name: string, opts: Remote): Promise<number> {
  const r = await connect(opts).connection.delete.mutate({ name });
  if (opts.json) {
    console.log(JSON.stringify(r, null, 2));
    return EXIT.ok;
  }
  console.log(`connection ${r.name} deleted: steps that name it now fail with "no connection"`);
  return EXIT.ok;
}

/** Where a connection's password comes from, as the list shows it. */
function passwordSource(c: { passwordSecret: string | null; passwordEnv: string | null }): string {
  if (c.passwordSecret) return `secret ${c.passwordSecret}`;
  return c.passwordEnv ? `env ${c.passwordEnv}` : '—';
}
