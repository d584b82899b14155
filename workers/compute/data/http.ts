// ingest.http's download: the response body streamed to a file and hashed on the way, what was read recorded (URL
// without its query, bytes, sha256, ETag, Last-Modified, Content-Type), and the format decided from the setting,
// the URL's extension or the Content-Type, in that order.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { EgressRefused, guardedFetch, type EgressPolicy } from '../net/egress';
import { IngestError } from './ingest';

export type HttpFormat = 'csv' | 'json' | 'jsonl' | 'parquet';

export interface HttpSource {
  /** The URL without its query string or credentials (a token there is not recorded). */
  url: string;
  bytes: number;
  sha256: string;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
}

/** A failure worth another attempt: the server could not be reached, timed out, or answered 5xx / 429. */
export class HttpTransientError extends Error {
  override name = 'HttpTransientError';
}

export function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

export async function download(
  url: string, headers: Record<string, string>, file: string, timeoutMs: number, egress: EgressPolicy,
): Promise<HttpSource> {
  const shown = shownUrl(url);
  let res: Response;
  try {
    res = await guardedFetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) }, egress);
  } catch (e) {
    // A restricted address is the pipeline's mistake (or an attack), not the network's: not retried.
    if (e instanceof EgressRefused) throw new IngestError(`GET ${shown}: ${e.message}`);
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new HttpTransientError(`GET ${shown} failed: ${cause === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : cause}`, { cause: e });
  }
  if (!res.ok) {
    const message = `GET ${shown} answered ${res.status} ${res.statusText}`.trim();
    await res.body?.cancel();
    if (res.status >= 500 || res.status === 429) throw new HttpTransientError(message);
    throw new IngestError(`${message}${res.status === 401 || res.status === 403 ? ' (check the headers: a token goes in one, as { secret: NAME })' : ''}`);
  }
  if (!res.body) throw new IngestError(`GET ${shown} answered ${res.status} with no body`);
  const hash = createHash('sha256');
  let bytes = 0;
  const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  try {
    await pipeline(body, createWriteStream(file));
  } catch (e) {
    throw new HttpTransientError(`GET ${shown}: the download broke off after ${bytes} bytes (${(e as Error).message})`, { cause: e });
  }
  return {
    url: shown, bytes, sha256: hash.digest('hex'),
    etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), contentType: res.headers.get('content-type'),
  };
}

/** The format: as set, else from the URL's extension, else from the Content-Type; undefined when none says. */
export function formatOf(url: string, contentType: string | null, set?: HttpFormat): HttpFormat | undefined {
  if (set) return set;
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  const byExt: Record<string, HttpFormat> = { csv: 'csv', tsv: 'csv', txt: 'csv', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', parquet: 'parquet', pq: 'parquet' };
  if (ext && byExt[ext]) return byExt[ext];
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === 'application/json') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines') return 'jsonl';
  if (type === 'application/vnd.apache.parquet' || type === 'application/x-parquet') return 'parquet';
  return undefined;
}
