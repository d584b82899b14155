// `apply PATH…`: the GitOps step — save every pipeline found, all or nothing. Everything is checked (here, then by
// the server's own checker) before the first save, so one invalid file means no pipeline is saved at all.
import { formatDiagnostic, hasErrors } from '../../dsl/diagnostics';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, green, red, yellow } from '../output';
import { loadPipelines, markDuplicateNames } from '../pipeline-files';
import type { Remote } from '../remote';
import { fileReport, printDiagnostics } from './validate';

export async function applyCommand(paths: string[], opts: Remote): Promise<number> {
  const pipelines = await loadPipelines(paths);
  markDuplicateNames(pipelines);
  const refuse = () => {
    const failed = pipelines.filter((p) => hasErrors(p.diagnostics));
    if (opts.json) console.log(JSON.stringify({ ok: false, saved: [], files: pipelines.map(fileReport) }, null, 2));
    else {
      const errors = printDiagnostics(pipelines);
      console.error(red(`${errors} error(s) in ${failed.length} of ${pipelines.length} file(s); nothing was saved`));
    }
    return EXIT.failed;
  };
  if (pipelines.some((p) => hasErrors(p.diagnostics))) return refuse();

  const client = connect(opts);
  // The server may run a newer or older catalog than this CLI: its verdict is the one that counts.
  const remote = await Promise.all(pipelines.map((p) => client.pipeline.validate.query({ source: p.source, baseDir: p.baseDir })));
  remote.forEach((diagnostics, i) => {
    const seen = new Set(pipelines[i].diagnostics.map((d) => formatDiagnostic('', d)));
    pipelines[i].diagnostics.push(...diagnostics.filter((d) => !seen.has(formatDiagnostic('', d))));
  });
  if (pipelines.some((p) => hasErrors(p.diagnostics))) return refuse();

  const saved = [];
  for (const p of pipelines) {
    const r = await client.pipeline.save.mutate({ source: p.source, baseDir: p.baseDir, origin: p.file });
    saved.push({ file: p.file, ...r });
    if (!opts.json) {
      const paint = r.status === 'created' ? green : r.status === 'updated' ? yellow : dim;
      console.log(`${paint(r.status.padEnd(9))} ${bold(r.name)} v${r.version} ${dim(`(${p.file})`)}`);
    }
  }
  if (opts.json) console.log(JSON.stringify({ ok: true, saved }, null, 2));
  return EXIT.ok;
}
