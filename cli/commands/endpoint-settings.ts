// `headrace endpoints set NAME [--require-token|--no-require-token] [--log-sample-rate R] [--description TEXT]`:
// an endpoint's settings through the API (editor or admin); predict servers follow within a second.
import { connect } from '../connect';
import { EXIT, UsageError } from '../exit';
import { bold } from '../output';
import type { Remote } from '../remote';

export interface EndpointSetOptions extends Remote {
  requireToken?: boolean;
  logSampleRate?: number;
  description?: string;
  reason?: string;
}

export async function endpointSetCommand(name: string, opts: EndpointSetOptions): Promise<number> {
  if (opts.requireToken === undefined && opts.logSampleRate === undefined && opts.description === undefined) {
    throw new UsageError('nothing to change: give --require-token, --no-require-token, --log-sample-rate or --description');
  }
  const e = await connect(opts).endpoint.update.mutate({
    endpoint: name, requireToken: opts.requireToken, logSampleRate: opts.logSampleRate, description: opts.description, reason: opts.reason,
  });
  if (opts.json) {
    console.log(JSON.stringify(e, null, 2));
    return EXIT.ok;
  }
  console.log(`${bold(e.name)}: token required: ${e.requireToken ? 'yes' : 'no'}; prediction log sample: ${e.logSampleRate}` +
    `${e.description ? `; ${e.description}` : ''} (revision ${e.revision})`);
  return EXIT.ok;
}
