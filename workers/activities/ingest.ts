// ingest.csv / ingest.json: read a file (confined to the data roots) into a stored Arrow table.
import { ConfinementError, IngestError, ingestCsv, ingestJson, type DeclaredColumns, type IngestProgress, type IngestResult } from '../compute/data/ingest';
import { setStepProgress } from '../../server/db/repo/runs';
import { ingestColumnar } from '../compute/data/columnar';
import { isFilePattern, matchFiles } from '../compute/data/file-pattern';
import { ingestFiles, type ReadOne } from '../compute/data/ingest-files';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { resolveHeaders } from '../../dsl/http-headers';
import { readSecret } from '../../server/secrets/store';
import { egressPolicy } from './egress-policy';
import { download, formatOf, HttpTransientError, shownUrl, type HttpSource } from '../compute/data/http';
import type { StepResult } from '../workflows/types';
import { shownPath, sourceMoved } from './cache-key';
import { keepIngested, type Origin } from './ingest-summary';
import { transientError, userError } from './errors';
import type { KindContext } from './kinds';
import type { StepContext } from './step';

/** Roots a run recorded by an earlier release carried in its context, else the worker's configured roots. */
function rootsOf(ctx: StepContext<unknown>): string[] {
  return ctx.input.dataRoots ?? ctx.deps.dataRoots;
}


/**
 * `origin`: what was read, when it is not the file the config names (a URL); a file named by the config is
 * recorded from its hash taken before the read.
 */
async function finish(ctx: StepContext<unknown>, read: () => Promise<IngestResult>, origin?: Origin): Promise<StepResult> {
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
    const moved = await sourceMoved(source, rootsOf(ctx));
    if (moved) throw transientError(`${moved}; reading it again`);
  }
  return keepIngested(ctx, result, () => ({
    origin: origin ?? (source && {
      sourceKey: `${source.files ? 'glob' : 'file'}:${source.path}`, kind: ctx.input.step.uses, label: source.path,
      bytes: source.bytes, contentHash: source.sha256, modifiedAt: source.mtime,
      ...(source.files ? { details: { files: source.files } } : {}),
    }),
    // What was read (path, bytes, sha256, mtime): the cache and `retry` compare it with the file as it is now.
    source,
  }));
}

/**
 * Reads the file the config names, or every file of a folder or glob as one table (docs/data.md, "Folders and
 * globs"), each with `readOne` and the step's declared columns.
 */
async function readPath(ctx: StepContext<unknown>, path: string, fileColumn: string | undefined, declared: DeclaredColumns | undefined, readOne: ReadOne): Promise<IngestResult> {
  const roots = rootsOf(ctx);
  if (!isFilePattern(path, roots)) {
    if (fileColumn) ctx.log.warn(`fileColumn ${fileColumn} is for a folder or a glob; ${shownPath(path)} is one file`);
    return readOne(path, declared);
  }
  const files = await matchFiles(path, roots);
  ctx.log.info(`${files.length} file${files.length === 1 ? '' : 's'} match: ${files.slice(0, 5).map((f) => f.name).join(', ')}${files.length > 5 ? ', …' : ''}`);
  return ingestFiles(files, readOne, { pattern: path, declared, fileColumn, onProgress: readingProgress(ctx) });
}

/**
 * Publishes how far a read has come as the running step's summary (`reading`), at most once a second, for the run
 * page; each report is also a heartbeat.
 */
function readingProgress(ctx: StepContext<unknown>): (p: IngestProgress) => void {
  let last = 0;
  const key = { runId: ctx.input.runId, stepId: ctx.input.step.id, attempt: ctx.attempt };
  return (p) => {
    ctx.heartbeat();
    if (Date.now() - last < PROGRESS_EVERY_MS) return;
    last = Date.now();
    ctx.recorded().then(() => setStepProgress(ctx.deps.db, key, { reading: p })).catch((e: unknown) => ctx.log.warn(`progress not recorded: ${(e as Error).message}`));
  };
}

const PROGRESS_EVERY_MS = 1000;

export async function ingestCsvStep(ctx: KindContext<'ingest.csv'>): Promise<StepResult> {
  const { path, fileColumn, ...config } = ctx.config;
  ctx.log.info(`reading CSV ${path}`);
  return finish(ctx, () => readPath(ctx, path, fileColumn, config.columns, (p, columns) => ingestCsv(p, { ...config, columns }, { roots: rootsOf(ctx) })));
}

export async function ingestJsonStep(ctx: KindContext<'ingest.json'>): Promise<StepResult> {
  const { path, fileColumn, ...config } = ctx.config;
  ctx.log.info(`reading JSON ${path}`);
  return finish(ctx, () => readPath(ctx, path, fileColumn, config.columns, (p, columns) => ingestJson(p, { ...config, columns }, { roots: rootsOf(ctx) })));
}

export async function ingestParquetStep(ctx: KindContext<'ingest.parquet'>): Promise<StepResult> {
  const { path, fileColumn, ...config } = ctx.config;
  ctx.log.info(`reading ${path}`);
  const onProgress = readingProgress(ctx);
  return finish(ctx, () => readPath(ctx, path, fileColumn, config.columns, (p, columns) => ingestColumnar(p, { ...config, columns }, { roots: rootsOf(ctx), onProgress })));
}

export async function ingestHttpStep(ctx: KindContext<'ingest.http'>): Promise<StepResult> {
  const { url, format, headers, secretHeaders, envHeaders, timeoutSeconds, columns, ...csv } = ctx.config;
  let resolved: Record<string, string>;
  try {
    resolved = await resolveHeaders(headers, { fromSecrets: secretHeaders, fromEnv: envHeaders }, { readSecret: (name) => readSecret(ctx.deps.db, name, ctx.deps.home) });
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
      source = await download(url, resolved, part, timeoutSeconds * 1000, await egressPolicy(ctx.deps.db));
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
    const modified = source.lastModified ? new Date(source.lastModified) : null;
    const origin: Origin = {
      sourceKey: `http:${source.url}`, kind: 'ingest.http', label: source.url, bytes: source.bytes, contentHash: source.sha256,
      modifiedAt: modified && !Number.isNaN(modified.getTime()) ? modified : null, etag: source.etag,
      details: { contentType: source.contentType, lastModified: source.lastModified },
    };
    const result = await finish(ctx, () =>
      kind === 'csv' ? ingestCsv(path, { ...csv, columns })
        : kind === 'parquet' ? ingestColumnar(path, { columns })
          : ingestJson(path, { nullValues: csv.nullValues, columns, maxMalformedRows: csv.maxMalformedRows }), origin);
    return { ...result, summary: { ...result.summary, source } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
