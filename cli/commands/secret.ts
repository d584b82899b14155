// The secret store through the API: `secret set NAME` (admins; the value from stdin, a terminal prompt that does
// not echo, --from-file or --from-env, never from an argument, which shell history and `ps` would keep),
// `secret list` (editors and admins: names and dates), `secret delete NAME` and `secret rotate [--new-key]` (admins).
import { readFile } from 'node:fs/promises';
import { connect } from '../connect';
import { EXIT, UsageError } from '../exit';
import { readHiddenLine, readStdin } from '../hidden-input';
import { dim, table } from '../output';
import type { Remote } from '../remote';

export interface SecretSetOptions extends Remote {
  fromFile?: string;
  fromEnv?: string;
  description?: string;
}

/** The value to store: from the one source named; a pipe's single trailing newline is not part of it. */
async function valueOf(name: string, opts: SecretSetOptions): Promise<string> {
  if (opts.fromFile && opts.fromEnv) throw new UsageError('give --from-file or --from-env, not both');
  if (opts.fromFile) return readFile(opts.fromFile, 'utf8');
  if (opts.fromEnv) {
    const v = process.env[opts.fromEnv];
    if (v === undefined || v === '') throw new UsageError(`the environment variable ${opts.fromEnv} is not set`);
    return v;
  }
  if (process.stdin.isTTY) return readHiddenLine(`value of ${name}: `);
  return (await readStdin()).replace(/\r?\n$/, '');
}

export async function secretSetCommand(name: string, opts: SecretSetOptions): Promise<number> {
  const value = await valueOf(name, opts);
  const s = await connect(opts).secret.set.mutate({ name, value, description: opts.description });
  if (opts.json) {
    console.log(JSON.stringify(s, null, 2));
    return EXIT.ok;
  }
  console.log(`secret ${s.name} ${s.created ? 'created' : 'updated'} (sealed with key ${s.keyId})`);
  console.error(dim(`ingest.http names it in secretHeaders (Authorization: ${s.name}), a webhook as urlSecret: ${s.name}, a connection as --password-secret ${s.name}`));
  return EXIT.ok;
}

export async function secretListCommand(opts: Remote): Promise<number> {
  const list = await connect(opts).secret.list.query();
  if (opts.json) {
    console.log(JSON.stringify(list, null, 2));
    return EXIT.ok;
  }
  if (list.length === 0) {
    console.log('no secrets (an admin adds one: headrace secret set NAME, the value from stdin or a prompt)');
    return EXIT.ok;
  }
  const rows = [['NAME', 'UPDATED', 'BY', 'KEY', 'DESCRIPTION']];
  for (const s of list) rows.push([s.name, new Date(s.updatedAt).toISOString().slice(0, 16).replace('T', ' '), s.updatedBy, s.keyId, s.description ?? '']);
  console.log(table(rows));
  return EXIT.ok;
}

export async function secretDeleteCommand(name: string, opts: Remote): Promise<number> {
  const r = await connect(opts).secret.delete.mutate({ name });
  if (opts.json) {
    console.log(JSON.stringify(r, null, 2));
    return EXIT.ok;
  }
  console.log(`secret ${r.name} deleted: steps that name it now fail with "secret ${r.name} is not set"`);
  return EXIT.ok;
}

export async function secretRotateCommand(opts: Remote & { newKey?: boolean }): Promise<number> {
  const r = await connect(opts).secret.rotate.mutate({ newKey: Boolean(opts.newKey) });
  if (opts.json) {
    console.log(JSON.stringify(r, null, 2));
    return r.unreadable.length > 0 ? EXIT.failed : EXIT.ok;
  }
  if (r.previousKeyId) console.log(`new key ${r.keyId} replaces key ${r.previousKeyId} (kept in secret.key.previous to open what is not sealed again yet)`);
  console.log(`sealed again under key ${r.keyId}: ${r.resealed.length}${r.resealed.length ? ` (${r.resealed.join(', ')})` : ''}; already under it: ${r.current}`);
  for (const u of r.unreadable) console.error(`not sealed again: ${u.error}`);
  if (r.unreadable.length > 0) {
    console.error(`${r.unreadable.length} secret(s) under a key the API does not have: give it the old key in HEADRACE_SECRET_KEY_PREVIOUS and run this again, or set them again`);
    return EXIT.failed;
  }
  if (!r.previousKeyId) console.error(dim('every value is under the current key: the previous keys (HEADRACE_SECRET_KEY_PREVIOUS) can be removed'));
  return EXIT.ok;
}
