// `diff PATH…`: each local pipeline file against the latest version saved on the server, as a unified diff.
// Like diff(1): exit 0 when they are all equal, 1 when any differs (or was never saved).
import { TRPCClientError } from '@trpc/client';
import { createTwoFilesPatch } from 'diff';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { dim, green, red } from '../output';
import { loadPipelines } from '../pipeline-files';
import type { Remote } from '../remote';

interface DiffResult {
  file: string;
  name: string | null;
  savedVersion: number | null;
  equal: boolean;
  unified: string;
  /** Why the file could not be compared (unreadable, no `name:`). */
  error?: string;
}

export async function diffCommand(paths: string[], opts: Remote): Promise<number> {
  const pipelines = await loadPipelines(paths);
  const client = connect(opts);
  const results: DiffResult[] = [];
  for (const p of pipelines) {
    // A file that cannot be compared is reported and the others are still compared; the exit is 1 at the end.
    const unreadable = p.diagnostics.find((d) => d.code === 'unreadable-file');
    if (unreadable || !p.name) {
      const error = unreadable?.message ?? 'no readable `name:`, so there is no saved pipeline to compare with';
      results.push({ file: p.file, name: p.name ?? null, savedVersion: null, equal: false, unified: '', error });
      continue;
    }
    let refused: string | undefined;
    const saved = await client.pipeline.get.query({ name: p.name }).catch((err: unknown) => {
      const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
      if (code === 'NOT_FOUND') return null;
      // e.g. a name the server's naming rule refuses: this file's problem, not the command's
      if (code === 'BAD_REQUEST') refused = (err as Error).message;
      else throw err;
      return null;
    });
    if (refused) {
      results.push({ file: p.file, name: p.name, savedVersion: null, equal: false, unified: '', error: refused });
      continue;
    }
    const equal = saved !== null && saved.version.source === p.source;
    const unified = equal ? '' : createTwoFilesPatch(
      saved ? `${p.name}@v${saved.version.version}` : '/dev/null',
      p.file,
      saved?.version.source ?? '',
      p.source,
      saved ? new Date(saved.version.createdAt).toISOString() : undefined,
      undefined,
      { context: 3 },
    );
    results.push({ file: p.file, name: p.name, savedVersion: saved?.version.version ?? null, equal, unified });
  }
  const equal = results.every((r) => r.equal);
  if (opts.json) console.log(JSON.stringify({ equal, files: results }, null, 2));
  else {
    for (const r of results) {
      if (r.error) console.error(`${r.file}: error: ${r.error}`);
      else if (r.equal) console.error(dim(`${r.file}: same as ${r.name} v${r.savedVersion}`));
      else process.stdout.write(colourDiff(r.unified));
    }
  }
  return equal ? EXIT.ok : EXIT.failed;
}

const colourDiff = (unified: string) =>
  unified.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? green(l) : l.startsWith('-') && !l.startsWith('---') ? red(l) : l)).join('\n');
