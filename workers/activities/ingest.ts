// ingest.csv / ingest.json: read a file (confined to the data roots) into a stored Arrow table.
import { assertInsideRoots, ConfinementError, IngestError, ingestCsv, ingestJson, type IngestResult } from '../compute/data/ingest';
import { ingestColumnar } from '../compute/data/columnar';
import { writeTable } from '../compute/data/table';
import { recordDataset } from '../../server/db/repo/datasets';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { resolveHeaders } from '../../dsl/http-headers';
import { download, formatOf, HttpTransientError, shownUrl, type HttpSource } from '../compute/data/http';
import type { StepResult } from '../workflows/types';
import { shownPath } from './cache-key';
import { transientError, userError } from './errors';
import type { KindContext } from './kinds';
import type { StepContext } from './step';

/** Roots a run recorded by an earlier release carried in its context, else the worker's configured roots. */
function rootsOf(ctx: StepContext<unknown>): string[] {
  return ctx.input.dataRoots ?? ctx.deps.dataRoots;
}

async function finish(ctx: StepContext<unknown>, read: () => Promise<IngestResult>): Promise<StepResult> {
  let result: IngestResult;
  try {
    result = await read();
  } catch (err) {
    if (err instanceof ConfinementError) throw userError('Forbidden', err.message);
    if (err instanceof IngestError || (err as NodeJS.ErrnoException).code === 'ENOENT') throw userError('BadData', (err as Error).message);
    throw err;
  }
  // The step's cache key holds the content hash taken just before this read: a file rewritten meanwhile would
  // pair this table with another file's hash, so the attempt is retried to read (and hash) it again.
  const source = ctx.sources[0];
  if (source) {
    const now = await stat(assertInsideRoots(source.path, rootsOf(ctx)));
    if (now.size !== source.bytes || now.mtime.toISOString() !== source.mtime) {
      throw transientError(`${shownPath(source.path)} changed while it was read; reading it again`);
    }
  }
  const ref = await writeTable(ctx.deps.store, result.table);
  await recordDataset(ctx.deps.db, { hash: ref.hash, uri: ref.uri, schema: ref.columns, rows: ref.rows, runId: ctx.input.runId, stepId: ctx.input.step.id });
  const s = result.summary;
  ctx.log.info(`read ${s.rows} rows × ${s.columns.length} columns (${s.bytes} bytes) → table ${ref.hash.slice(0, 12)}`);
  const typeErrors = s.columns.filter((c) => c.typeErrors.count > 0);
  if (typeErrors.length > 0) ctx.log.warn(`values of the wrong type: ${typeErrors.map((c) => `${c.name} ${c.typeErrors.count}`).join(', ')}`);
  if (s.malformedRows.count > 0) ctx.log.warn(`${s.malformedRows.count} malformed rows`);
  return {
    outputs: { table: ref },
    summary: {
      rows: s.rows,
      columns: s.columns.length,
      bytes: s.bytes,
      typeErrors: Object.fromEntries(s.columns.filter((c) => c.typeErrors.count > 0).map((c) => [c.name, c.typeErrors.count])),
      nulls: Object.fromEntries(s.columns.filter((c) => c.nulls > 0).map((c) => [c.name, c.nulls])),
      malformedRows: s.malformedRows.count,
      // What was read (path, bytes, sha256, mtime): the cache and `retry` compare it with the file as it is now.
      ...(source ? { source } : {}),
    },
  };
}

export async function ingestCsvStep(ctx: KindContext<'ingest.csv'>): Promise<StepResult> {
  const { path, ...config } = ctx.config;
  ctx.log.info(`reading CSV ${path}`);
  return finish(ctx, () => ingestCsv(path, config, { roots: rootsOf(ctx) }));
}

export async function ingestJsonStep(ctx: KindContext<'ingest.json'>): Promise<StepResult> {
  const { path, ...config } = ctx.config;
  ctx.log.info(`reading JSON ${path}`);
  return finish(ctx, () => ingestJson(path, config, { roots: rootsOf(ctx) }));
}

export async function ingestParquetStep(ctx: KindContext<'ingest.parquet'>): Promise<StepResult> {
  const { path, ...config } = ctx.config;
  ctx.log.info(`reading ${path}`);
  return finish(ctx, () => ingestColumnar(path, config, { roots: rootsOf(ctx) }));
}

export async function ingestHttpStep(ctx: KindContext<'ingest.http'>): Promise<StepResult> {
  const { url, format, headers, secretHeaders, timeoutSeconds, columns, ...csv } = ctx.config;
  let resolved: Record<string, string>;
  try {
    resolved = resolveHeaders(headers, secretHeaders);
  } catch (e) {
    throw userError('BadConfig', (e as Error).message);
  }
  const dir = await mkdtemp(join(tmpdir(), 'headrace-http-'));
  try {
    const shown = shownUrl(url);
    ctx.log.info(`downloading ${shown}`);
    const name = basename(new URL(url).pathname) || 'download';
    const part = join(dir, 'body');
    let source: HttpSource;
    try {
      source = await download(url, resolved, part, timeoutSeconds * 1000);
    } catch (e) {
      if (e instanceof HttpTransientError) throw transientError(e.message, e);
      throw e;
    }
    const kind = formatOf(url, source.contentType, format);
    if (!kind) throw userError('BadConfig', `${shown} (Content-Type ${source.contentType ?? 'none'}): say how to read it with format: csv, json, jsonl or parquet`);
    // The parsers know JSON lines by the file's extension; the summary names the file as the URL does.
    const file = join(dir, /\.[a-z0-9]+$/i.test(name) ? name : `${name}.${kind}`);
    const path = kind === 'jsonl' && !/\.(jsonl|ndjson)$/i.test(file) ? `${file}.jsonl` : file;
    await rename(part, path);
    ctx.log.info(`${source.bytes} bytes, sha256 ${source.sha256.slice(0, 12)}${source.etag ? `, ETag ${source.etag}` : ''}; reading it as ${kind}`);
    const result = await finish(ctx, () =>
      kind === 'csv' ? ingestCsv(path, { ...csv, columns })
        : kind === 'parquet' ? ingestColumnar(path, { columns })
          : ingestJson(path, { nullValues: csv.nullValues, columns, maxMalformedRows: csv.maxMalformedRows }));
    return { ...result, summary: { ...result.summary, source } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
