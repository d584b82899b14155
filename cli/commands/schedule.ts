// `schedule show|pause|resume NAME`: a pipeline's Temporal Schedule (from its `schedule:` triggers) through the API.
import type { HeadraceClient } from '../../server/api/client';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, green, yellow } from '../output';
import type { Remote } from '../remote';

type ScheduleView = Awaited<ReturnType<HeadraceClient['pipeline']['schedule']['get']['query']>>;

export async function scheduleShowCommand(name: string, opts: Remote): Promise<number> {
  print(await connect(opts).pipeline.schedule.get.query({ name }), opts);
  return EXIT.ok;
}

export async function schedulePauseCommand(name: string, paused: boolean, opts: Remote & { reason?: string }): Promise<number> {
  const client = connect(opts).pipeline.schedule;
  const input = { name, ...(opts.reason && { reason: opts.reason }) };
  print(await (paused ? client.pause.mutate(input) : client.resume.mutate(input)), opts);
  return EXIT.ok;
}

function print(s: ScheduleView, opts: Remote): void {
  if (opts.json) {
    console.log(JSON.stringify(s, null, 2));
    return;
  }
  const d = s.declared;
  const what = d ? `${d.crons.map((c) => `"${c}"`).join(', ')}${d.timezone ? ` (${d.timezone})` : ' (UTC)'}, overlap ${d.overlap}` : 'no schedule trigger';
  if (!s.state) {
    console.log(`${bold(s.pipeline)}: ${what}; no Temporal Schedule`);
    return;
  }
  const state = s.state.paused ? yellow('paused') : green('active');
  console.log(`${bold(s.pipeline)}: ${what}; ${state}${s.state.version ? ` (runs v${s.state.version})` : ''}`);
  if (s.state.note) console.log(dim(`note: ${s.state.note}`));
  if (s.state.nextFireTimes.length > 0) {
    console.log(s.state.paused ? 'would fire next (while paused, nothing fires):' : 'next fires:');
    for (const t of s.state.nextFireTimes) console.log(`  ${new Date(t).toISOString().replace('T', ' ').slice(0, 19)} UTC`);
  }
  console.log(dim(`${s.state.fires} fired, ${s.state.skippedOverlap} skipped while a run was still going, ${s.state.running} running`));
}
