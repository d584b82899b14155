// Monitor files on disk beside pipeline files: which paths name which, and what each monitor file checks to —
// read and checked once, offline. `apply` and `validate` take both kinds from the same folders.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../dsl/diagnostics';
import type { MonitorSpec } from '../dsl/monitor';
import { isMonitorFileName, parseMonitor } from '../dsl/monitor-file';
import { nodeAt } from '../dsl/parse/nodes';
import { diagnosticAt, spanOf } from '../dsl/parse/positions';
import { UsageError } from './exit';
import { filesByKind } from './file-walk';
import { isPipelineFileName, loadPipeline, unreadable, type LoadOptions, type LocalPipeline } from './pipeline-files';

export interface LocalMonitor {
  /** As the user would type it: relative to the working directory. */
  file: string;
  source: string;
  /** The endpoint the file names (`monitor:`), when readable. */
  endpoint?: string;
  /** Present only when the file checks without errors. */
  spec?: MonitorSpec;
  diagnostics: Diagnostic[];
}

/**
 * Expands folders (recursively) into the pipeline files and monitor files they hold. A file given by name is a
 * monitor when its name is `monitor.yaml` or ends in `.monitor.yaml`, else a pipeline. Sorted, no duplicates.
 */
export async function gitopsFiles(paths: string[]): Promise<{ pipelines: string[]; monitors: string[] }> {
  const kindOf = (name: string) => (isMonitorFileName(name) ? 'monitors' : isPipelineFileName(name) ? 'pipelines' : undefined);
  return filesByKind(paths, ['pipelines', 'monitors'] as const, kindOf, 'pipelines');
}

export async function loadMonitor(file: string): Promise<LocalMonitor> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message = e.code === 'ENOENT' ? 'no such file' : e.message;
    return { file, source: '', diagnostics: [{ severity: 'error', code: 'unreadable-file', message: `cannot read the file: ${message}`, line: 1, col: 1, endLine: 1, endCol: 1 }] };
  }
  const { spec, endpoint, diagnostics } = parseMonitor(source);
  return { file, source, endpoint, spec, diagnostics };
}

/**
 * Every pipeline and monitor under `paths`, each checked; a path that holds neither is a usage error, so a typo
 * in CI does not pass silently.
 */
export async function loadGitops(paths: string[], options: LoadOptions = {}): Promise<{ pipelines: LocalPipeline[]; monitors: LocalMonitor[] }> {
  const files = await gitopsFiles(paths);
  if (files.pipelines.length === 0 && files.monitors.length === 0) {
    throw new UsageError(`no pipeline files (pipeline.yaml, *.pipeline.yaml) or monitor files (*.monitor.yaml) under ${paths.join(' ')}`);
  }
  const [pipelines, monitors] = await Promise.all([
    Promise.all(files.pipelines.map((f) => loadPipeline(f, undefined, options).catch((err: unknown) => unreadable(f, err)))),
    Promise.all(files.monitors.map(loadMonitor)),
  ]);
  markDuplicateMonitors(monitors);
  return { pipelines, monitors };
}

/**
 * Two files that watch the same endpoint would overwrite each other's spec: the later file gets an error at its
 * `monitor:` value. Mutates the diagnostics (and drops the spec) of each duplicate.
 */
export function markDuplicateMonitors(monitors: LocalMonitor[]): void {
  const firstFile = new Map<string, string>();
  for (const m of monitors) {
    if (!m.endpoint) continue;
    const first = firstFile.get(m.endpoint);
    if (!first) {
      firstFile.set(m.endpoint, m.file);
      continue;
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(m.source, { lineCounter });
    const { node } = nodeAt(doc.contents, ['monitor'], false, doc);
    m.diagnostics = [...m.diagnostics, {
      ...diagnosticAt(lineCounter, spanOf(node), `endpoint "${m.endpoint}" is also watched by ${first}`, 'duplicate-monitor'),
    }];
    m.spec = undefined;
  }
}

/** The `--json` shape of one monitor file's check (validate, and apply when it refuses). */
export function monitorReport(m: LocalMonitor) {
  return {
    file: m.file,
    monitor: m.endpoint ?? null,
    ok: !m.diagnostics.some((d) => d.severity === 'error'),
    diagnostics: m.diagnostics.map(({ severity, code, message, line, col, endLine, endCol }) => ({ severity, code, message, line, col, endLine, endCol })),
  };
}
