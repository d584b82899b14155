// `pipelines rename OLD NEW` and `pipelines duplicate NAME NEW` (`pipeline.rename`, `pipeline.duplicate`): the
// result on stdout; the reminder that a pipeline file still holds the old name on stderr.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { dim } from '../output';
import type { Remote } from '../remote';

export async function renameCommand(name: string, newName: string, opts: Remote): Promise<number> {
  const r = await connect(opts).pipeline.rename.mutate({ name, newName });
  if (opts.json) console.log(JSON.stringify(r, null, 2));
  else console.log(`renamed ${name} to ${r.name} (v${r.version}; its versions, runs and schedule moved with it)`);
  if (r.origin) console.error(dim(`${r.origin} still says \`name: ${name}\`: change it too, or the next apply of it saves "${name}" again`));
  return EXIT.ok;
}

export async function duplicateCommand(name: string, newName: string, opts: Remote): Promise<number> {
  const r = await connect(opts).pipeline.duplicate.mutate({ name, newName });
  if (opts.json) console.log(JSON.stringify(r, null, 2));
  else console.log(`duplicated ${name} as ${r.name} (v${r.version}, no runs; a schedule, if any, starts paused)`);
  return EXIT.ok;
}
