// Commands that talk to a running Headrace through the tRPC API: run, status, cancel, models.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { connect } from '../connect';
import { followRun } from '../follow';
import { bold, dim, duration, stateLabel, table } from '../output';

interface Remote { url?: string; token?: string; json?: boolean }

export async function runCommand(target: string, opts: Remote & { params: Record<string, unknown>; wait?: boolean }): Promise<number> {
  const client = connect(opts);
  const isFile = existsSync(target);
  const run = await client.run.start.mutate(
    isFile
      ? { source: await readFile(target, 'utf8'), baseDir: dirname(resolve(target)), origin: relative(process.cwd(), resolve(target)), params: opts.params }
      : { pipeline: target, params: opts.params },
  );
  if (!opts.json) console.log(`${bold(`run ${run.id}`)} started: ${run.pipelineName} v${run.pipelineVersion}`);
  if (!opts.wait) {
    if (opts.json) console.log(JSON.stringify(run, null, 2));
    return 0;
  }
  const done = await followRun(client, run.id, opts.json ? () => {} : console.log);
  if (opts.json) console.log(JSON.stringify(done, null, 2));
  return done.status === 'succeeded' ? 0 : 1;
}

export async function statusCommand(id: string, opts: Remote): Promise<number> {
  const run = await connect(opts).run.get.query({ id });
  if (opts.json) {
    console.log(JSON.stringify(run, null, 2));
    return 0;
  }
  console.log(`${bold(`run ${run.id}`)}  ${run.pipelineName} v${run.pipelineVersion}  ${stateLabel(run.status)}`);
  if (run.error) console.log(`error: ${run.error}`);
  if (run.temporalUrl) console.log(dim(`temporal: ${run.temporalUrl}`));
  const rows = [['STEP', 'KIND', 'ATTEMPT', 'STATE', 'DURATION', 'OUTPUT']];
  for (const s of run.steps) {
    rows.push([s.stepId, s.kind, String(s.attempt), s.status, duration(s.durationMs), summarize(s.outputs, s.error)]);
  }
  console.log(table(rows));
  return 0;
}

function summarize(outputs: unknown, error: string | null): string {
  if (error) return error.split('\n')[0].slice(0, 100);
  if (!outputs || typeof outputs !== 'object') return '';
  const parts: string[] = [];
  for (const [port, ref] of Object.entries(outputs as Record<string, Record<string, unknown>>)) {
    if (ref.type === 'Table') parts.push(`${port}: ${ref.rows} rows`);
    else if (ref.type === 'Metrics') parts.push(`${port}: ${headlineMetrics(ref.values as Record<string, number>)}`);
    else if (ref.type === 'ModelVersion') parts.push(`${port}: ${ref.name} v${ref.version}`);
    else if (ref.type === 'Model') parts.push(`${port}: onnx ${String(ref.hash).slice(0, 12)}`);
    else if (ref.type === 'Report') parts.push(`${port}: ${ref.summary}`);
  }
  return parts.join('; ');
}

/** The metrics people look at first, then the rest, at most three. */
function headlineMetrics(values: Record<string, number>): string {
  const first = ['accuracy', 'macroF1', 'logLoss', 'rmse', 'r2'];
  const keys = [...first.filter((k) => k in values), ...Object.keys(values).filter((k) => !first.includes(k))].slice(0, 3);
  return keys.map((k) => `${k}=${round(values[k])}`).join(' ');
}

const round = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));

export async function cancelCommand(id: string, opts: Remote): Promise<number> {
  await connect(opts).run.cancel.mutate({ id });
  console.log(`cancel requested for run ${id}`);
  return 0;
}

export async function modelsCommand(name: string | undefined, opts: Remote): Promise<number> {
  const versions = await connect(opts).model.list.query({ name });
  if (opts.json) {
    console.log(JSON.stringify(versions, null, 2));
    return 0;
  }
  if (versions.length === 0) {
    console.log('no model versions registered yet');
    return 0;
  }
  const rows = [['NAME', 'VERSION', 'STAGE', 'METRICS', 'CREATED']];
  for (const v of versions) {
    const m = v.metrics as Record<string, number>;
    const metrics = ['accuracy', 'macroF1', 'logLoss'].filter((k) => k in m).map((k) => `${k}=${round(m[k])}`).join(' ');
    rows.push([v.name, String(v.version), v.stage, metrics, new Date(v.createdAt).toISOString().replace('T', ' ').slice(0, 19)]);
  }
  console.log(table(rows));
  return 0;
}
