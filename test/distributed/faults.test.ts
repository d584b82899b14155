// The distributed topology (topology.ts: PostgreSQL, Temporal on TCP with its own SQLite file, SeaweedFS as S3,
// 2 API servers, 2 CPU workers, 2 predict servers, each its own process) running the penguins example, then one
// fault at a time with runs and predictions in flight. Each fault test prints what it counted and asserts the
// failures it counted are zero (docs/deploy.md, "Tested topology and faults").
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { largeUploadPipeline, slowTrainingPipeline, writeClassificationCsv } from './pipelines';
import { Fatal, startTopology, until, type Topology } from './topology';

const penguinsFile = resolve('examples/penguins/pipeline.yaml');
const penguinsSource = readFileSync(penguinsFile, 'utf8');
const penguinRow = { 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750 };

let top: Topology;
let sql: postgres.Sql;
let temporal: Client;
let connection: Connection;
let dataDir: string;
/** The worker-kill run's table: epochs of over a second at batch size 1, so a kill lands inside one. */
let slowCsv: string;
/** The other faults' runs: epochs of a few tenths of a second. */
let shortCsv: string;

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (m: string) => console.log(`[distributed] ${m}`);

/** A run once it has finished, read through `client` (retrying while an API server or the database is away). */
async function finished(client: HeadraceClient, id: string, timeoutMs = 120_000) {
  return until(`run ${id} finished`, timeoutMs, async () => {
    const run = await client.run.get.query({ id });
    return FINISHED.has(run.status) ? run : undefined;
  }, 300);
}

/** Starts a run of `source` through API `api`, its files read from `baseDir`. */
async function start(api: number, source: string, baseDir: string, extra: { idempotencyKey?: string } = {}) {
  return top.client(api).run.start.mutate({ source, baseDir, ...extra });
}

/** Duplicates the tests count across every fault: more than one finished result for a step of a run, log lines written twice, a run registering two versions. */
async function duplicates(runIds: string[]) {
  const [steps] = await sql<{ n: number }[]>`
    select count(*)::int as n from (
      select run_id, step_id from step_runs where run_id = any(${runIds}::uuid[]) and status in ('succeeded', 'cached')
      group by run_id, step_id having count(*) > 1) d`;
  const [logs] = await sql<{ n: number }[]>`
    select count(*)::int as n from (
      select 1 from step_logs where run_id = any(${runIds}::uuid[])
      group by run_id, step_id, attempt, at, level, message having count(*) > 1) d`;
  const [versions] = await sql<{ n: number }[]>`
    select count(*)::int as n from (
      select run_id, step_id from model_versions where run_id = any(${runIds}::uuid[])
      group by run_id, step_id having count(*) > 1) d`;
  return { stepResults: steps.n, logLines: logs.n, registryVersions: versions.n };
}

/** The pending activity of a step kind in a run's workflow (attempt, state, worker), if any. */
async function pendingActivity(workflowId: string, kind: string) {
  const described = await temporal.workflow.getHandle(workflowId).describe();
  return (described.raw.pendingActivities ?? []).find((a) => a.activityType?.name === kind);
}

/** Temporal's PENDING_ACTIVITY_STATE_STARTED. */
const STARTED = 2;

beforeAll(async () => {
  top = await startTopology({ log: say });
  sql = postgres(top.databaseUrl, { max: 2, onnotice: () => {} });
  connection = await Connection.connect({ address: top.temporalAddress });
  temporal = new Client({ connection });
  // In the topology's folder: removed with it, also by its watchdog.
  dataDir = mkdtempSync(join(top.dir, 'data-'));
  slowCsv = writeClassificationCsv(dataDir, 'slow.csv', 20_000);
  shortCsv = writeClassificationCsv(dataDir, 'short.csv', 3000);
}, 180_000);

afterAll(async () => {
  // What each Headrace process holds at the end of the suite (resident memory), for docs/deploy.md's sizing.
  if (top) {
    const rss = (pid: number | undefined) => {
      const kb = pid ? /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] : undefined;
      return kb ? `${Math.round(Number(kb) / 1024)} MiB` : '?';
    };
    say(`resident memory: ${[...top.apis, ...top.workers, ...top.predicts].map((p) => `${p.name} ${rss(p.pid())}`).join(', ')}`);
  }
  // Teardown goes on whatever a client says on closing: the topology below must come down regardless.
  const warn = (what: string) => (err: unknown) => console.warn(`closing ${what}: ${String(err)}`);
  await connection?.close().catch(warn('the Temporal connection'));
  await sql?.end({ timeout: 1 }).catch(warn('the database client'));
  await top?.down();
});

// In order, but for the worker kills and the predict server kill, which touch different processes and run together.
describe('the distributed topology', () => {
  it('runs the penguins example through API 1, reads it back through API 2, and predicts through both predict servers', async () => {
    const t0 = Date.now();
    const started = await start(0, penguinsSource, dirname(penguinsFile));
    const run = await finished(top.client(1), started.id);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.steps.filter((s) => s.status === 'succeeded').map((s) => s.stepId).sort())
      .toEqual(['clean', 'deploy', 'evaluate', 'ingest', 'register', 'split', 'train', 'validate']);
    const versions = await top.client(1).model.versions.query({ name: 'penguins' });
    expect(versions.map((v) => v.runId)).toEqual([started.id]);
    const endpoint = await top.client(1).endpoint.get.query({ name: 'penguins' });
    expect(endpoint.current?.variants.map((v) => `${v.model}@${v.version}`)).toEqual(['penguins@1']);
    // Each predict server follows the deployment from PostgreSQL and loads the model from S3.
    const answers = [];
    for (const p of top.predicts) {
      const body = await until(`${p.name} answers penguins`, 30_000, async () => {
        const res = await fetch(`${p.url}/v1/endpoints/penguins/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [penguinRow] }) });
        return res.ok ? (await res.json()) as { predictions: Array<{ label: string }>; model: { name: string; version: number } } : undefined;
      });
      answers.push(body);
    }
    for (const a of answers) {
      expect(a.predictions[0].label).toBe('Adelie');
      expect(a.model).toMatchObject({ name: 'penguins', version: 1 });
    }
    say(`penguins: run ${run.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s (started through API 1, read through API 2); both predict servers answer ${answers[0].predictions[0].label}`);
  });

  it.concurrent('a worker SIGKILLed 5 times during one run\'s training: the run completes, finished steps are not executed again, at most one epoch is lost per kill', async ({ expect }) => {
    const t0 = Date.now();
    const run = await start(0, slowTrainingPipeline({ name: 'worker-kills', csv: basename(slowCsv), epochs: 14 }), dataDir);
    const kills: Array<{ attempt: number; pid: number; checkpointEpoch: number; delayMs: number; at: number }> = [];
    const restarts: Promise<void>[] = [];
    /**
     * How long after the attempt's first checkpoint each kill lands: one to three epochs of 1.3 s in, at fixed odd
     * moments inside an epoch — never just after a heartbeat, which the SDK sends at most every 8 s, so Temporal's
     * copy is still the first epoch's when these kills land.
     */
    const delays = [1130, 2470, 3820, 1460, 2290];
    const checkpointOf = async (attempt: number) => {
      const [row] = await sql<{ epoch: number | null }[]>`
        select (checkpoint->>'epoch')::int as epoch from step_runs where run_id = ${run.id} and step_id = 'train' and attempt = ${attempt}`;
      return row?.epoch ?? undefined;
    };
    for (let attempt = 1; attempt <= 5; attempt++) {
      // The attempt trains (it has stored its first checkpoint); then, some epochs later, the worker running it (the
      // PID in the attempt's worker identity) is killed.
      await until(`training attempt ${attempt} stores a checkpoint`, 60_000, async () => await checkpointOf(attempt), 50);
      await sleep(delays[attempt - 1]);
      const pa = await until(`training attempt ${attempt} is running`, 10_000, async () => {
        const a = await pendingActivity(run.workflowId, 'train.mlp');
        return a && a.attempt === attempt && a.state === STARTED ? a : undefined;
      }, 50);
      const pid = Number(pa.lastWorkerIdentity!.split('@')[0]);
      const worker = top.workers.find((w) => w.pid() === pid);
      expect(worker, `worker pid ${pid}`).toBeDefined();
      await worker!.kill();
      kills.push({ attempt, pid, checkpointEpoch: (await checkpointOf(attempt))!, delayMs: delays[attempt - 1], at: Date.now() - t0 });
      restarts.push(worker!.restart());
    }
    const done = await finished(top.client(1), run.id, 120_000);
    await Promise.all(restarts);
    expect(done.status, done.error ?? '').toBe('succeeded');

    // Finished steps ran once: one attempt each. Training: five attempts ended by the kills, the sixth finished.
    const rows = await sql<{ step_id: string; attempt: number; status: string }[]>`
      select step_id, attempt, status from step_runs where run_id = ${run.id} order by step_id, attempt`;
    const executedAgain = ['ingest', 'split', 'evaluate', 'register'].filter((s) => rows.filter((r) => r.step_id === s).length !== 1);
    const train = rows.filter((r) => r.step_id === 'train');
    expect(train.map((r) => `${r.attempt}:${r.status}`)).toEqual(['1:failed', '2:failed', '3:failed', '4:failed', '5:failed', '6:succeeded']);
    // Epochs lost by kill k: the last epoch attempt k finished (recorded as it ended, or checkpointed) minus the epoch
    // attempt k+1 resumed from (its first recorded epoch, less one).
    const epochs = await sql<{ attempt: number; first: number; last: number }[]>`
      select attempt, min(epoch)::int as first, max(epoch)::int as last from training_epochs
      where run_id = ${run.id} and step_id = 'train' group by attempt order by attempt`;
    const lost = await Promise.all(kills.map(async (k) => {
      const mine = epochs.find((e) => e.attempt === k.attempt);
      const next = epochs.find((e) => e.attempt === k.attempt + 1);
      return Math.max(mine?.last ?? 0, (await checkpointOf(k.attempt)) ?? 0) - ((next?.first ?? 1) - 1);
    }));
    const [{ epochSeconds }] = await sql<{ epochSeconds: number }[]>`
      select extract(epoch from max(at) - min(at))::float8 / nullif(count(*) - 1, 0) as "epochSeconds" from training_epochs
      where run_id = ${run.id} and step_id = 'train' and attempt = 6`;
    const dup = await duplicates([run.id]);
    say(`worker SIGKILL x5: runs completed 1/1, steps executed again ${executedAgain.length}, training attempts ${train.length}, ` +
      `epochs of ${epochSeconds?.toFixed(2) ?? '?'} s, ` +
      `killed ${kills.map((k) => `${(k.delayMs / 1000).toFixed(2)} s after`).join(', ')} a checkpoint (of epochs ${kills.map((k) => k.checkpointEpoch).join(', ')}), ` +
      `epochs lost per kill [${lost.join(', ')}] (max ${Math.max(...lost)}), ` +
      `duplicate step results ${dup.stepResults}, ` +
      `duplicate log lines ${dup.logLines}, duplicate registry versions ${dup.registryVersions} ` +
      `(${((Date.now() - t0) / 1000).toFixed(1)} s; kills at ${kills.map((k) => `${(k.at / 1000).toFixed(1)} s`).join(', ')})`);
    expect(executedAgain).toEqual([]);
    expect(Math.max(...lost)).toBeLessThanOrEqual(1);
    expect(epochs.at(-1)!.last).toBe(14);
    expect(dup).toEqual({ stepResults: 0, logLines: 0, registryVersions: 0 });
  });

  it.concurrent('a predict server SIGKILLed while 10 000 requests flow through a client that retries on connection errors: 0 failed', async ({ expect }) => {
    const t0 = Date.now();
    const agents = top.predicts.map(() => new Agent({ keepAlive: true, maxSockets: 16 }));
    const body = JSON.stringify({ rows: [penguinRow] });
    /** One POST; rejects on a connection error (refused, reset, closed before the answer). */
    const post = (s: number) => new Promise<{ status: number; text: string }>((done, fail) => {
      const req = request(`${top.predicts[s].url}/v1/endpoints/penguins/predict`, { method: 'POST', agent: agents[s], headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
        res.on('error', fail);
      });
      req.on('error', fail);
      req.end(body);
    });
    const total = 10_000;
    let next = 0;
    let done = 0;
    let failed = 0;
    let retried = 0;
    let afterKill = 0;
    let killed = false;
    const servedBy = [0, 0];
    /** One request: to the next server in turn, on a connection error to the other, up to 5 tries. */
    const one = async (i: number) => {
      for (let tries = 0; tries < 5; tries++) {
        const s = (i + tries) % 2;
        try {
          const res = await post(s);
          if (res.status !== 200 || !res.text.includes('"Adelie"')) failed++;
          else {
            servedBy[s]++;
            if (killed) afterKill++;
          }
          return;
        } catch {
          retried++;
        }
      }
      failed++;
    };
    const lane = async () => {
      while (next < total) {
        const i = next++;
        await one(i);
        done++;
      }
    };
    const lanes = Array.from({ length: 32 }, lane);
    await until('2 000 requests answered', 60_000, async () => done >= 2000, 10);
    await top.predicts[0].kill();
    killed = true;
    await Promise.all(lanes);
    for (const a of agents) a.destroy();
    // Deployments continue on the other: it answered everything after the kill, and a restarted one answers again.
    await top.predicts[0].restart();
    const again = await until('the restarted predict server ready', 30_000, async () => {
      const ready = await fetch(`${top.predicts[0].url}/v2/health/ready`);
      return ready.ok && fetch(`${top.predicts[0].url}/v1/endpoints/penguins/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    });
    say(`predict server SIGKILL under ${total} requests: requests failed ${failed}, retried on the other server ${retried}, ` +
      `answered by predict-1 ${servedBy[0]}, by predict-2 ${servedBy[1]}, after the kill ${afterKill} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    expect(done).toBe(total);
    expect(failed).toBe(0);
    expect(afterKill).toBeGreaterThan(0);
    expect(again.status).toBe(200);
  });

  it('an API server SIGKILLed during run.start with an idempotency key and during headrace apply: repeating gives the same result, nothing doubled', async () => {
    const t0 = Date.now();
    // The example's first two steps (ingest, validate): the runs only need to finish.
    const source = penguinsSource.slice(0, penguinsSource.indexOf('\n  clean:') + 1).replace('name: penguins\n', 'name: penguins-idempotent\n');
    const runIds: string[] = [];
    let interrupted = 0;
    // The kill lands at different points of the call: before, while and after the run is created.
    for (const [i, delayMs] of [0, 30, 120].entries()) {
      const key = `distributed-${i}`;
      const first = start(0, source, dirname(penguinsFile), { idempotencyKey: key }).then((r) => r.id, () => undefined);
      await sleep(delayMs);
      await top.apis[0].kill();
      const firstId = await first;
      if (firstId === undefined) interrupted++;
      // The same call again through the other API server, twice, then through the restarted one.
      const again = await start(1, source, dirname(penguinsFile), { idempotencyKey: key });
      const twice = await start(1, source, dirname(penguinsFile), { idempotencyKey: key });
      await top.apis[0].restart();
      const thrice = await start(0, source, dirname(penguinsFile), { idempotencyKey: key });
      expect(new Set([again.id, twice.id, thrice.id, ...(firstId ? [firstId] : [])]).size).toBe(1);
      runIds.push(again.id);
    }
    // `headrace apply` of 12 files killed once the first is saved, then run again through the other server.
    const applyDir = mkdtempSync(join(dataDir, 'apply-'));
    const names = Array.from({ length: 12 }, (_, i) => `applied-${i + 1}`);
    for (const n of names) writeFileSync(join(applyDir, `${n}.pipeline.yaml`), penguinsSource.replace('name: penguins\n', `name: ${n}\n`).replace('data/penguins.json', resolve('examples/penguins/data/penguins.json')));
    const apply = (api: number) => new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(process.execPath, ['bin/headrace.js', 'apply', applyDir, '--url', top.apis[api].url!, '--token', top.adminToken], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (b) => (out += b));
      child.stderr.on('data', (b) => (out += b));
      child.once('exit', (code) => done({ code, out }));
    });
    let applyEnded: { code: number | null; out: string } | undefined;
    const killedApply = apply(0).then((r) => (applyEnded = r));
    const savedBefore = await until('the first applied pipeline saved', 60_000, async () => {
      if (applyEnded) throw new Fatal(`headrace apply ended (exit ${applyEnded.code}) before the kill:\n${applyEnded.out}`);
      const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from pipelines where name like 'applied-%'`;
      return n > 0 ? n : undefined;
    }, 10);
    await top.apis[0].kill();
    const firstApply = await killedApply;
    const secondApply = await apply(1);
    const restarted = top.apis[0].restart();
    expect(secondApply.code, secondApply.out).toBe(0);
    const versions = await sql<{ name: string; n: number }[]>`
      select p.name, count(v.id)::int as n from pipelines p join pipeline_versions v on v.pipeline_id = p.id
      where p.name like 'applied-%' group by p.name order by p.name`;

    const runs = await Promise.all(runIds.map((id) => finished(top.client(1), id)));
    await restarted;
    const [{ n: keyed }] = await sql<{ n: number }[]>`select count(*)::int as n from runs where idempotency_key like 'distributed-%'`;
    const [{ n: idemVersions }] = await sql<{ n: number }[]>`
      select count(*)::int as n from pipeline_versions v join pipelines p on p.id = v.pipeline_id where p.name = 'penguins-idempotent'`;
    const dup = await duplicates(runIds);
    const doubledVersions = versions.filter((v) => v.n !== 1).length;
    say(`API SIGKILL during run.start (x3, ${interrupted} interrupted mid-call) and apply (exit ${firstApply.code} after ${savedBefore} of 12 saved): ` +
      `runs per key ${keyed}/3, runs completed ${runs.filter((r) => r.status === 'succeeded').length}/3, pipeline versions doubled ${doubledVersions + (idemVersions - 1)}, ` +
      `duplicate step results ${dup.stepResults}, duplicate registry versions ${dup.registryVersions} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    expect(keyed).toBe(3);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(versions.map((v) => v.name).sort()).toEqual([...names].sort());
    expect(doubledVersions).toBe(0);
    expect(idemVersions).toBe(1);
    expect(dup).toEqual({ stepResults: 0, logLines: 0, registryVersions: 0 });
  });

  it('the Temporal server SIGKILLed mid-run and started again: every run completes', async () => {
    const t0 = Date.now();
    const runs = await Promise.all([1, 2, 3].map((i) => start(i % 2, slowTrainingPipeline({ name: `temporal-kill-${i}`, csv: basename(shortCsv), epochs: 12 }), dataDir)));
    // Mid-run: every run is training.
    await until('every run training', 60_000, async () => {
      const [{ n }] = await sql<{ n: number }[]>`select count(distinct run_id)::int as n from step_runs where run_id = any(${runs.map((r) => r.id)}::uuid[]) and step_id = 'train'`;
      return n === runs.length;
    });
    await top.temporal.kill();
    await sleep(1000);
    await top.temporal.restart();
    const done = await Promise.all(runs.map((r) => finished(top.client(1), r.id)));
    const dup = await duplicates(runs.map((r) => r.id));
    const completed = done.filter((r) => r.status === 'succeeded').length;
    say(`Temporal SIGKILL + restart: runs completed ${completed}/${runs.length}, duplicate step results ${dup.stepResults}, ` +
      `duplicate log lines ${dup.logLines}, duplicate registry versions ${dup.registryVersions} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    expect(done.map((r) => [r.status, r.error])).toEqual(runs.map(() => ['succeeded', null]));
    expect(dup).toEqual({ stepResults: 0, logLines: 0, registryVersions: 0 });
  });

  it('PostgreSQL restarted mid-run (fast, then immediate shutdown): every run completes, nothing doubled, the API answers 503 with Retry-After', async () => {
    const t0 = Date.now();
    const runs = await Promise.all([1, 2, 3].map((i) => start(i % 2, slowTrainingPipeline({ name: `postgres-restart-${i}`, csv: basename(shortCsv), epochs: 16 }), dataDir)));
    const answers = { 503: 0, retryAfter: 0, 500: 0, stack: 0, other: 0 };
    /** The API while the database is down: every answer counted. */
    const probe = async () => {
      for (const api of top.apis) {
        for (const path of ['run.list', 'pipeline.list', 'model.list']) {
          const res = await fetch(`${api.url}/api/trpc/${path}`, { headers: { authorization: `Bearer ${top.adminToken}` } });
          const text = await res.text();
          if (res.status === 503) answers[503]++;
          else if (res.status === 500) answers[500]++;
          else answers.other++;
          if (res.status === 503 && Number(res.headers.get('retry-after')) > 0) answers.retryAfter++;
          if (/\bat .*\.(ts|js):\d+/.test(text)) answers.stack++;
        }
      }
    };
    const restart = async (mode: 'fast' | 'immediate') => {
      await until(`every run training (${mode})`, 60_000, async () => {
        const [{ n }] = await sql<{ n: number }[]>`select count(distinct run_id)::int as n from step_runs where run_id = any(${runs.map((r) => r.id)}::uuid[]) and step_id = 'train' and status = 'running'`;
        return n === runs.length;
      });
      await top.postgres.stop(mode);
      await probe();
      await top.postgres.restart();
    };
    await restart('fast');
    await sleep(1500);
    await restart('immediate');
    const done = await Promise.all(runs.map((r) => finished(top.client(0), r.id)));
    const dup = await duplicates(runs.map((r) => r.id));
    const completed = done.filter((r) => r.status === 'succeeded').length;
    say(`PostgreSQL restart (fast, immediate): runs completed ${completed}/${runs.length}, duplicate step results ${dup.stepResults}, ` +
      `duplicate log lines ${dup.logLines}, duplicate registry versions ${dup.registryVersions}; API while down: 503 ${answers[503]} ` +
      `(Retry-After on ${answers.retryAfter}), 500 ${answers[500]}, other ${answers.other}, stack traces ${answers.stack} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    expect(done.map((r) => [r.status, r.error])).toEqual(runs.map(() => ['succeeded', null]));
    expect(dup).toEqual({ stepResults: 0, logLines: 0, registryVersions: 0 });
    expect(answers).toEqual({ 503: 12, retryAfter: 12, 500: 0, stack: 0, other: 0 });
  });

  it('the S3 server restarted during a large upload: the step retries and the stored artifact is whole', async () => {
    const t0 = Date.now();
    const rows = 400_000;
    const csv = writeClassificationCsv(dataDir, 'large.csv', rows, 8);
    const phases: string[] = [];
    const phase = (what: string) => phases.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    phase('written');
    const run = await start(0, largeUploadPipeline({ name: 's3-restart', csv: basename(csv), rows, extraColumns: 8 }), dataDir);
    // During the upload: a multipart upload of the table is under way in the bucket.
    await until('a multipart upload under way', 90_000, async () => {
      const listed = await top.s3.client.send(new ListMultipartUploadsCommand({ Bucket: top.s3.bucket }));
      return (listed.Uploads ?? []).length > 0;
    }, 20);
    phase('upload seen');
    await top.seaweedfs.kill();
    await top.seaweedfs.restart();
    phase('restarted');
    const done = await finished(top.client(1), run.id);
    phase('run done');
    expect(done.status, done.error ?? '').toBe('succeeded');
    const ingest = done.steps.filter((s) => s.stepId === 'ingest').sort((a, b) => a.attempt - b.attempt);
    const table = (ingest.at(-1)!.outputs as Record<string, { hash: string; uri: string }>).table;
    // Whole: the object's bytes hash to the name it is stored under.
    const ext = table.uri.slice(table.uri.lastIndexOf(table.hash) + table.hash.length);
    const object = await top.s3.client.send(new GetObjectCommand({ Bucket: top.s3.bucket, Key: `artifacts/sha256/${table.hash.slice(0, 2)}/${table.hash}${ext}` }));
    const bytes = await object.Body!.transformToByteArray();
    const digest = createHash('sha256').update(bytes).digest('hex');
    say(`S3 restart during a ${(bytes.byteLength / 1048576).toFixed(1)} MiB upload: runs completed 1/1, ingest attempts ${ingest.length}, ` +
      `artifacts whose bytes differ from their hash ${digest === table.hash ? 0 : 1} (${((Date.now() - t0) / 1000).toFixed(1)} s: ${phases.join(', ')})`);
    expect(ingest.length).toBeGreaterThan(1);
    expect(digest).toBe(table.hash);
  });
});
