// `validate` and `compile`: the language alone, offline — no server, no database, no credentials.
import { formatDiagnostic, hasErrors } from '../../dsl/diagnostics';
import { loadConfig } from '../../server/config';
import { EXIT } from '../exit';
import { green, red } from '../output';
import { loadGitops, monitorReport, type LocalMonitor } from '../monitor-files';
import { loadPipeline, markDuplicateNames, type LocalPipeline } from '../pipeline-files';

/** The `--json` shape of one file's check (also used by `apply --json` when it refuses). */
export function fileReport(p: LocalPipeline) {
  return {
    file: p.file,
    pipeline: p.name ?? null,
    ok: !hasErrors(p.diagnostics),
    steps: p.plan?.steps.length ?? null,
    diagnostics: p.diagnostics.map(({ severity, code, message, line, col, endLine, endCol }) => ({ severity, code, message, line, col, endLine, endCol })),
  };
}

/** Prints every diagnostic as FILE:LINE:COL on stderr; returns the number of errors. */
export function printDiagnostics(pipelines: Array<Pick<LocalPipeline, 'file' | 'diagnostics'>>): number {
  let errors = 0;
  for (const p of pipelines) {
    for (const d of p.diagnostics) console.error(formatDiagnostic(p.file, d));
    errors += p.diagnostics.filter((d) => d.severity === 'error').length;
  }
  return errors;
}

export async function validateCommand(paths: string[], opts: { json?: boolean }): Promise<number> {
  // The same roots the platform's workers read under (HEADRACE_DATA_ROOTS, else its data/ folder and the
  // folder it was started from), so a path a run would refuse is refused here, at its line.
  // Monitor files (*.monitor.yaml) beside the pipelines are checked too.
  const { pipelines, monitors } = await loadGitops(paths, { dataRoots: loadConfig().dataRoots });
  markDuplicateNames(pipelines);
  const all: Array<LocalPipeline | LocalMonitor> = [...pipelines, ...monitors];
  const failed = all.filter((p) => hasErrors(p.diagnostics));
  if (opts.json) {
    console.log(JSON.stringify({ ok: failed.length === 0, files: [...pipelines.map(fileReport), ...monitors.map(monitorReport)] }, null, 2));
    return failed.length ? EXIT.failed : EXIT.ok;
  }
  const errors = printDiagnostics(all);
  for (const p of pipelines) {
    if (p.plan) console.log(`${green('ok')} ${p.file}: pipeline "${p.plan.pipeline}", ${p.plan.steps.length} steps`);
  }
  for (const m of monitors) {
    if (m.spec) console.log(`${green('ok')} ${m.file}: monitor of endpoint "${m.spec.monitor}", ${windowText(m.spec.window)}`);
  }
  if (failed.length) console.error(red(`${errors} error(s) in ${failed.length} of ${all.length} file(s)`));
  return failed.length ? EXIT.failed : EXIT.ok;
}

/** `window 1h`, `window every 500 predictions`. */
export const windowText = (w: string | { predictions: number }) => (typeof w === 'string' ? `window ${w}` : `window every ${w.predictions} predictions`);

/** Prints the Plan; with --json, `{ plan, diagnostics }` so a failed compile is machine-readable too. */
export async function compileCommand(file: string, params: Record<string, unknown>, opts: { json?: boolean } = {}): Promise<number> {
  const p = await loadPipeline(file, params);
  if (opts.json) console.log(JSON.stringify({ plan: p.plan ?? null, diagnostics: fileReport(p).diagnostics }, null, 2));
  else {
    printDiagnostics([p]);
    if (p.plan) console.log(JSON.stringify(p.plan, null, 2));
  }
  return p.plan ? EXIT.ok : EXIT.failed;
}
