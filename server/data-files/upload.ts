// POST /api/data/upload?name=FILE.csv: a data file sent from the browser, stored under the platform's
// uploads folder (HEADRACE_HOME/data/uploads, a data root unless HEADRACE_DATA_ROOTS leaves it out) for
// ingest steps to read. Editor role or above, with the API's credentials (bearer token, session cookie, or
// the loopback admin when auth is not required). The body is the file's bytes
// (`Content-Type: application/octet-stream`, so a cross-site form cannot send it); `Content-Length` is
// required and at most HEADRACE_UPLOAD_MAX_BYTES. The name is the file's own name (a folder in it is
// refused, never stripped: the sender meant another place) ending in a data file extension, and the body is
// text. An existing file is never overwritten: the name gets `-1`, `-2`…. Every refusal is one sentence and
// leaves nothing in the uploads folder.
import { createWriteStream } from 'node:fs';
import { link, mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { uploadTooLarge } from '../../dsl/bytes';
import { resolvePrincipal } from '../auth/principal';
import type { HeadraceConfig } from '../config';
import { audit } from '../db/repo/audit';
import type { Services } from '../services/context';
import { DATA_FILE } from './list';
import { isInside, realRoots } from './roots';

/** The largest upload accepted: HEADRACE_UPLOAD_MAX_BYTES, read once at start (256 MiB unless set). */
export const uploadLimit = (config: Pick<HeadraceConfig, 'uploadMaxBytes'>) => config.uploadMaxBytes;


const EXTENSIONS = '.csv, .tsv, .txt, .json, .jsonl or .ndjson';

const ROUTE = /^\/api\/data\/upload(?:\?(.*))?$/;

/** Where uploads are stored, or null when that folder is outside every data root (ingestion could not read it). */
export function uploadsDir(config: Pick<HeadraceConfig, 'home' | 'dataRoots'>): string | null {
  const dir = resolve(config.home, 'data', 'uploads');
  const roots = [...config.dataRoots.map((r) => resolve(r)), ...realRoots(config.dataRoots).flatMap((r) => (r.real ? [r.real] : []))];
  return roots.some((r) => isInside(dir, r)) ? dir : null;
}

const reply = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));

/** A refusal found while the body streams in: its status and sentence. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The name as stored (other characters than `A-Z a-z 0-9 . _ -` become `_`), or the sentence refusing it. */
export function uploadName(raw: string | null): { name: string } | { status: number; error: string } {
  if (!raw) return { status: 400, error: 'Name the file in the address: /api/data/upload?name=FILE.csv.' };
  if (/[/\\]/.test(raw) || raw === '..' || raw === '.') {
    return { status: 400, error: `The file name ${JSON.stringify(raw)} names a folder: send the file's own name only (uploads always go to the uploads folder).` };
  }
  if (raw.startsWith('.')) return { status: 400, error: `The file name ${JSON.stringify(raw)} starts with a dot: hidden files are not data files.` };
  const name = raw.replace(/[^A-Za-z0-9._-]/g, '_');
  if (!DATA_FILE.test(name)) {
    return { status: 415, error: `Only data files can be uploaded: ${JSON.stringify(raw)} does not end in ${EXTENSIONS}.` };
  }
  return { name };
}

/** Answers the upload route; returns false for any other request. */
export async function handleDataUpload(req: IncomingMessage, res: ServerResponse, svc: Services): Promise<boolean> {
  const m = ROUTE.exec(req.url ?? '');
  if (!m) return false;
  const refuse = (status: number, error: string) => (req.resume(), reply(res, status, { error }), true);
  if (req.method !== 'POST') return (res.setHeader('allow', 'POST'), refuse(405, 'Send the file with POST.'));
  const principal = await resolvePrincipal(svc.db, req.headers, svc.config.auth.required);
  if (!principal) return refuse(401, 'Sign in (or send an API token as `Authorization: Bearer hr_…`) to upload a file.');
  const done = async (status: number, outcome: 'ok' | 'error' | 'denied', body: { error: string } | { path: string; size: number }, target?: string) => {
    await audit(svc.db, { actor: principal.username, action: 'data.upload', target, outcome, details: 'error' in body ? { message: body.error } : { path: body.path, size: body.size } });
    if ('error' in body) req.resume();
    reply(res, status, body);
    return true;
  };
  if (principal.role === 'viewer') return done(403, 'denied', { error: `Uploading a data file needs the editor role; ${principal.username} is a viewer.` });
  const named = uploadName(new URLSearchParams(m[1] ?? '').get('name'));
  if ('error' in named) return done(named.status, 'error', { error: named.error });
  const { name } = named;
  if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) {
    return done(415, 'error', { error: `Send the file's bytes as Content-Type: application/octet-stream, not ${req.headers['content-type'] ?? 'no content type'}.` }, name);
  }
  const length = Number(req.headers['content-length']);
  if (req.headers['content-length'] === undefined || !Number.isInteger(length) || length < 0) {
    return done(411, 'error', { error: "Send the file's size as Content-Length (a chunked upload is not accepted)." }, name);
  }
  const max = uploadLimit(svc.config);
  if (length > max) return done(413, 'error', { error: uploadTooLarge(name, length, max, "the server's HEADRACE_UPLOAD_MAX_BYTES") }, name);
  const dir = uploadsDir(svc.config);
  if (!dir) return done(409, 'error', { error: `Uploads are off: the uploads folder ${resolve(svc.config.home, 'data', 'uploads')} is outside the data roots.` }, name);
  await mkdir(dir, { recursive: true });
  const partial = join(dir, `.${name}.${process.pid}.${Date.now()}.part`);
  let received = 0;
  // The answer is sent only once the partial file is gone, so a refused upload leaves nothing behind when it arrives.
  let answer: Parameters<typeof done>;
  try {
    await new Promise<void>((ok, reject) => {
      const out = createWriteStream(partial, { flags: 'wx' });
      // Any failure stops writing and settles once the partial file is closed (so `finally` removes all of it);
      // the connection stays open, so a refusal's sentence still reaches the sender.
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        req.unpipe(out);
        out.destroy();
        if (out.closed) reject(err);
        else out.once('close', () => reject(err));
      };
      req.on('data', (chunk: Buffer) => {
        if (failed) return;
        // Data files are text: a NUL byte at the start says it is something else (a Parquet or Excel file renamed .csv).
        if (received === 0 && chunk.subarray(0, 8192).includes(0)) {
          return fail(new Refusal(415, `${name} is not a text data file: it holds binary bytes, and ingestion reads CSV, TSV and JSON text.`));
        }
        received += chunk.length;
        if (received > length) fail(new Refusal(400, `The body is longer than its Content-Length (${length} bytes).`));
      });
      req.on('error', fail);
      req.on('aborted', () => fail(new Error('The upload was interrupted before the whole file arrived.')));
      out.on('error', fail);
      out.on('finish', () => (received === length ? ok() : fail(new Error(`The upload ended after ${received} of ${length} bytes.`))));
      req.pipe(out);
    });
    answer = [201, 'ok', { path: await linkFree(partial, dir, name), size: received }];
  } catch (err) {
    answer = err instanceof Refusal ? [err.status, 'error', { error: err.message }, name] : [400, 'error', { error: err instanceof Error ? err.message : String(err) }, name];
  } finally {
    await rm(partial, { force: true });
  }
  if (res.headersSent) return true;
  const [status, outcome, body] = answer;
  return done(status, outcome, body, 'path' in body ? body.path : name);
}

/** Links the partial file to the first free name of NAME, NAME-1, NAME-2… (never overwrites: link fails on an existing file). */
async function linkFree(partial: string, dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  for (let i = 0; ; i++) {
    const target = join(dir, i === 0 ? name : `${name.slice(0, dot)}-${i}${name.slice(dot)}`);
    try {
      await link(partial, target);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || i > 1000) throw err;
    }
  }
}
