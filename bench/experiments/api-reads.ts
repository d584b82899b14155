// The CPU each of the API's hottest reads costs the process that asks (a run page's getRun, the runs list's first
// page, a request's token check), per call after 300 warm-up calls, on PostgreSQL (the URL given) or PGlite in this
// process (`memory://`, where its own work counts too). Measured in docs/benchmarks.md ("Reads prepared once"):
// `npx tsx bench/experiments/api-reads.ts postgres://…` (run alone; it writes 40 runs, a user and a token).
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../server/db/client';
import { savePipelineVersion } from '../../server/db/repo/pipelines';
import { createRun, getRun, listRuns, upsertStepRun } from '../../server/db/repo/runs';
import { createToken, tokenStanding } from '../../server/auth/tokens';
import { createUser } from '../../server/auth/users';
import { planOf } from '../../test/helpers/plans';
if (!process.argv[2]) throw new Error('usage: npx tsx bench/experiments/api-reads.ts postgres://…|memory://');
const database = await openDatabase(process.argv[2], { migrate: true });
const db = database.db;
const tag = randomUUID().slice(0, 8);
const saved = await savePipelineVersion(db, { plan: planOf(`headrace: 1\nname: r-${tag}\nsteps:\n  ingest:\n    uses: ingest.csv\n    with: { path: data.csv }\n  v:\n    uses: validate.table\n    in: { table: ingest.table }\n`), source: 'x', author: 't' });
const ids: string[] = [];
for (let i = 0; i < 40; i++) {
  const r = await createRun(db, { pipelineId: saved.pipelineId, pipelineVersionId: saved.version.id, workflowId: `wf-${randomUUID()}`, params: {}, plan: saved.version.plan, createdBy: 't' });
  ids.push(r.id);
  for (const stepId of ['ingest', 'v']) {
    await upsertStepRun(db, { runId: r.id, stepId, attempt: 1, kind: 'x', status: 'succeeded', outputs: { m: { type: 'Metrics', uri: 'artifact://m', values: { acc: 0.9 } } } });
  }
}
const user = await createUser(db, { username: `u${tag}`, role: 'viewer' });
const { token } = await createToken(db, { userId: user.id, name: 't' });
async function time(name: string, f: (i: number) => Promise<unknown>, n = 3000) {
  for (let i = 0; i < 300; i++) await f(i);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  const c = process.cpuUsage(c0); const t = performance.now() - t0;
  console.log(`${name}: ${(t * 1000 / n).toFixed(0)} µs wall, ${((c.user + c.system) / n).toFixed(0)} µs CPU per call`);
}
await time('getRun', (i) => getRun(db, ids[i % ids.length]));
await time('listRuns', () => listRuns(db, { limit: 20 }));
await time('tokenStanding', () => tokenStanding(db, token));
await database.close();
