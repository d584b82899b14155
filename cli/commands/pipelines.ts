// `pipelines`: the saved pipelines (`pipeline.list`), each with its latest version, description, last change and
// schedule (`pipeline.schedule.get`, for the pipelines that declare one).
import { TRPCClientError } from '@trpc/client';
import type { HeadraceClient } from '../../server/api/client';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { dim, table } from '../output';
import type { Remote } from '../remote';

type Schedule = Awaited<ReturnType<HeadraceClient['pipeline']['schedule']['get']['query']>>;

export async function pipelinesCommand(opts: Remote): Promise<number> {
  const client = connect(opts);
  const list = await client.pipeline.list.query();
  const rows = await Promise.all(list.map(async (p) => ({ ...p, schedule: await scheduleOf(client, p.name) })));
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

/** The pipeline's schedule, or null when it declares no schedule trigger and has no Temporal Schedule. */
async function scheduleOf(client: HeadraceClient, name: string): Promise<Schedule | null> {
  return client.pipeline.schedule.get.query({ name }).then((s) => (s.declared || s.state ? s : null), (err: unknown) => {
    if (err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === 'NOT_FOUND') return null;
    throw err;
  });
}

function scheduleLabel(s: Schedule | null): string {
  if (!s?.declared) return '-';
  const crons = s.declared.crons.join(', ');
  const paused = s.state ? s.state.paused : s.declared.paused;
  return `${crons}${s.declared.timezone ? ` ${s.declared.timezone}` : ''}${paused ? ' (paused)' : ''}`;
}
