// Where the CLI finds the server (--url, HEADRACE_URL, the embedded launcher's runtime file, or the default)
// and its credentials (--token, HEADRACE_TOKEN, or what `headrace login` stored for that server).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHeadraceClient } from '../server/api/client';
import { storedToken } from './credentials';

export function serverUrl(flag?: string): string {
  if (flag) return flag;
  if (process.env.HEADRACE_URL) return process.env.HEADRACE_URL;
  const runtime = join(resolve(process.env.HEADRACE_HOME ?? '.headrace'), 'runtime.json');
  if (existsSync(runtime)) {
    try {
      return (JSON.parse(readFileSync(runtime, 'utf8')) as { url: string }).url;
    } catch {
      // a half-written runtime file: fall through to the default
    }
  }
  return 'http://127.0.0.1:3000';
}

/** The token to send: the flag, then the environment, then the stored one for this server (empty counts as unset). */
export function tokenFor(url: string, flag?: string): string | undefined {
  return flag || process.env.HEADRACE_TOKEN || storedToken(url);
}

export function connect(opts: { url?: string; token?: string }) {
  const url = serverUrl(opts.url);
  return createHeadraceClient({ url, token: tokenFor(url, opts.token) });
}
