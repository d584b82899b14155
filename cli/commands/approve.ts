// `approve RUN STEP --reason TEXT` / `reject …`: decide a run's waiting `approve` step through the API.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, green, red } from '../output';
import type { Remote } from '../remote';

export async function decideCommand(id: string, step: string, approved: boolean, opts: Remote & { reason: string }): Promise<number> {
  const run = connect(opts).run;
  const input = { id, step, reason: opts.reason };
  const d = await (approved ? run.approve.mutate(input) : run.reject.mutate(input));
  if (opts.json) console.log(JSON.stringify(d, null, 2));
  else console.log(`${bold(`run ${d.id}`)} step ${d.step}: ${d.approved ? green('approved') : red('rejected')} by ${d.actor}: ${d.reason}`);
  return EXIT.ok;
}
