// POST /api/data/upload?name=FILE.csv: a data file sent from the browser, stored under the platform's
// uploads folder (HEADRACE_HOME/data/uploads, a data root unless HEADRACE_DATA_ROOTS leaves it out) for
// ingest steps to read. Editor role or above, with the API's credentials (bearer token, session cookie, or
// the loopback admin when auth is not required). The body is the file's bytes
// (`Content-Type: application/octet-stream`, so a cross-site form cannot send it); `Content-Length` is
// required and at most UPLOAD_MAX_BYTES. An existing file is never overwritten: the name gets `-1`, `-2`….
import { createWriteStream } from 'node:fs';
import { link, mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join, resolve } from 'node:path';
import { resolvePrincipal } from '../auth/principal';
import type { HeadraceConfig } from '../config';
import { audit } from '../db/repo/audit';
import type { Services } from '../services/context';
import { DATA_FILE } from './list';
import { isInside, realRoots } from './roots';

/** The largest upload accepted (256 MiB). */
export const UPLOAD_MAX_BYTES = 256 * 1024 * 1024;
export const uploadLimit = () => UPLOAD_MAX_BYTES;

const ROUTE = /^\/api\/data\/upload(?:\?(.*))?$/;

/** Where uploads are stored, or null when that folder is outside every data root (ingestion could not read it). */
export function uploadsDir(config: Pick<HeadraceConfig, 'home' | 'dataRoots'>): string | null {
  const dir = resolve(config.home, 'data', 'uploads');
  const roots = [...config.dataRoots.map((r) => resolve(r)), ...realRoots(config.dataRoots).flatMap((r) => (r.real ? [r.real] : []))];
  return roots.some((r) => isInside(dir, r)) ? dir : null;
}

const reply = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));

/** Answers the upload route; returns false for any other request. */
export async function handleDataUpload(req: IncomingMessage, res: ServerResponse, svc: Services): Promise<boolean> {
  const m = ROUTE.exec(req.url ?? '');
  if (!m) return false;
  const refuse = (status: number, error: string) => (req.resume(), reply(res, status, { error }), true);
  if (req.method !== 'POST') return (res.setHeader('allow', 'POST'), refuse(405, 'use POST'));
  const principal = await resolvePrincipal(svc.db, req.headers, svc.config.auth.required);
  if (!principal) return refuse(401, 'sign in or send `Authorization: Bearer hr_…`');
  const done = async (status: number, outcome: 'ok' | 'error' | 'denied', body: { error: string } | { path: string; size: number }, target?: string) => {
    await audit(svc.db, { actor: principal.username, action: 'data.upload', target, outcome, details: 'error' in body ? { message: body.error } : { path: body.path, size: body.size } });
    if ('error' in body) req.resume();
    reply(res, status, body);
    return true;
  };
  if (principal.role === 'viewer') return done(403, 'denied', { error: `needs role editor; ${principal.username} is viewer` });
  const name = basename(new URLSearchParams(m[1] ?? '').get('name') ?? '').replace(/[^A-Za-z0-9._-]/g, '_');
  if (!name || name.startsWith('.') || !DATA_FILE.test(name)) {
    return done(400, 'error', { error: 'name must be a data file name ending in .csv, .tsv, .txt, .json, .jsonl or .ndjson' });
  }
  if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) {
    return done(415, 'error', { error: 'send the file as Content-Type: application/octet-stream' }, name);
  }
  const length = Number(req.headers['content-length']);
  if (req.headers['content-length'] === undefined || !Number.isInteger(length) || length < 0) return done(411, 'error', { error: 'Content-Length is required' }, name);
  if (length > UPLOAD_MAX_BYTES) return done(413, 'error', { error: `the file is ${length} bytes; uploads are limited to ${UPLOAD_MAX_BYTES} bytes (256 MiB)` }, name);
  const dir = uploadsDir(svc.config);
  if (!dir) return done(409, 'error', { error: `uploads are stored in ${resolve(svc.config.home, 'data', 'uploads')}, which is outside the data roots` }, name);
  await mkdir(dir, { recursive: true });
  const partial = join(dir, `.${name}.${process.pid}.${Date.now()}.part`);
  let received = 0;
  try {
    await new Promise<void>((ok, fail) => {
      const out = createWriteStream(partial, { flags: 'wx' });
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > length) req.destroy(new Error('the body is longer than its Content-Length'));
      });
      req.on('error', fail);
      req.on('aborted', () => fail(new Error('the upload was interrupted')));
      out.on('error', fail);
      out.on('finish', () => (received === length ? ok() : fail(new Error(`received ${received} of ${length} bytes`))));
      req.pipe(out);
    });
    // Never overwrites: the first free name of NAME, NAME-1, NAME-2… (link fails on an existing file).
    const dot = name.lastIndexOf('.');
    for (let i = 0; ; i++) {
      const target = join(dir, i === 0 ? name : `${name.slice(0, dot)}-${i}${name.slice(dot)}`);
      try {
        await link(partial, target);
        return await done(201, 'ok', { path: target, size: received }, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || i > 1000) throw err;
      }
    }
  } catch (err) {
    if (res.headersSent) return true;
    return done(400, 'error', { error: err instanceof Error ? err.message : String(err) }, name);
  } finally {
    await rm(partial, { force: true });
  }
}
