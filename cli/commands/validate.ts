// `validate` and `compile`: the language alone, offline — no server, no database, no credentials.
import { formatDiagnostic, hasErrors } from '../../dsl/diagnostics';
import { loadConfig } from '../../server/config';
import { EXIT } from '../exit';
import { green, red } from '../output';
import { loadPipeline, loadPipelines, markDuplicateNames, type LocalPipeline } from '../pipeline-files';

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
export function printDiagnostics(pipelines: LocalPipeline[]): number {
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
  const pipelines = await loadPipelines(paths, { dataRoots: loadConfig().dataRoots });
  markDuplicateNames(pipelines);
  const failed = pipelines.filter((p) => hasErrors(p.diagnostics));
  if (opts.json) {
    console.log(JSON.stringify({ ok: failed.length === 0, files: pipelines.map(fileReport) }, null, 2));
    return failed.length ? EXIT.failed : EXIT.ok;
  }
  const errors = printDiagnostics(pipelines);
  for (const p of pipelines) {
    if (p.plan) console.log(`${green('ok')} ${p.file}: pipeline "${p.plan.pipeline}", ${p.plan.steps.length} steps`);
  }
  if (failed.length) console.error(red(`${errors} error(s) in ${failed.length} of ${pipelines.length} file(s)`));
  return failed.length ? EXIT.failed : EXIT.ok;
}

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
