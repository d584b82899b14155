// `headrace login`: check a token (--token) or trade a password (--username) for one, and store it for the server.
import { hostname } from 'node:os';
import { createHeadraceClient } from '../../server/api/client';
import { storeToken } from '../credentials';
import { serverUrl } from '../connect';
import { EXIT, UsageError } from '../exit';
import { readHiddenLine, readStdin } from '../hidden-input';
import type { Remote } from '../remote';

export async function loginCommand(opts: Remote & { username?: string }): Promise<number> {
  const url = serverUrl(opts.url);
  if (opts.token && opts.username) throw new UsageError('give --token or --username, not both');
  let token = opts.token;
  if (!token) {
    if (!opts.username) throw new UsageError('give --token T, or --username U (the password is read from stdin or a prompt)');
    const password = await readPassword(`password for ${opts.username} at ${url}: `);
    if (!password) throw new UsageError('no password given');
    const issued = await createHeadraceClient({ url }).auth.login.mutate({
      username: opts.username,
      password,
      tokenName: `headrace login on ${hostname()}`,
    });
    token = issued.token;
  }
  // Checked before it is stored: a mistyped token never replaces a working one.
  const me = await createHeadraceClient({ url, token }).auth.me.query();
  const path = storeToken(url, token, me.username);
  if (opts.json) console.log(JSON.stringify({ url, username: me.username, role: me.role, credentials: path }));
  else console.log(`signed in to ${url} as ${me.username} (${me.role}); token stored in ${path}`);
  return EXIT.ok;
}

/** The first line of stdin when it is piped; else a prompt on the terminal that does not echo. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return (await readStdin()).split(/\r?\n/)[0];
  return readHiddenLine(prompt);
}
