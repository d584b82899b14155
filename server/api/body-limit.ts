// The size of an API request's body (`POST /api/trpc/…`): at most API_BODY_LIMIT bytes. A body announced bigger
// (Content-Length) is refused before a byte of it is read; a chunked one as soon as it passes the limit. The
// refusal is 413 with a tRPC error (PAYLOAD_TOO_LARGE) whose sentence names the limit, and the connection closes
// once it is out, so the rest of the body is never read. A body within the limit is handed to tRPC whole.
import type { IncomingMessage, ServerResponse } from 'node:http';
import superjson from 'superjson';
import { formatBytes } from '../../dsl/bytes';
import { DSL_LIMITS } from '../../dsl/limits';

/** 8 MiB: room for the largest pipeline file (DSL_LIMITS.bytes, 2 MiB) however JSON escapes it. */
export const API_BODY_LIMIT = 8 * 1024 * 1024;

const tooLarge = (size: string, limit: number) =>
  `The request body is ${size}; an API request may be at most ${limit} bytes (${formatBytes(limit)}; a pipeline file at most ${formatBytes(DSL_LIMITS.bytes)}).`;

/**
 * Reads a tRPC request's body within the limit and leaves it on `req.body`, where tRPC's adapter takes it; or
 * answers 413 and returns true. Requests without a body (GET) are left alone.
 */
export async function takeApiBody(req: IncomingMessage, res: ServerResponse, limit = API_BODY_LIMIT): Promise<boolean> {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false;
  const body = await readApiBody(req, limit);
  if (typeof body !== 'string') return refuse(req, res, body.tooLarge);
  (req as IncomingMessage & { body?: string }).body = body;
  return false;
}

/**
 * The body as text within `limit`, or the sentence refusing it (the REST door answers it in its own shape). A body
 * announced bigger is refused before a byte of it is read; the caller closes the connection after its answer.
 */
export async function readApiBody(req: IncomingMessage, limit = API_BODY_LIMIT): Promise<string | { tooLarge: string }> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return { tooLarge: tooLarge(`${Number(declared)} bytes`, limit) };
  const body = await readWithin(req, limit);
  return body === undefined ? { tooLarge: tooLarge(`more than ${limit} bytes`, limit) } : body;
}

/** The body as text, or undefined once it passes `limit` (reading then stops: the stream is paused, not drained). */
function readWithin(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (value: string | undefined, err?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.pause();
      settle(undefined);
    };
    const onEnd = () => settle(Buffer.concat(chunks, size).toString('utf8'));
    const onError = (err: Error) => settle(undefined, err);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

function refuse(req: IncomingMessage, res: ServerResponse, message: string): true {
  const path = (req.url ?? '').split('?')[0].slice('/api/trpc/'.length);
  const error = superjson.serialize({ message, code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, path } });
  res.once('finish', () => {
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 2000).unref();
  });
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ error }));
  return true;
}
