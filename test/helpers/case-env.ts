// The world the API test matrix runs in: a harness with the API (auth required), the penguins pipeline
// saved twice, one run of it that succeeded (a model, datasets) and one that failed at its gate.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { HeadraceClient } from '../../server/api/client';
import { datasetUses } from '../../server/db/schema';
import type { CaseEnv } from '../api/cases/types';
import type { Harness } from './harness';

export const penguinsDir = resolve('examples/penguins');
const penguins = readFileSync(resolve(penguinsDir, 'pipeline.yaml'), 'utf8');
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** The penguins pipeline renamed (and everything it registers and deploys): a small valid pipeline of one's own. */
export const pipelineSource = (name: string) =>
  penguins.replace(/^name: penguins$/m, `name: ${name}`).replace(/name: penguins, stage/, `name: ${name}, stage`).replace('with: { endpoint: penguins }', `with: { endpoint: ${name.toLowerCase()} }`);

/** The penguins example renamed, up to its `split` step (ingest, validate, clean, split), then `steps` (YAML indented 2, from `  train:`). */
export function penguinsUpToSplit(name: string, steps: string): string {
  const source = penguins.replace(/^name: penguins$/m, `name: ${name}`).replace(/^ {2}train:\n[\s\S]*$/m, steps);
  if (!source.includes(`name: ${name}\n`) || !source.endsWith(steps)) throw new Error('the penguins example no longer has a name line and a train step to cut at');
  return source;
}

/** Polls a run until it has finished; returns its final view. */
export async function waitForRun(client: HeadraceClient, id: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await client.run.get.query({ id });
    if (FINISHED.has(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function caseEnv(h: Harness): Promise<CaseEnv> {
  const api = h.api;
  const editor = api.as('editor');
  const pipeline = 'penguins';
  const v2 = penguins.replace(/^description: .*$/m, 'description: Palmer penguins, species from measurements (v2).');
  await editor.pipeline.save.mutate({ source: penguins, baseDir: penguinsDir });
  await editor.pipeline.save.mutate({ source: v2, baseDir: penguinsDir });
  const ok = await editor.run.start.mutate({ pipeline });
  const bad = await editor.run.start.mutate({ pipeline, params: { minAccuracy: 1.5 } });
  const [okRun, badRun] = await Promise.all([waitForRun(editor, ok.id), waitForRun(editor, bad.id)]);
  if (okRun.status !== 'succeeded' || badRun.status !== 'failed') {
    throw new Error(`seed runs ended ${okRun.status} / ${badRun.status}: ${okRun.error ?? ''} ${badRun.error ?? ''}`);
  }
  const models = await editor.model.list.query({ name: pipeline });
  const model = models.find((m) => m.runId === ok.id);
  if (!model) throw new Error('the seed run registered no model');
  // Content-addressed: both seed runs wrote the same tables, so look for the use, not the first producer.
  const [dataset] = await h.database.db
    .select({ id: datasetUses.datasetId })
    .from(datasetUses)
    .where(and(eq(datasetUses.runId, ok.id), eq(datasetUses.direction, 'wrote')))
    .limit(1);
  if (!dataset) throw new Error('the seed run recorded no dataset');
  let n = 0;
  return {
    url: api.url,
    as: { viewer: api.as('viewer'), editor, admin: api.as('admin') },
    anonymous: api.anonymous(),
    client: (token) => (token ? api.withToken(token) : api.anonymous()),
    users: api.users,
    h,
    seed: { pipeline, source: v2, baseDir: penguinsDir, runId: ok.id, failedRunId: bad.id, model: pipeline, modelVersion: model.version, datasetId: dataset.id },
    unique: (prefix) => `${prefix}-${process.pid}-${++n}`,
    pipelineSource,
  };
}
