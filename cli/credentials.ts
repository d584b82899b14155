// Stored API tokens of `headrace login`, one per server URL, in $XDG_CONFIG_HOME/headrace/credentials.json
// (default ~/.config), readable by the user only (0600 in a 0700 folder).
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const Stored = z.object({
  servers: z.record(z.string(), z.object({ url: z.string(), token: z.string(), username: z.string().optional(), savedAt: z.string() })),
});
type Stored = z.infer<typeof Stored>;

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'headrace', 'credentials.json');
}

/** `http://host:port/` and `http://host:port` are the same server. */
export const normalUrl = (url: string) => url.replace(/\/+$/, '');

function read(path: string): Stored {
  if (!existsSync(path)) return { servers: {} };
  const parsed = Stored.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: not a credentials file (${parsed.error.issues[0]?.message}); remove it and run \`headrace login\``);
  return parsed.data;
}

export function storedToken(url: string): string | undefined {
  return read(credentialsPath()).servers[normalUrl(url)]?.token;
}

/** Saves (or replaces) the token for a server; written to a temporary file first, so a crash leaves the old one. */
export function storeToken(url: string, token: string, username?: string): string {
  const path = credentialsPath();
  const stored = read(path);
  stored.servers[normalUrl(url)] = { url: normalUrl(url), token, username, savedAt: new Date().toISOString() };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600); // the umask may have narrowed it, never widened: make it exact
  renameSync(tmp, path);
  return path;
}
