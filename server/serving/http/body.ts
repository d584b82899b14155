// Request bodies of the predict server: JSON only, bounded. A body announced bigger than the limit is refused from
// its Content-Length before a byte of it is read; a chunked body is refused as soon as it passes the limit. Either
// way the connection is closed after the 413, so the rest of the body is never read.
import type { IncomingMessage } from 'node:http';
import { ProtocolError } from '../protocols';

/** Default body limit: 8 MiB (a 64-row batch of 32 features is about 30 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Whether the request's Content-Type is JSON. A request without one is read as JSON (V2 clients send none). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return true;
  const type = header.split(';', 1)[0].trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Refuses what the headers already tell: a wrong content type (415) or an announced size over the limit (413). */
export function checkBodyHeaders(req: IncomingMessage, maxBytes: number): void {
  const type = req.headers['content-type'];
  if (!isJsonContentType(type)) {
    throw new ProtocolError(`The body must be JSON (Content-Type: application/json), not ${type}.`, 415);
  }
  // Triton's binary tensor extension: a JSON header of this many bytes, then raw tensor bytes (tritonclient's
  // default for inputs set with binary_data=True). Only JSON tensors are spoken here: say so rather than fail to parse.
  if (req.headers['inference-header-content-length'] !== undefined) {
    throw new ProtocolError('The body uses the binary tensor extension (Inference-Header-Content-Length); this server takes JSON tensors only: send each input\'s values in "data" (tritonclient: set_data_from_numpy(..., binary_data=False)).', 415);
  }
  const length = req.headers['content-length'];
  if (length !== undefined && Number(length) > maxBytes) {
    throw new ProtocolError(`The body is ${length} bytes, more than the limit of ${maxBytes} bytes.`, 413);
  }
}

/** Reads the whole body (at most `maxBytes`) and parses it as JSON; a ProtocolError 400 or 413 otherwise. */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined, value?: unknown) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) reject(err);
      else resolve(value);
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
    const onEnd = () => {
      const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      if (text.trim() === '') return finish(new ProtocolError('The body is empty; it must be a JSON object.'));
      try {
        finish(undefined, JSON.parse(text));
      } catch (err) {
        finish(new ProtocolError(`The body is not valid JSON (${(err as Error).message}).`));
      }
    };
    const onError = (err: Error) => finish(err);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
