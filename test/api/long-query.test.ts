// A query with a long input (pipeline.validate of a 400-step pipeline, as `headrace apply` sends it) goes through
// the client as a POST body, since a URL carrying it would pass the 16 KiB a server takes for a request's headers
// (431); a short query still goes as GET. Against the real HTTP server on PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generatePipeline } from '../../bench/lib/pipeline';
import { compile } from '../../dsl';
import { createHeadraceClient } from '../../server/api/client';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import { startHttpServer } from '../../server/http';
import type { Services } from '../../server/services/context';

let home: string;
let database: Database;
let server: Awaited<ReturnType<typeof startHttpServer>>;
const methods: string[] = [];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'headrace-long-query-'));
  database = await openDatabase('memory://', { migrate: true });
  // Validation never reaches Temporal.
  const svc: Services = { db: database.db, temporal: undefined as never, config: loadConfig({ HEADRACE_HOME: home, HEADRACE_DATA_ROOTS: tmpdir() }) };
  server = await startHttpServer({ svc, host: '127.0.0.1', port: 0 });
  server.server.prependListener('request', (req) => { if ((req.url ?? '').includes('pipeline.validate')) methods.push(req.method ?? ''); });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.close();
  rmSync(home, { recursive: true, force: true });
});

it('validates a pipeline whose source would not fit in a URL, by POST; a short one by GET', async () => {
  const client = createHeadraceClient({ url: server.url });
  const { source } = generatePipeline({ name: 'long-source', steps: 400, seed: 5 });
  expect(encodeURIComponent(source).length).toBeGreaterThan(16 * 1024);
  const long = await client.pipeline.validate.query({ source, baseDir: tmpdir() });
  // The server's answer is the checker's own, as if run here.
  const local = compile(source, { baseDir: tmpdir(), dataRoots: [tmpdir()] }).diagnostics;
  expect(long.map((d) => d.message)).toEqual(local.map((d) => d.message));
  const short = await client.pipeline.validate.query({ source: 'headrace: 1\nname: tiny\nsteps: {}\n', baseDir: tmpdir() });
  expect(Array.isArray(short)).toBe(true);
  expect(methods).toEqual(['POST', 'GET']);
});
