// `pipelines`: the saved pipelines (`pipeline.list`, one call), each with its latest version, description, last
// change and schedule.
import type { HeadraceClient } from '../../server/api/client';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { dim, table } from '../output';
import type { Remote } from '../remote';

type Schedule = Awaited<ReturnType<HeadraceClient['pipeline']['list']['query']>>[number]['schedule'];

export async function pipelinesCommand(opts: Remote): Promise<number> {
  const rows = await connect(opts).pipeline.list.query();
  if (opts.json) {
    console.log(JSON.stringify(rows, null, 2));
    return EXIT.ok;
  }
  if (rows.length === 0) {
    console.error(dim('no pipelines saved yet (headrace apply PATH saves them)'));
    return EXIT.ok;
  }
  const out = [['NAME', 'LATEST', 'UPDATED', 'SCHEDULE', 'DESCRIPTION']];
  for (const p of rows) {
    out.push([
      p.name,
      p.latestVersion === null ? '-' : `v${p.latestVersion}`,
      new Date(p.updatedAt).toISOString().replace('T', ' ').slice(0, 16),
      scheduleLabel(p.schedule),
      (p.description ?? '').split('\n')[0].slice(0, 60),
    ]);
  }
  console.log(table(out));
  return EXIT.ok;
}

function scheduleLabel(s: Schedule): string {
  if (!s) return '-';
  return `${s.crons.join(', ')}${s.timezone ? ` ${s.timezone}` : ''}${s.paused ? ' (paused)' : ''}`;
}
