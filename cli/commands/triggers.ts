// `triggers PIPELINE`: what a pipeline's data, drift and performance triggers fired, newest first — the run each
// started, or why none (cooldown, failed) — through the API (pipeline.triggerEvents).
import type { HeadraceClient } from '../../server/api/client';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, green, red, yellow } from '../output';
import type { Remote } from '../remote';

type TriggerEvent = Awaited<ReturnType<HeadraceClient['pipeline']['triggerEvents']['query']>>[number];

export async function triggersCommand(name: string, opts: Remote & { limit?: number }): Promise<number> {
  const events = await connect(opts).pipeline.triggerEvents.query({ name, ...(opts.limit && { limit: opts.limit }) });
  if (opts.json) {
    console.log(JSON.stringify(events, null, 2));
    return EXIT.ok;
  }
  if (events.length === 0) {
    console.log(`${bold(name)}: no trigger has fired ${dim('(data, drift and performance triggers are listed here once they fire)')}`);
    return EXIT.ok;
  }
  for (const e of events) console.log(line(e));
  return EXIT.ok;
}

function line(e: TriggerEvent): string {
  const at = new Date(e.createdAt).toISOString().replace('T', ' ').slice(0, 19);
  const outcome = e.outcome === 'started' ? green(`started run ${e.runId?.slice(0, 8)}`) : e.outcome === 'cooldown' ? yellow('cooldown: no run') : red('failed');
  const error = e.outcome === 'failed' && typeof e.details.error === 'string' ? dim(` (${e.details.error})`) : '';
  return `${at}  ${e.summary}  ${outcome}${error}`;
}
