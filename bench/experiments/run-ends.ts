// Where a 10-step no-op run's time goes outside its steps, ours against the raw Temporal chain, read from each run's
// event history and the caller's clock: the API's work before the workflow exists, the first workflow task (ours
// claims the run there, a local activity), the last one (ours records the run's end, another), and the result's way
// back. Set up as the orchestration bench is (PGlite in a process of its own, both workers in this process), 24
// pairs alternating, the first 4 dropped; prints medians in ms.
// `npx tsx bench/experiments/run-ends.ts` (about a minute; run it alone).
import '../lib/test-kinds';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proto from '@temporalio/proto';
import { savePipeline } from '../../server/services/pipelines';
import { startRun } from '../../server/services/runs';
import { startDbProcess } from '../lib/dbprobe';
import { startEmbedded } from '../lib/embedded';
import { summarize } from '../lib/stats';
import { createRawWorker, RAW_TASK_QUEUE } from '../raw-temporal/worker';
const E = proto.temporal.api.enums.v1.EventType;
const N = 10;
const db = await startDbProcess(mkdtempSync(join(tmpdir(), 'hb-')));
const platform = await startEmbedded({ databaseUrl: db.url });
const { worker: rawWorker, connection: rawConnection } = await createRawWorker({ address: platform.temporal.address, wrap: (a) => a });
const rawRunning = rawWorker.run();
const steps = Array.from({ length: N }, (_, i) => `  s${i}:\n    uses: test.noop\n${i ? `    needs: [s${i - 1}]\n` : ''}`).join('');
await savePipeline(platform.svc, { source: `headrace: 1\nname: noop-${N}\nsteps:\n${steps}`, author: 'bench' });
const client = platform.client;
const now = () => performance.timeOrigin + performance.now();
type Row = Record<string, number>;
async function phases(workflowId: string, t0: number, tStarted: number, t1: number): Promise<Row> {
  const h = await client.workflow.getHandle(workflowId).fetchHistory();
  const ev = (h.events ?? []).map((e) => ({ type: e.eventType, ms: Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6 }));
  const first = (t: number) => ev.find((e) => e.type === t)!.ms;
  const last = (t: number) => [...ev].reverse().find((e) => e.type === t)!.ms;
  const wfStart = first(E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  const wft1s = ev.filter((e) => e.type === E.EVENT_TYPE_WORKFLOW_TASK_STARTED)[0].ms;
  const wft1c = first(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const act1s = first(E.EVENT_TYPE_ACTIVITY_TASK_STARTED);
  const actLastC = last(E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  const wftLs = last(E.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const wftLc = last(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const done = last(E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  return {
    'call→wfStarted': wfStart - t0, 'startCall returned': tStarted - t0, 'wfStarted→wft1 started': wft1s - wfStart, 'wft1 run': wft1c - wft1s,
    'wft1 done→act1 started': act1s - wft1c, 'lastAct done→last wft started': wftLs - actLastC, 'last wft run': wftLc - wftLs,
    'wf completed→result': t1 - done, total: t1 - t0, events: ev.length,
  };
}
const ours = async (): Promise<Row> => {
  const t0 = now();
  const run = await startRun(platform.svc, { pipeline: `noop-${N}`, author: 'bench' });
  const ts = now();
  await client.workflow.getHandle(run.workflowId).result();
  return phases(run.workflowId, t0, ts, now());
};
const raw = async (): Promise<Row> => {
  const workflowId = `raw-${randomUUID()}`;
  const t0 = now();
  const h = await client.workflow.start('rawChain', { taskQueue: RAW_TASK_QUEUE, workflowId, args: [N] });
  const ts = now();
  await h.result();
  return phases(workflowId, t0, ts, now());
};
const rows: Record<'ours' | 'raw', Row[]> = { ours: [], raw: [] };
for (let i = 0; i < 24; i++) {
  const o = await ours(); const r = await raw();
  if (i >= 4) { rows.ours.push(o); rows.raw.push(r); }
}
for (const k of Object.keys(rows.ours[0])) {
  const m = (xs: Row[]) => summarize(xs.map((x) => x[k])).median.toFixed(1);
  console.log(k.padEnd(32), 'ours', m(rows.ours).padStart(7), 'raw', m(rows.raw).padStart(7));
}
rawWorker.shutdown();
await rawRunning;
await rawConnection.close();
await platform.stop();
await db.stop();
