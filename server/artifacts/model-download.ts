// GET /api/models/NAME/versions/N/model.onnx: a registered version's model file, for any signed-in role
// (the same readers as model.version). Credentials as for the API: bearer token, session cookie, or the
// loopback admin when auth is not required.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolvePrincipal } from '../auth/principal';
import { getModelVersion } from '../db/repo/registry';
import type { Services } from '../services/context';
import { openArtifactStore } from './open';
import { parseArtifactUri } from './store';

const ROUTE = /^\/api\/models\/([^/?#]+)\/versions\/(\d{1,9})\/model\.onnx(?:\?.*)?$/;

const text = (res: ServerResponse, status: number, body: string) =>
  void res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(`${body}\n`);

/** Answers the download route; returns false for any other request. */
export async function handleModelDownload(req: IncomingMessage, res: ServerResponse, svc: Services): Promise<boolean> {
  const m = ROUTE.exec(req.url ?? '');
  if (!m) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('use GET\n');
    return true;
  }
  const principal = await resolvePrincipal(svc.db, req.headers, svc.config.auth.required);
  if (!principal) return text(res, 401, 'sign in first'), true;
  let name: string;
  try {
    name = decodeURIComponent(m[1]);
  } catch {
    return text(res, 400, 'bad model name'), true;
  }
  const version = Number(m[2]);
  const v = await getModelVersion(svc.db, name, version);
  if (!v) return text(res, 404, `model "${name}" has no version ${version}`), true;
  let ref: { hash: string; ext?: string };
  try {
    ref = parseArtifactUri(v.artifactUri);
  } catch {
    return text(res, 404, `the model file of ${name} v${version} is not a stored artifact`), true;
  }
  // A local store's file, or an S3 store's object downloaded into its local cache (a missing one throws).
  const file = await openArtifactStore(svc.config).path(ref.hash, ref.ext).catch(() => undefined);
  const size = file === undefined ? undefined : await stat(file).then((s) => s.size, () => undefined);
  if (size === undefined) return text(res, 404, `the model file of ${name} v${version} is missing from the artifact store`), true;
  const filename = `${name.replace(/[^A-Za-z0-9._-]/g, '_')}-v${version}.onnx`;
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(size),
    'content-disposition': `attachment; filename="${filename}"`,
    'x-artifact-sha256': v.artifactHash,
    'cache-control': 'private, max-age=0',
  });
  if (req.method === 'HEAD') return res.end(), true;
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file!);
    stream.on('error', (err) => (res.headersSent ? (res.destroy(err), resolve()) : reject(err)));
    res.on('close', () => stream.destroy());
    stream.pipe(res).on('finish', () => resolve());
  });
  return true;
}
