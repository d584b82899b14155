// `diff PATH…`: each local pipeline file against the latest version saved on the server, as a unified diff.
// Like diff(1): exit 0 when they are all equal, 1 when any differs (or was never saved).
import { TRPCClientError } from '@trpc/client';
import { createTwoFilesPatch } from 'diff';
import { connect } from '../connect';
import { EXIT, UsageError } from '../exit';
import { dim, green, red } from '../output';
import { loadPipelines } from '../pipeline-files';
import type { Remote } from '../remote';

export async function diffCommand(paths: string[], opts: Remote): Promise<number> {
  const pipelines = await loadPipelines(paths);
  const client = connect(opts);
  const results = [];
  for (const p of pipelines) {
    if (!p.name) throw new UsageError(`${p.file}: no readable \`name:\`, so there is no saved pipeline to compare with`);
    const saved = await client.pipeline.get.query({ name: p.name }).catch((err: unknown) => {
      if (err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === 'NOT_FOUND') return null;
      throw err;
    });
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
      if (r.equal) console.error(dim(`${r.file}: same as ${r.name} v${r.savedVersion}`));
      else process.stdout.write(colourDiff(r.unified));
    }
  }
  return equal ? EXIT.ok : EXIT.failed;
}

const colourDiff = (unified: string) =>
  unified.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? green(l) : l.startsWith('-') && !l.startsWith('---') ? red(l) : l)).join('\n');
