// The API's request body limit (server/api/body-limit.ts) against the real HTTP server: a body announced or sent
// over 8 MiB is answered 413 with a tRPC error naming the limit, before the rest is read; one within it reaches
// the procedure, where a pipeline over the YAML size limit is a located BAD_REQUEST.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BODY_LIMIT } from '../../server/api/body-limit';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import { startHttpServer } from '../../server/http';
import type { Services } from '../../server/services/context';

let home: string;
let database: Database;
let server: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'headrace-body-limit-'));
  database = await openDatabase('memory://', { migrate: true });
  // Nothing here reaches Temporal: the body is refused, or the pipeline is, before anything is scheduled.
  const svc: Services = { db: database.db, temporal: undefined as never, config: loadConfig({ HEADRACE_HOME: home }) };
  server = await startHttpServer({ svc, host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.close();
  rmSync(home, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

/** POSTs to a tRPC procedure: `body` sent whole (with its length), or in chunks without one, or only announced. */
function post(path: string, opts: { body?: string; chunks?: Buffer[]; announce?: number }): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    if (opts.announce !== undefined) headers['content-length'] = opts.announce;
    const req = request(`${server.url}/api/trpc/${path}`, { method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8'), ms: performance.now() - t0 }));
    });
    // The server may close the connection while a refused body is still being sent: the answer is what counts.
    req.on('error', (err) => (err.message.includes('EPIPE') || err.message.includes('ECONNRESET') ? undefined : reject(err)));
    if (opts.body !== undefined) req.end(opts.body);
    else if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else req.flushHeaders(); // announced, never sent: the answer must not wait for it
  });
}

const errorOf = (a: Answer) => superjson.deserialize<{ message: string; data: { code: string; httpStatus: number } }>((JSON.parse(a.body) as { error: never }).error);

describe('the API body limit', () => {
  it('is 8 MiB', () => {
    expect(API_BODY_LIMIT).toBe(8 * 1024 * 1024);
  });

  it('refuses a body announced over it at once, with 413 and a sentence naming the limit', async () => {
    const a = await post('pipeline.save', { announce: API_BODY_LIMIT + 1 });
    expect(a.status).toBe(413);
    expect(a.headers.connection).toBe('close');
    expect(errorOf(a)).toMatchObject({
      message: 'The request body is 8388609 bytes; an API request may be at most 8388608 bytes (8.0 MiB; a pipeline file at most 2.0 MiB).',
      data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
    });
    expect(a.ms).toBeLessThan(5000);
  });

  it('refuses a chunked body as it passes the limit', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const a = await post('pipeline.save', { chunks: Array.from({ length: 10 }, () => chunk) });
    expect(a.status).toBe(413);
    expect(errorOf(a).message).toBe('The request body is more than 8388608 bytes; an API request may be at most 8388608 bytes (8.0 MiB; a pipeline file at most 2.0 MiB).');
  });

  it('hands a body within the limit to the procedure: a small one as it was, a pipeline over 2 MiB to a located refusal', async () => {
    const small = await post('pipeline.archive', { body: JSON.stringify(superjson.serialize({ name: 'no-such-pipeline' })) });
    expect(errorOf(small).data.code).toBe('NOT_FOUND');
    const source = `headrace: 1\nname: big\nsteps: {}\n# ${'x'.repeat(3 * 1024 * 1024)}\n`;
    const big = await post('pipeline.save', { body: JSON.stringify(superjson.serialize({ source })) });
    expect(big.status).toBe(400);
    const e = superjson.deserialize<{ message: string; data: { diagnostics: { line: number; col: number; message: string }[] } }>(JSON.parse(big.body).error);
    expect(e.data.diagnostics).toEqual([expect.objectContaining({ line: 1, col: 1, message: 'the file is 3.0 MiB; a pipeline or monitor file may be at most 2.0 MiB' })]);
  });
});
