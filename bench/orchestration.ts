// Orchestration bench (issue 5): pipelines of 10 and 100 no-op steps in a chain (`test.noop`, each `needs` the
// previous one) run by Headrace on the embedded platform (startRun → pipelineRun workflow → one activity per
// step, step_runs in PGlite), against the same chain written directly on the Temporal TypeScript SDK
// (bench/raw-temporal: one workflow, N no-op activities), on the same dev server, with workers of the same
// settings, polling side by side in this process. Goals: ≤ 1.2× the raw latency per step, ≥ 0.8× its runs/s at
// 20 concurrent runs. The database is PGlite in a process of its own, as `headrace start` runs it. Then a breakdown
// of our overhead from measurements: database statements per step (counted and timed by the database process), its
// CPU, activity payload sizes, workflow history size, and a CPU profile of each side.
// Run: `npm run bench -- orchestration [--record] [--smoke]`.
import './lib/test-kinds';
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { savePipeline } from '../server/services/pipelines';
import { startRun } from '../server/services/runs';
import { stepRunWrites } from '../server/db/repo/step-run-writes';
import type { StepInput, StepResult } from '../workers/workflows/types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDbProcess, type DbStat } from './lib/dbprobe';
import { startEmbedded } from './lib/embedded';
import { describePhases, stepPhases } from './lib/history';
import { alternate, benchCommand, benchOptions, figure, num, record } from './lib/harness';
import { profiled, type ProfileSummary } from './lib/nodeprofile';
import { summarize } from './lib/stats';
import { createRawWorker, RAW_TASK_QUEUE } from './raw-temporal/worker';

const opts = benchOptions();
const SIZES = opts.smoke ? [3, 6] : [10, 100];
/** Per size: runs per round (a round's steps give its p50/p99), warm-up rounds, kept rounds. */
const LATENCY: Record<number, { runs: number; warmup: number; rounds: number }> = opts.smoke
  ? { 3: { runs: 1, warmup: 0, rounds: 1 }, 6: { runs: 1, warmup: 0, rounds: 1 } }
  : { 10: { runs: 5, warmup: 2, rounds: 6 }, 100: { runs: 1, warmup: 1, rounds: 5 } };
const CONCURRENT = opts.smoke ? 4 : 20;
const TP_STEPS = opts.smoke ? 3 : 10;
const TP = opts.smoke ? { warmup: 0, rounds: 1 } : { warmup: 1, rounds: 5 };
const PROFILE_RUNS = opts.smoke ? 1 : 3;

const log = (m: string) => process.stderr.write(`[bench orchestration] ${m}\n`);

/** Start time (performance.now) of each no-op activity, per run (our run id / the raw workflow id). */
const marks = new Map<string, number[]>();
const mark = (key: string) => {
  const list = marks.get(key) ?? [];
  list.push(performance.now());
  marks.set(key, list);
};
/** Our no-op activity, measured from inside: its duration (the step_runs writes and config parse) and payloads. */
const oursActivity = { bodyMs: [] as number[], inBytes: [] as number[], outBytes: [] as number[] };

function chainYaml(n: number): string {
  const steps = Array.from({ length: n }, (_, i) => `  s${i}:\n    uses: test.noop\n${i ? `    needs: [s${i - 1}]\n` : ''}`);
  return `headrace: 1\nname: noop-${n}\nsteps:\n${steps.join('')}`;
}

interface RunTiming {
  /** performance.now() before starting and after the result. */
  t0: number;
  t1: number;
  marks: number[];
  workflowId: string;
}

async function main() {
  const t0 = performance.now();
  // PGlite in a process of its own, served over pglite-socket, as `headrace start` runs it: the worker and the API
  // reach it with the postgres driver, and its queries run off the worker's thread.
  const dbHome = mkdtempSync(join(tmpdir(), 'headrace-bench-db-'));
  const db = await startDbProcess(dbHome);
  const platform = await startEmbedded({
    databaseUrl: db.url,
    activities: (base) => {
      const noop = base['test.noop'];
      if (!noop) throw new Error('test.noop is not registered: HEADRACE_TEST_KINDS=1 must be set before the worker loads');
      return {
        ...base,
        'test.noop': async (input: StepInput): Promise<StepResult> => {
          mark(input.runId);
          const t = performance.now();
          const result = await noop(input);
          oursActivity.bodyMs.push(performance.now() - t);
          oursActivity.inBytes.push(Buffer.byteLength(JSON.stringify(input)));
          oursActivity.outBytes.push(Buffer.byteLength(JSON.stringify(result)));
          return result;
        },
      };
    },
  });
  const { worker: rawWorker, connection: rawConnection } = await createRawWorker({
    address: platform.temporal.address,
    wrap: (a) => ({
      noop: async (i: number) => {
        mark(Context.current().info.workflowExecution?.workflowId ?? '');
        return a.noop(i);
      },
    }),
  });
  const rawRunning = rawWorker.run();
  const client: Client = platform.client;
  log(`platform up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const oursRun = async (n: number): Promise<RunTiming> => {
    const start = performance.now();
    const run = await startRun(platform.svc, { pipeline: `noop-${n}`, author: 'bench' });
    await client.workflow.getHandle(run.workflowId).result();
    const end = performance.now();
    const m = marks.get(run.id) ?? [];
    marks.delete(run.id);
    if (m.length !== n) throw new Error(`run ${run.id}: ${m.length} of ${n} no-op activities ran`);
    return { t0: start, t1: end, marks: m, workflowId: run.workflowId };
  };
  const rawRun = async (n: number): Promise<RunTiming> => {
    const workflowId = `raw-${randomUUID()}`;
    const start = performance.now();
    await client.workflow.execute('rawChain', { taskQueue: RAW_TASK_QUEUE, workflowId, args: [n] });
    const end = performance.now();
    const m = marks.get(workflowId) ?? [];
    marks.delete(workflowId);
    if (m.length !== n) throw new Error(`raw run ${workflowId}: ${m.length} of ${n} activities ran`);
    return { t0: start, t1: end, marks: m, workflowId };
  };
  const sequential = async (k: number, one: () => Promise<RunTiming>) => {
    const out: RunTiming[] = [];
    for (let i = 0; i < k; i++) out.push(await one());
    return out;
  };

  const notes: string[] = [];
  const breakdown: string[] = [];
  try {
    for (const n of SIZES) await savePipeline(platform.svc, { source: chainYaml(n), author: 'bench' });
    await savePipeline(platform.svc, { source: chainYaml(TP_STEPS), author: 'bench' }); // may equal a size: then `unchanged`

    for (const n of SIZES) {
      const { runs, warmup, rounds } = LATENCY[n];
      if (n === SIZES.at(-1)) await db.reset();
      const s = await alternate({
        warmup,
        rounds,
        ours: () => sequential(runs, () => oursRun(n)),
        anchor: () => sequential(runs, () => rawRun(n)),
        onRound: (i, o, a) => log(`${n} steps, round ${i}: ours ${num(o.ms / runs)} ms/run, raw ${num(a.ms / runs)} ms/run`),
      });
      const gaps = (r: RunTiming) => r.marks.slice(1).map((t, i) => t - r.marks[i]);
      const q = (timings: RunTiming[], p: 'median' | 'p99') => {
        const all = timings.flatMap(gaps).sort((a, b) => a - b);
        return p === 'median' ? summarize(all).median : all[Math.min(all.length - 1, Math.ceil(0.99 * all.length) - 1)];
      };
      const per = (side: { result: RunTiming[] }[], f: (t: RunTiming[]) => number) => side.map((x) => f(x.result));
      for (const p of ['median', 'p99'] as const) {
        const ours = per(s.ours, (t) => q(t, p));
        const raw = per(s.anchor, (t) => q(t, p));
        const ratio = summarize(ours).median / summarize(raw).median;
        figure({
          bench: 'orchestration',
          name: `latency-${n}.${p === 'median' ? 'p50' : 'p99'}`,
          unit: 'ms/step',
          ours,
          anchor: raw,
          ratio: 'ours/anchor',
          goal: '≤ 1.2×',
          met: ratio <= 1.2,
          what: `${p === 'median' ? 'p50' : 'p99'} of the time from one no-op step's start to the next's, chains of ${n} (per round of ${runs} run${runs > 1 ? 's' : ''})`,
          anchorWhat: 'the same on the raw Temporal SDK chain',
        });
      }
      const e2e = (side: { result: RunTiming[] }[]) => side.flatMap((x) => x.result.map((r) => (r.t1 - r.t0) / n));
      const e2eRatio = summarize(e2e(s.ours)).median / summarize(e2e(s.anchor)).median;
      figure({
        bench: 'orchestration',
        name: `e2e-${n}`,
        unit: 'ms/step',
        ours: e2e(s.ours),
        anchor: e2e(s.anchor),
        ratio: 'ours/anchor',
        goal: '≤ 1.2×',
        met: e2eRatio <= 1.2,
        what: `a run of ${n} no-op steps from the start request to its result, ÷ ${n}`,
        anchorWhat: 'the same on the raw Temporal SDK chain',
      });
      const med = (xs: number[]) => num(summarize(xs).median);
      const heads = (side: { result: RunTiming[] }[]) => side.flatMap((x) => x.result.map((r) => r.marks[0] - r.t0));
      const tails = (side: { result: RunTiming[] }[]) => side.flatMap((x) => x.result.map((r) => r.t1 - r.marks.at(-1)!));
      const near100 = (side: { result: RunTiming[] }[]) => {
        const all = side.flatMap((x) => x.result.flatMap(gaps));
        return (100 * all.filter((g) => g >= 95 && g <= 105).length) / all.length;
      };
      const [oursAt100, rawAt100] = [near100(s.ours), near100(s.anchor)];
      breakdown.push(
        `${n} steps: ${num(oursAt100)} % of our step gaps and ${num(rawAt100)} % of the raw ones lie between 95 and 105 ms${oursAt100 > 50 && rawAt100 > 50 ? ': a floor both sides share, so the p50 ratio says little about our own cost' : ''}.`,
      );
      breakdown.push(
        `${n} steps, medians: start request → first step ${med(heads(s.ours))} ms ours, ${med(heads(s.anchor))} ms raw; last step → result ${med(tails(s.ours))} ms ours, ${med(tails(s.anchor))} ms raw (ours adds the API's \`runs\` insert before the start, and a local \`claimRun\` and \`recordRun\` at the run's two ends).`,
      );
      if (n === SIZES.at(-1)) {
        // The probe counted from before the warm-up rounds: their steps count too.
        const stepCount = (warmup + s.ours.length) * runs * n;
        const perStep = (x: DbStat) => `${x.what} ${num(x.count / stepCount)}× (${num((x.ms / x.count) * 1000)} µs each)`;
        const { statements, cpuMs } = await db.stats();
        const total = statements.reduce((a, x) => ({ count: a.count + x.count, ms: a.ms + x.ms }), { count: 0, ms: 0 });
        breakdown.push(
          `Database, ${n}-step runs (PGlite on disk in its own process, counted and timed as it ran them): ${num(total.count / stepCount)} statements per step taking ${num(total.ms / stepCount)} ms per step in all, ${num(cpuMs / stepCount)} ms of the database process's CPU per step — ${statements.slice(0, 6).map(perStep).join('; ')}.`,
        );
        breakdown.push(
          `Our no-op activity from inside (stepActivity: its step_runs and step_logs writes, config parse, gates): median ${med(oursActivity.bodyMs)} ms (p99 ${num(quantile(oursActivity.bodyMs, 0.99))} ms); the raw one does nothing. Payloads per step: ours ${med(oursActivity.inBytes)} B in (the Plan step, run id, inputs, data roots) and ${med(oursActivity.outBytes)} B out; raw 1–2 B in, nothing out.`,
        );
        const history = async (workflowId: string) => {
          const h = await client.workflow.getHandle(workflowId).fetchHistory();
          return { events: h.events?.length ?? 0, bytes: Buffer.byteLength(JSON.stringify(h)) };
        };
        const ho = await history(s.ours[0].result[0].workflowId);
        const hr = await history(s.anchor[0].result[0].workflowId);
        breakdown.push(`Workflow history of one ${n}-step run: ours ${ho.events} events, ${num(ho.bytes / 1024)} KiB as JSON; raw ${hr.events} events, ${num(hr.bytes / 1024)} KiB.`);
        const po = await stepPhases(client, s.ours[0].result[0].workflowId, 'test.noop');
        const pr = await stepPhases(client, s.anchor[0].result[0].workflowId, 'noop');
        breakdown.push(`One ${n}-step run's history, medians per step (server clock): ours ${describePhases(po, num)}; raw ${describePhases(pr, num)}.`);
      }
    }

    // Throughput: CONCURRENT runs started at once; runs/s = CONCURRENT ÷ time until the last finishes.
    await db.reset();
    const writes = stepRunWrites(platform.database.db).stats;
    const writesBefore = { ...writes };
    const tp = await alternate({
      warmup: TP.warmup,
      rounds: TP.rounds,
      ours: () => Promise.all(Array.from({ length: CONCURRENT }, () => oursRun(TP_STEPS))),
      anchor: () => Promise.all(Array.from({ length: CONCURRENT }, () => rawRun(TP_STEPS))),
      onRound: (i, o, a) => log(`throughput round ${i}: ours ${num(CONCURRENT / (o.ms / 1000))} runs/s, raw ${num(CONCURRENT / (a.ms / 1000))} runs/s`),
    });
    {
      // Warm-up rounds included, as the database process counted them.
      const stepCount = (TP.warmup + TP.rounds) * CONCURRENT * TP_STEPS;
      const { statements, cpuMs } = await db.stats();
      const count = statements.reduce((a, x) => a + x.count, 0);
      const rows = writes.rows - writesBefore.rows;
      const groups = writes.statements - writesBefore.statements;
      breakdown.push(
        `Database, ${CONCURRENT} concurrent runs of ${TP_STEPS} steps: ${num(count / stepCount)} statements per step, ${num(cpuMs / stepCount)} ms of the database process's CPU per step; step results went out ${num(rows / groups)} rows per statement (${groups} statements for ${rows} rows: docs/decisions.md, "Step results in one statement per batch").`,
      );
    }
    const rate = (xs: { ms: number }[]) => xs.map((x) => CONCURRENT / (x.ms / 1000));
    const tpRatio = summarize(rate(tp.ours)).median / summarize(rate(tp.anchor)).median;
    figure({
      bench: 'orchestration',
      name: `throughput-${CONCURRENT}x${TP_STEPS}`,
      unit: 'runs/s',
      ours: rate(tp.ours),
      anchor: rate(tp.anchor),
      ratio: 'ours/anchor',
      goal: '≥ 0.8×',
      met: tpRatio >= 0.8,
      what: `${CONCURRENT} runs of ${TP_STEPS} no-op steps started at once ÷ the time until the last one finished`,
      anchorWhat: 'the same on the raw Temporal SDK chain',
    });

    // Where the time goes: a CPU profile of this process (activities, database, client; workflow code runs on
    // the worker's workflow thread, and Temporal's core in its native threads, outside this profile).
    const n = SIZES.at(-1)!;
    const po = await profiled(() => sequential(PROFILE_RUNS, () => oursRun(n)));
    const pr = await profiled(() => sequential(PROFILE_RUNS, () => rawRun(n)));
    const show = (p: ProfileSummary) =>
      `${num(p.busyMs / (PROFILE_RUNS * n))} ms busy per step — ${p.groups.slice(0, 7).map((g) => `${g.group} ${num(g.ms / (PROFILE_RUNS * n))}`).join(', ')} ms`;
    breakdown.push(`CPU profile of the main thread (a separate pass of ${PROFILE_RUNS} runs of ${n} steps per side, not timed): ours ${show(po.profile)}; raw ${show(pr.profile)}.`);
    for (const b of breakdown) console.log(`  - ${b}`);

    notes.push(
      `Shape: a chain of \`test.noop\` steps (\`needs\` the previous one), saved once; each run is \`startRun\` (a \`runs\` row, then \`pipelineRun\` on Temporal) and waits for the workflow's result. Raw: \`bench/raw-temporal\`, \`rawChain(n)\` awaiting n no-op activities with the same activity options. Both workers in this process: 4 concurrent activities, pre-bundled workflows, reuseV8Context; Temporal dev server on SQLite (WAL), PGlite on disk in a process of its own served over pglite-socket (the API and the worker use the postgres driver), as \`headrace start\` runs them.`,
      'Sides alternate round by round. Per-step latency = the time between consecutive no-op activity starts, as the activities see it.',
      ...breakdown,
    );
  } finally {
    rawWorker.shutdown();
    // The raw worker's own failure would have failed the measurement already; here it is only reported.
    await rawRunning.catch((err: unknown) => console.error('the raw Temporal worker stopped with an error:', err));
    await rawConnection.close();
    await platform.stop();
    await db.stop();
    rmSync(dbHome, { recursive: true, force: true });
  }
  record('orchestration', {
    title: 'orchestration (issue 5)',
    commands: [benchCommand('orchestration', opts)],
    notes,
    options: opts,
  });
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

await main();
