// The Next.js app: built once per source change (`next build`), then served in the launcher's HTTP server.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { projectRoot as root, sourceHash } from '../../server/source-hash';

const stampFile = join(root, '.next', 'headrace-source-hash');

/** Builds the web app unless the last build is of the same sources. Returns whether it built. */
export async function ensureWebBuild(log: (m: string) => void = console.log): Promise<boolean> {
  const hash = await sourceHash(['app', 'dsl', 'next.config.js', 'package-lock.json', 'server/api/client.ts']);
  if (existsSync(join(root, '.next', 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return false;
  log('building the web app (next build, once per change)…');
  const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [nextBin, 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.once('exit', (c) => {
      if (c !== 0) log(out.slice(-6000));
      resolve(c);
    });
  });
  if (code !== 0) throw new Error('next build failed (output above)');
  await writeFile(stampFile, hash);
  return true;
}

export async function nextHandler(host: string, port: number): Promise<{ handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>; close(): Promise<void> }> {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: root, hostname: host, port, quiet: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  return { handle: (req, res) => handle(req, res), close: () => app.close() };
}
