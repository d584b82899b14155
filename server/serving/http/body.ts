// Request bodies of the predict server: JSON, or for V2 infer the binary tensor extension (a JSON header of
// Inference-Header-Content-Length bytes, then raw tensor bytes), bounded. A body announced bigger than the limit is
// refused from its Content-Length before a byte of it is read; a chunked body is refused as soon as it passes the
// limit. Either way the connection is closed after the 413, so the rest of the body is never read.
import type { IncomingMessage } from 'node:http';
import { ProtocolError } from '../protocols';
import { splitBinaryBody } from '../protocols/v2-binary';

/** Default body limit: 8 MiB (a 64-row batch of 32 features is about 30 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Whether the request's Content-Type is JSON. A request without one is read as JSON (V2 clients send none). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return true;
  const type = header.split(';', 1)[0].trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** The length of the JSON header of a binary-extension body, or undefined for a JSON body. */
export function binaryHeaderLength(req: IncomingMessage): number | undefined {
  const value = req.headers['inference-header-content-length'];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ProtocolError(`Inference-Header-Content-Length is ${JSON.stringify(value)}; it must be the JSON header's length in bytes.`);
  return n;
}

/**
 * Refuses what the headers already tell: a wrong content type (415; a binary-extension body may have any) or an
 * announced size over the limit (413).
 */
export function checkBodyHeaders(req: IncomingMessage, maxBytes: number): void {
  const type = req.headers['content-type'];
  if (binaryHeaderLength(req) === undefined && !isJsonContentType(type)) {
    throw new ProtocolError(`The body must be JSON (Content-Type: application/json), not ${type}.`, 415);
  }
  const length = req.headers['content-length'];
  if (length !== undefined && Number(length) > maxBytes) {
    throw new ProtocolError(`The body is ${length} bytes, more than the limit of ${maxBytes} bytes.`, 413);
  }
}

/**
 * Reads the whole body (at most `maxBytes`): its JSON, and with the binary tensor extension the bytes after the
 * JSON header; a ProtocolError 400 or 413 otherwise.
 */
export async function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<{ json: unknown; binary?: Buffer }> {
  const headerLength = binaryHeaderLength(req);
  if (headerLength === undefined) return { json: await readJsonBody(req, maxBytes) };
  const { header, binary } = splitBinaryBody(await readRawBody(req, maxBytes), headerLength);
  return { json: header, binary };
}

/** Reads the whole body (at most `maxBytes`) and parses it as JSON; a ProtocolError 400 or 413 otherwise. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const raw = await readRawBody(req, maxBytes);
  const text = raw.toString('utf8');
  if (text.trim() === '') throw new ProtocolError('The body is empty; it must be a JSON object.');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ProtocolError(`The body is not valid JSON (${(err as Error).message}).`);
  }
}

/** Reads the whole body's bytes (at most `maxBytes`); a ProtocolError 413 past the limit. */
function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined, value?: Buffer) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) reject(err);
      else resolve(value!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading: the caller answers 413 and closes the connection.
        req.pause();
        finish(new ProtocolError(`The body is more than the limit of ${maxBytes} bytes.`, 413));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    const onError = (err: Error) => finish(err);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
