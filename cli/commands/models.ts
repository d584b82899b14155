// The model registry through the API: `models [NAME]` lists versions.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { table } from '../output';
import type { Remote } from '../remote';
import { round } from './runs';

export async function modelsCommand(name: string | undefined, opts: Remote): Promise<number> {
  const versions = await connect(opts).model.list.query({ name });
  if (opts.json) {
    console.log(JSON.stringify(versions, null, 2));
    return EXIT.ok;
  }
  if (versions.length === 0) {
    console.log(name ? `no versions of model "${name}"` : 'no model versions registered yet');
    return EXIT.ok;
  }
  const rows = [['NAME', 'VERSION', 'STAGE', 'METRICS', 'CREATED']];
  for (const v of versions) {
    const m = v.metrics as Record<string, number>;
    const metrics = ['accuracy', 'macroF1', 'logLoss'].filter((k) => k in m).map((k) => `${k}=${round(m[k])}`).join(' ');
    rows.push([v.name, String(v.version), v.stage, metrics, new Date(v.createdAt).toISOString().replace('T', ' ').slice(0, 19)]);
  }
  console.log(table(rows));
  return EXIT.ok;
}
