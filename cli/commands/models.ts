// The model registry through the API: `models [NAME]` lists versions, `promote` moves one to another stage.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, table } from '../output';
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

export const STAGES = ['none', 'staging', 'production', 'archived'] as const;

/** model.transition: the server refuses a skipped gate (CONFLICT) and `production` below role admin (FORBIDDEN). */
export async function promoteCommand(
  name: string,
  version: number,
  stage: (typeof STAGES)[number],
  opts: Remote & { reason: string },
): Promise<number> {
  const v = await connect(opts).model.transition.mutate({ name, version, stage, reason: opts.reason });
  if (opts.json) {
    console.log(JSON.stringify(v, null, 2));
    return EXIT.ok;
  }
  const last = [...v.stageChanges].sort((a, b) => b.id - a.id)[0];
  const how = last && last.toStage === v.stage ? `${last.fromStage} → ${last.toStage}` : `already ${v.stage}`;
  console.log(`${bold(`${v.name} v${v.version}`)}: ${how}`);
  if (last && last.toStage === v.stage) console.log(dim(`by ${last.actor}: ${last.reason}`));
  return EXIT.ok;
}
