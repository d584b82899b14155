// Pipeline files on disk: which paths name them, and what each compiles to — read and checked once, offline.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { compile } from '../dsl/compile';
import { hasErrors, type Diagnostic } from '../dsl/diagnostics';
import { parsePipeline } from '../dsl/parse/parse';
import type { Plan } from '../dsl/plan';
import { UsageError } from './exit';
import { filesByKind } from './file-walk';

/** A folder holds pipelines in files named `pipeline.yaml` or `*.pipeline.yaml`. */
export const isPipelineFileName = (name: string) => name === 'pipeline.yaml' || name.endsWith('.pipeline.yaml');

/** Expands folders (recursively) into the pipeline files they hold; files are taken as given. Sorted, no duplicates. */
export async function pipelineFiles(paths: string[]): Promise<string[]> {
  return (await filesByKind(paths, ['pipeline'], (name) => (isPipelineFileName(name) ? 'pipeline' : undefined), 'pipeline')).pipeline;
}

export interface LocalPipeline {
  /** As the user would type it: relative to the working directory. */
  file: string;
  source: string;
  /** Absolute folder of the file: relative paths inside the pipeline resolve against it. */
  baseDir: string;
  /** The pipeline's `name:` when it has a readable one, even if the file has other errors. */
  name?: string;
  /** Present only when the file compiles without errors. */
  plan?: Plan;
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** Folders file paths in config must stay under (`headrace validate` passes the configured data roots). */
  dataRoots?: readonly string[];
}

export async function loadPipeline(file: string, params?: Record<string, unknown>, options: LoadOptions = {}): Promise<LocalPipeline> {
  const source = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const baseDir = dirname(resolve(file));
  const { plan, diagnostics } = compile(source, { baseDir, params, dataRoots: options.dataRoots });
  const name = plan?.pipeline ?? parsePipeline(source).ast.name?.value;
  return { file, source, baseDir, name, plan: hasErrors(diagnostics) ? undefined : plan, diagnostics };
}

/** Every pipeline under `paths`; a path that holds none is a usage error, so a typo in CI does not pass silently. */
export async function loadPipelines(paths: string[], options: LoadOptions = {}): Promise<LocalPipeline[]> {
  const files = await pipelineFiles(paths);
  if (files.length === 0) throw new UsageError(`no pipeline files (pipeline.yaml, *.pipeline.yaml) under ${paths.join(' ')}`);
  return Promise.all(files.map((f) => loadPipeline(f, undefined, options).catch((err: unknown) => unreadable(f, err))));
}

/** A file that cannot be read is an error of its own (at 1:1), so the other files are still checked. */
export function unreadable(file: string, err: unknown): LocalPipeline {
  const message = err instanceof UsageError ? err.message.slice(file.length + 2) : String(err);
  return {
    file, source: '', baseDir: dirname(resolve(file)),
    diagnostics: [{ severity: 'error', code: 'unreadable-file', message: `cannot read the file: ${message}`, line: 1, col: 1, endLine: 1, endCol: 1 }],
  };
}

/**
 * Two files that declare the same pipeline name would overwrite each other's versions: the later file gets an
 * error at its `name:` value. Mutates the diagnostics (and drops the plan) of each duplicate.
 */
export function markDuplicateNames(pipelines: LocalPipeline[]): void {
  const firstFile = new Map<string, string>();
  for (const p of pipelines) {
    if (!p.name) continue;
    const first = firstFile.get(p.name);
    if (!first) {
      firstFile.set(p.name, p.file);
      continue;
    }
    const at = positionOf(p.source, parsePipeline(p.source).ast.name?.node.range?.[0] ?? 0);
    p.diagnostics = [...p.diagnostics, {
      severity: 'error', code: 'duplicate-pipeline', message: `pipeline "${p.name}" is also declared in ${first}`,
      line: at.line, col: at.col, endLine: at.line, endCol: at.col + p.name.length,
    }];
    p.plan = undefined;
  }
}

function positionOf(source: string, offset: number): { line: number; col: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}
