// `apply PATH…`: the GitOps step — save every pipeline and monitor found, all or nothing. Everything is checked
// (here, then by the server's own checker) before the first save, so one invalid file means nothing is saved at all.
import { TRPCClientError } from '@trpc/client';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../dsl/diagnostics';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, green, red, yellow } from '../output';
import { loadGitops, monitorReport, type LocalMonitor } from '../monitor-files';
import { markDuplicateNames, type LocalPipeline } from '../pipeline-files';
import type { Remote } from '../remote';
import { fileReport, printDiagnostics } from './validate';

export async function applyCommand(paths: string[], opts: Remote): Promise<number> {
  const { pipelines, monitors } = await loadGitops(paths);
  markDuplicateNames(pipelines);
  const all: Array<LocalPipeline | LocalMonitor> = [...pipelines, ...monitors];
  const refuse = () => {
    const failed = all.filter((p) => hasErrors(p.diagnostics));
    if (opts.json) console.log(JSON.stringify({ ok: false, saved: [], monitors: [], files: [...pipelines.map(fileReport), ...monitors.map(monitorReport)] }, null, 2));
    else {
      const errors = printDiagnostics(all);
      console.error(red(`${errors} error(s) in ${failed.length} of ${all.length} file(s); nothing was saved`));
    }
    return EXIT.failed;
  };
  if (all.some((p) => hasErrors(p.diagnostics))) return refuse();

  const client = connect(opts);
  // The server may run a newer or older catalog than this CLI: its verdict is the one that counts.
  const remote = await Promise.all(pipelines.map((p) => client.pipeline.validate.query({ source: p.source, baseDir: p.baseDir })));
  remote.forEach((diagnostics, i) => {
    const seen = new Set(pipelines[i].diagnostics.map((d) => formatDiagnostic('', d)));
    pipelines[i].diagnostics.push(...diagnostics.filter((d) => !seen.has(formatDiagnostic('', d))));
  });
  // Monitors: the server checks each without saving it (a dry run), so a refusal there still saves nothing.
  const remoteMonitors = await Promise.all(monitors.map((m) =>
    client.monitor.save.mutate({ source: m.source, origin: m.file, dryRun: true }).then(() => [] as Diagnostic[], diagnosticsOf)));
  remoteMonitors.forEach((diagnostics, i) => {
    const seen = new Set(monitors[i].diagnostics.map((d) => formatDiagnostic('', d)));
    monitors[i].diagnostics.push(...diagnostics.filter((d) => !seen.has(formatDiagnostic('', d))));
  });
  if (all.some((p) => hasErrors(p.diagnostics))) return refuse();

  const saved = [];
  for (const p of pipelines) {
    const r = await client.pipeline.save.mutate({ source: p.source, baseDir: p.baseDir, origin: p.file });
    saved.push({ file: p.file, ...r });
    if (!opts.json) {
      const paint = r.status === 'created' ? green : r.status === 'updated' ? yellow : dim;
      console.log(`${paint(r.status.padEnd(9))} ${bold(r.name)} v${r.version} ${dim(`(${p.file})`)}`);
      if (r.monitor) {
        const mpaint = r.monitor.status === 'created' ? green : r.monitor.status === 'updated' ? yellow : dim;
        console.log(`${mpaint(r.monitor.status.padEnd(9))} ${bold(`monitor ${r.monitor.endpoint}`)} v${r.monitor.version} ${dim(`(${p.file}, monitor:)`)}`);
      }
    }
  }
  const applied = [];
  for (const m of monitors) {
    const r = await client.monitor.save.mutate({ source: m.source, origin: m.file });
    applied.push({ file: m.file, endpoint: r.endpoint, status: r.status, version: r.version, workflowId: r.workflowId });
    if (!opts.json) {
      const paint = r.status === 'created' ? green : r.status === 'updated' ? yellow : dim;
      console.log(`${paint(r.status.padEnd(9))} ${bold(`monitor ${r.endpoint}`)} v${r.version} ${dim(`(${m.file})`)}`);
    }
  }
  if (opts.json) console.log(JSON.stringify({ ok: true, saved, monitors: applied }, null, 2));
  return EXIT.ok;
}

/** The server's diagnostics of a monitor it refused as invalid; any other refusal (role, connection) is thrown on. */
function diagnosticsOf(err: unknown): Diagnostic[] {
  const diagnostics = err instanceof TRPCClientError ? (err.data as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics : undefined;
  if (Array.isArray(diagnostics) && diagnostics.length > 0) return diagnostics;
  throw err;
}
