// Where the CLI finds the server: --url, HEADRACE_URL, the embedded launcher's runtime file, or the default.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHeadraceClient } from '../server/api/client';

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

export function connect(opts: { url?: string; token?: string }) {
  return createHeadraceClient({ url: serverUrl(opts.url), token: opts.token ?? process.env.HEADRACE_TOKEN });
}
