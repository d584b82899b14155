// Serving (issue 11, Performance): the highest request rate the predict server answers with p99 ≤ 10 ms, for
// single-row requests and 64-row batches, for the penguins model and a 32-feature logistic regression, against
// `mlflow models serve` of the same ONNX model (MLflow's onnx flavour, its own pinned virtual environment), and
// beside them two limits: the same predict server with inference replaced by a constant answer (the HTTP floor)
// and onnxruntime-node's run() in process. Also p99 at a fixed rate with a shadow variant on versus off.
//
// Every server is a child process pinned to core 0 (`taskset -c 0`); the load comes from a separate process on
// core 1 over loopback: bench/serve/loadgen, an open-loop generator (requests leave at their scheduled times
// whatever the server does, latency counted from the scheduled time). The rate search doubles the offered rate
// from a start until a run misses (any non-2xx, any unanswered request, or p99 > 10 ms), then bisects.
// Headrace is sent its own protocol ({"rows": [{feature: value}…]} on /v1/endpoints/NAME/predict), and its 64-row
// batches also as V2 binary tensors (the fastest body it takes); MLflow its cheapest ({"inputs": [[…]…]} on
// /invocations, read into a float32 tensor without a DataFrame).
//
// Run: `npm run bench -- serve [--record] [--smoke]`; HEADRACE_SERVE_BENCH_QUICK=1 for a quick development run
// (the penguins model only, 1 s runs). A full run takes about 6 minutes. When the MLflow environment cannot be
// made (no PyPI, no Python), the Headrace rows are still measured and printed, and the bench exits 1 saying why.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../cli/platform/database';
import { freePort } from '../server/temporal/dev-server';
import { benchCommand, benchOptions, figure, num, record, ROOT } from './lib/harness';
import { pythonVenv, type PythonEnv } from './lib/python';
import { summarize } from './lib/stats';
import { buildLoadgen, load, P99_BOUND_MS, searchRate, type LoadResult, type SearchResult } from './serve/load';
import { BATCHES, benchModel, mlflowBody, MODELS, plainBody, v2BinaryBody, type Batch, type ModelName } from './serve/models';

const opts = benchOptions(process.argv.slice(2));
const quick = !opts.smoke && process.env.HEADRACE_SERVE_BENCH_QUICK === '1';
const SIZE = opts.smoke
  ? { models: ['penguins'] as ModelName[], seconds: 0.4, warmup: 0.1, warmRun: 0.2, bisect: 0, maxSteps: 2, ortSeconds: 0.1, ortRounds: 1, shadowRounds: 1 }
  : quick
    ? { models: ['penguins'] as ModelName[], seconds: 1, warmup: 0.3, warmRun: 1, bisect: 2, maxSteps: 8, ortSeconds: 0.3, ortRounds: 2, shadowRounds: 2 }
    : { models: MODELS, seconds: 2, warmup: 0.5, warmRun: 3, bisect: 3, maxSteps: 10, ortSeconds: 0.5, ortRounds: 3, shadowRounds: 5 };
type Side = 'headrace' | 'floor' | 'mlflow';
/** Where each side's search starts (req/s), by batch size. */
const START: Record<Side, Record<Batch, number>> = {
  headrace: { 1: 2000, 64: 500 }, floor: { 1: 4000, 64: 1000 }, mlflow: { 1: 50, 64: 25 },
};
const say = (line: string) => process.stderr.write(`[bench serve] ${line}\n`);

// The load generator stays off the servers' core.
spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
const work = mkdtempSync(join(tmpdir(), 'headrace-bench-serve-'));
const children = new Set<ChildProcess>();
const stopAll = () => {
  for (const c of children) if (c.pid && c.exitCode === null) try { process.kill(-c.pid, 'SIGTERM'); } catch { /* gone */ }
};
process.once('exit', stopAll);

/** A child in a process group of its own (MLflow's server has children), pinned to core 0. */
function pinned(cmd: string, args: string[], env: Record<string, string> = {}, cwd = ROOT): ChildProcess {
  const child = spawn('taskset', ['-c', '0', cmd, ...args], { cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const t = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
  await exited;
  clearTimeout(t);
}

/** Resolves with the first stdout line starting with `prefix` (its rest), or rejects when the child exits first. */
function lineFrom(child: ChildProcess, prefix: string, what: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let err = '';
    const onErr = (b: Buffer) => (err = (err + b.toString()).slice(-4000));
    const onData = (b: Buffer) => {
      buf += b.toString();
      const line = buf.split('\n').find((l) => l.startsWith(`${prefix} `));
      if (line !== undefined) {
        done();
        resolve(line.slice(prefix.length + 1));
      }
    };
    const onExit = (code: number | null) => { done(); reject(new Error(`${what} exited (${code}) before answering:\n${err.trim()}`)); };
    const timer = setTimeout(() => { done(); reject(new Error(`${what} did not answer within ${timeoutMs / 1000} s:\n${err.trim()}`)); }, timeoutMs);
    const done = () => { clearTimeout(timer); child.stdout!.off('data', onData); child.stderr!.off('data', onErr); child.off('exit', onExit); };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onErr);
    child.once('exit', onExit);
  });
}

/**
 * The predict server on its one core runs with V8's garbage collector on its own thread (`--single-threaded-gc`,
 * as docs/serving.md advises for a server with one core): otherwise V8's four concurrent GC helper threads, at the
 * same priority, take the core from the request thread for tens of milliseconds during a marking cycle.
 */
function tsServer(mode: 'headrace' | 'ort', config: object): ChildProcess {
  const gc = mode === 'headrace' ? ['--single-threaded-gc'] : [];
  return pinned(process.execPath, [...gc, ...process.execArgv, '--import', 'tsx', join(ROOT, 'bench', 'serve', 'server.ts'), mode, JSON.stringify(config)]);
}

function bodyFile(name: string, text: string | Buffer): string {
  const f = join(work, name);
  writeFileSync(f, text);
  return f;
}

// ---- the measurements -----------------------------------------------------------------------------------------------

const loadgen = buildLoadgen();
const found: Record<string, SearchResult> = {};
/** A request body: JSON (each side's own protocol), or for Headrace's 64-row batches also V2 binary tensors. */
type Form = 'json' | 'binary';
const key = (side: Side, model: ModelName, batch: Batch, form: Form = 'json') => `${side}/${model}/${batch}${form === 'binary' ? '/binary' : ''}`;

async function searchSide(side: Side, model: ModelName, port: number): Promise<void> {
  const m = benchModel(model);
  const runs = BATCHES.flatMap((batch) => (side !== 'mlflow' && batch === 64 ? (['json', 'binary'] as Form[]) : (['json'] as Form[])).map((form) => ({ batch, form })));
  for (const { batch, form } of runs) {
    const path = side === 'mlflow' ? '/invocations' : form === 'binary' ? `/v2/models/${model}/infer` : `/v1/endpoints/${model}/predict`;
    const binary = form === 'binary' ? v2BinaryBody(m, batch) : undefined;
    const body = bodyFile(`${side}-${model}-${batch}-${form}`, binary?.body ?? (side === 'mlflow' ? mlflowBody(m, batch) : plainBody(m, batch)));
    const binaryHeader = binary?.headerLength;
    const label = `${side} ${model} ×${batch}${binary ? ' binary' : ''}`;
    // Every server gets the same unmeasured warm-up at its starting rate first (JIT, connection pools, caches), so
    // the search's first run does not measure a cold process.
    const start = opts.smoke ? START[side][batch] / 4 : START[side][batch];
    const warm = await load(loadgen, { port, path, bodyFile: body, binaryHeader, rate: start, seconds: SIZE.warmRun, warmupSeconds: 0 });
    say(`${label}: warm-up at ${num(start)} req/s (not counted): p99 ${warm.p99} ms, ${warm.ok}/${warm.measured} ok`);
    await new Promise((d) => setTimeout(d, 1000));
    const r = await searchRate(
      (rate) => load(loadgen, { port, path, bodyFile: body, binaryHeader, rate, seconds: Math.min(4, Math.max(SIZE.seconds, opts.smoke ? 0 : 400 / rate)), warmupSeconds: SIZE.warmup }),
      {
        start, bisect: SIZE.bisect, maxSteps: SIZE.maxSteps,
        // Smoke runs prove the script works on any machine: their bound is loose.
        boundMs: opts.smoke ? 1000 : P99_BOUND_MS,
        log: (p, ok) => say(`${label}: ${num(p.offered)} req/s offered → p50 ${p.p50} ms, p99 ${p.p99} ms, ${p.ok}/${p.measured} ok${p.unfinished ? `, ${p.unfinished} unanswered` : ''}${p.firstError ? ` (${p.firstError})` : ''}: ${ok ? 'pass' : 'miss'}`),
      },
    );
    found[key(side, model, batch, form)] = r;
    say(`${label}: highest rate with p99 ≤ ${P99_BOUND_MS} ms: ${num(r.rate)} req/s (${num(r.rate * batch)} rows/s)`);
  }
}

async function headraceSide(model: ModelName, floor: boolean): Promise<{ shadow?: { on: number[]; off: number[]; rate: number; compared: number } }> {
  // A fresh embedded database per side, served from this process (core 1) over pglite-socket as `headrace start`
  // serves it to its predict server.
  const dbHome = mkdtempSync(join(work, 'db-'));
  const database = await startEmbeddedDatabase(dbHome, 0);
  const child = tsServer('headrace', { models: [model], floor, shadow: !floor && model === 'penguins', databaseUrl: database.url });
  const side: Side = floor ? 'floor' : 'headrace';
  try {
    const { port } = JSON.parse(await lineFrom(child, 'ready', `the ${side} predict server`)) as { port: number };
    await searchSide(side, model, port);
    if (floor || model !== 'penguins') return {};
    // Shadow on versus off: endpoint penguins-shadow copies every request to version 2; rounds alternate. With
    // shadow on every request is inferred twice, so the rate is a quarter of the highest single-row rate: the
    // server with shadow on then works at about half its capacity, as it does with shadow off at half the rate.
    const max = found[key('headrace', model, 1)].rate;
    const rate = Math.max(50, Math.round((max || 400) / 4));
    const body = bodyFile('shadow.json', plainBody(benchModel(model), 1));
    const on: number[] = [];
    const off: number[] = [];
    const since = Date.now();
    for (let r = 0; r < SIZE.shadowRounds; r++) {
      for (const shadow of r % 2 === 0 ? [false, true] : [true, false]) {
        const res = await load(loadgen, { port, path: `/v1/endpoints/${model}${shadow ? '-shadow' : ''}/predict`, bodyFile: body, rate, seconds: opts.smoke ? 0.4 : 3, warmupSeconds: SIZE.warmup });
        if (res.ok !== res.measured) throw new Error(`shadow ${shadow ? 'on' : 'off'} at ${rate} req/s: ${res.measured - res.ok} requests failed (${res.firstError ?? JSON.stringify(res.status)})`);
        (shadow ? on : off).push(res.p99);
        say(`shadow ${shadow ? 'on ' : 'off'} at ${rate} req/s: p50 ${res.p50} ms, p99 ${res.p99} ms`);
        await new Promise((d) => setTimeout(d, 200));
      }
    }
    // Whether the shadow copies were made: what the server flushed to serving_windows (every 5 s, and at close).
    await new Promise((d) => setTimeout(d, 5500));
    child.stdin!.write(`stats ${model}-shadow ${since}\n`);
    const stats = JSON.parse(await lineFrom(child, 'stats', 'the predict server', 30_000)) as Array<{ role: string; shadow: { compared: number } | null }>;
    const compared = Array.isArray(stats) ? stats.filter((s) => s.role === 'shadow').reduce((a, s) => a + (s.shadow?.compared ?? 0), 0) : 0;
    return { shadow: { on, off, rate, compared } };
  } finally {
    await stop(child);
    await database.stop();
  }
}

/**
 * `mlflow models serve` on a free port, answering /ping. Another process may take the port between the OS's answer
 * and uvicorn's bind (the bench smoke runs beside other tests); uvicorn then exits, and a fresh port is tried.
 */
async function startMlflow(env: PythonEnv, dir: string, bin: string): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = pinned(env.python, ['-m', 'mlflow', 'models', 'serve', '-m', dir, '--env-manager', 'local', '-h', '127.0.0.1', '-p', String(port)], {
      PATH: `${bin}:${process.env.PATH ?? ''}`, MLFLOW_TRACKING_URI: join(work, 'mlruns'),
    }, work);
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-3000)));
    child.stdout!.resume();
    const t0 = Date.now();
    for (;;) {
      if (child.exitCode !== null) {
        if (attempt < 3) break;
        throw new Error(`mlflow models serve exited (${child.exitCode}) three times; the last said:\n${err.trim()}`);
      }
      if (Date.now() - t0 > 120_000) {
        await stop(child);
        throw new Error(`mlflow models serve did not answer /ping within 120 s:\n${err.trim()}`);
      }
      const up = await fetch(`http://127.0.0.1:${port}/ping`).then((r) => r.ok, () => false);
      // Answering /ping while exited means another process holds the port: not ours.
      if (up && child.exitCode === null) return { child, port };
      await new Promise((d) => setTimeout(d, 200));
    }
    say(`mlflow models serve exited before answering on port ${port} (${err.trim().split('\n').pop() ?? ''}); trying another port`);
  }
}

async function mlflowSide(env: PythonEnv, model: ModelName): Promise<void> {
  const onnx = join(work, `${model}.onnx`);
  writeFileSync(onnx, benchModel(model).bytes);
  const dir = join(work, `mlflow-${model}`);
  const saved = spawnSync(env.python, [join(ROOT, 'bench', 'python', 'mlflow_onnx_model.py'), onnx, dir], { cwd: work, encoding: 'utf8' });
  if (saved.status !== 0) throw new Error(`saving ${model} as an MLflow model failed: ${saved.stderr.trim().split('\n').slice(-3).join(' ')}`);
  // MLflow starts uvicorn through bash (`exec uvicorn …`): a shim that runs the environment's uvicorn module goes
  // first on PATH (the environment's own bin/ scripts name the folder it was made in before being moved).
  const bin = join(work, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'uvicorn'), `#!/bin/sh\nexec '${env.python}' -m uvicorn "$@"\n`, { mode: 0o755 });
  const t0 = Date.now();
  const { child, port } = await startMlflow(env, dir, bin);
  try {
    say(`mlflow models serve (${model}) answered after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await searchSide('mlflow', model, port);
  } finally {
    await stop(child);
  }
}

const t0 = performance.now();
let mlflowEnv: PythonEnv | undefined;
let mlflowFailure: string | undefined;
try {
  mlflowEnv = await pythonVenv(join(ROOT, 'bench', 'python', 'requirements-mlflow.txt'));
  if (mlflowEnv.created) say(`made the MLflow environment in ${mlflowEnv.setupSeconds.toFixed(0)} s`);
} catch (e) {
  mlflowFailure = `the MLflow environment could not be made, so the MLflow rows are missing: ${(e as Error).message.split('\n')[0]}`;
  say(mlflowFailure);
}
const tMeasure = performance.now();

const ort: Record<string, { single: number[]; batch64: number[] }> = {};
let shadow: { on: number[]; off: number[]; rate: number; compared: number } | undefined;
for (const model of SIZE.models) {
  const child = tsServer('ort', { model, seconds: SIZE.ortSeconds, rounds: SIZE.ortRounds });
  ort[model] = JSON.parse(await lineFrom(child, 'ort', 'the onnxruntime-node run')) as { single: number[]; batch64: number[] };
  await stop(child);
  shadow = (await headraceSide(model, false)).shadow ?? shadow;
  await headraceSide(model, true);
  if (mlflowEnv && !mlflowFailure) {
    try {
      await mlflowSide(mlflowEnv, model);
    } catch (e) {
      mlflowFailure = `mlflow models serve could not be measured, so the MLflow rows are missing: ${(e as Error).message.split('\n')[0]}`;
      say(mlflowFailure);
    }
  }
}

// ---- figures --------------------------------------------------------------------------------------------------------

const rateOf = (side: Side, model: ModelName, batch: Batch, form: Form = 'json') => found[key(side, model, batch, form)]?.rate ?? 0;
const what = (model: ModelName, batch: Batch) => `${model}, ${batch === 1 ? 'single-row' : '64-row'} requests, highest rate with p99 ≤ ${P99_BOUND_MS} ms, server on one core`;
for (const model of SIZE.models) {
  for (const batch of BATCHES) {
    const name = `${model}.${batch === 1 ? 'single' : 'batch64'}`;
    const ours = rateOf('headrace', model, batch);
    if (!mlflowFailure) {
      const anchor = rateOf('mlflow', model, batch);
      figure({
        bench: 'serve', name: `${name}.vs-mlflow`, unit: 'req/s', ours: [ours], anchor: [anchor], ratio: 'ours/anchor', goal: '≥ 20×',
        met: anchor > 0 && ours / anchor >= 20, what: what(model, batch), anchorWhat: 'mlflow models serve 3.17.2 (onnx flavour), same model and rows',
      });
    }
    const floor = rateOf('floor', model, batch);
    figure({
      bench: 'serve', name: `${name}.floor-share`, unit: 'req/s', ours: [ours], anchor: [floor], ratio: 'ours/anchor', goal: '≥ 0.6×',
      met: floor > 0 && ours / floor >= 0.6, what: what(model, batch), anchorWhat: 'the same server, inference replaced by a constant answer',
    });
  }
  // 64-row batches as V2 binary tensors, the fastest body the predict server takes (MLflow's server takes JSON).
  const binary = rateOf('headrace', model, 64, 'binary');
  const whatBinary = `${model}, 64-row requests as V2 binary tensors (/v2/models/NAME/infer), highest rate with p99 ≤ ${P99_BOUND_MS} ms, server on one core`;
  if (!mlflowFailure) {
    const anchor = rateOf('mlflow', model, 64);
    figure({
      bench: 'serve', name: `${model}.batch64-binary.vs-mlflow`, unit: 'req/s', ours: [binary], anchor: [anchor], ratio: 'ours/anchor', goal: '≥ 20×',
      met: anchor > 0 && binary / anchor >= 20, what: whatBinary, anchorWhat: 'mlflow models serve 3.17.2 (onnx flavour), same model and rows, as JSON (the body it takes)',
    });
  }
  const binaryFloor = rateOf('floor', model, 64, 'binary');
  figure({
    bench: 'serve', name: `${model}.batch64-binary.floor-share`, unit: 'req/s', ours: [binary], anchor: [binaryFloor], ratio: 'ours/anchor', goal: '≥ 0.6×',
    met: binaryFloor > 0 && binary / binaryFloor >= 0.6, what: whatBinary, anchorWhat: 'the same server and body, inference replaced by a constant answer',
  });
}
if (shadow) {
  figure({
    bench: 'serve', name: 'penguins.shadow-p99', unit: 'ms', ours: shadow.on, anchor: shadow.off, ratio: 'ours/anchor', goal: '≤ 1.1×',
    met: summarize(shadow.on).median <= 1.1 * summarize(shadow.off).median,
    what: `p99 at ${shadow.rate} req/s (single row), every request copied to a shadow variant`, anchorWhat: 'the same server and rate, no shadow',
  });
}

const cell = (r: SearchResult | undefined, batch: Batch) =>
  r ? `${num(r.rate)} | ${num(r.rate * batch)} | ${r.best ? `${r.best.p50} / ${r.best.p99}` : '—'} | ${r.probes.length}` : '— | — | — | —';
const table = [
  '| side | model | rows per request | highest rate, p99 ≤ 10 ms (req/s) | rows/s | p50 / p99 at that rate (ms) | runs |',
  '|---|---|---|---|---|---|---|',
  ...SIZE.models.flatMap((model) => BATCHES.flatMap((batch) => (['headrace', 'floor', 'mlflow'] as Side[]).map((side) =>
    `| ${{ headrace: 'Headrace predict server', floor: 'HTTP floor (constant answer)', mlflow: 'mlflow models serve' }[side]} | ${model} | ${batch} | ${cell(found[key(side, model, batch)], batch)} |`))),
  ...SIZE.models.flatMap((model) => (['headrace', 'floor'] as Side[]).map((side) =>
    `| ${side === 'headrace' ? 'Headrace predict server' : 'HTTP floor (constant answer)'}, V2 binary tensors | ${model} | 64 | ${cell(found[key(side, model, 64, 'binary')], 64)} |`)),
  ...SIZE.models.flatMap((model) => [
    `| onnxruntime-node run(), in process | ${model} | 1 | ${num(summarize(ort[model].single).median)} runs/s | ${num(summarize(ort[model].single).median)} | — | ${ort[model].single.length} |`,
    `| onnxruntime-node run(), in process | ${model} | 64 | ${num(summarize(ort[model].batch64).median / 64)} runs/s | ${num(summarize(ort[model].batch64).median)} | — | ${ort[model].batch64.length} |`,
  ]),
].join('\n');
console.log(`\n${table}\n`);
const notes = [
  `Load: bench/serve/loadgen (Go, standard library), open loop: requests leave at their scheduled times over as many keep-alive connections as needed, latency counted from the scheduled time; ${SIZE.seconds} s runs (longer at low rates, so each run has ≥ 400 requests; at most 4 s) after ${SIZE.warmup} s at the same rate, rates doubled from a start until a run missed (any non-2xx, any unanswered, p99 > ${P99_BOUND_MS} ms), then ${SIZE.bisect} geometric bisection(s). Servers pinned with taskset -c 0, the generator on core 1, loopback.`,
  'Headrace: a PGlite database and a local artifact store, the model registered and deployed with the control plane, startPredictServer with its defaults (one inference thread for its one core, the prediction log on, every request logged), in node --single-threaded-gc. Requests: {"rows": [{feature: value, …}]} on /v1/endpoints/NAME/predict; 64-row batches also as V2 binary tensors on /v2/models/NAME/infer (a JSON header naming one FP32 input of shape [64] per feature, every output asked in binary, then the float32 columns; Inference-Header-Content-Length), as tritonclient sends them by default. HTTP floor: the same server process with InferenceEngine.predict replaced (in the bench\'s process only) by a constant answer, the outputs of a real run on the same rows.',
  'MLflow: mlflow models serve 3.17.2 --env-manager local (uvicorn, one worker), the onnx flavour with a float32 tensor signature and a one-thread onnxruntime 1.30.0 session; requests {"inputs": [[…], …]} on /invocations.',
  `onnxruntime-node 1.30.0 run() in one process pinned to core 0, the inference worker's session options, ${SIZE.ortRounds} round(s) of ${SIZE.ortSeconds} s per batch size.`,
  ...(shadow ? [`Shadow: endpoint penguins-shadow (variants penguins-v1 primary weight 100, penguins-v2 shadow weight 100) against endpoint penguins (v1 alone) at ${shadow.rate} req/s, ${SIZE.shadowRounds} alternating round(s) of ${opts.smoke ? 0.4 : 3} s; p99 (ms) on: ${shadow.on.join(', ')}; off: ${shadow.off.join(', ')}; ${shadow.compared} shadow comparisons flushed to serving_windows${shadow.compared === 0 ? ' (none: shadow copies were not made, so this figure does not measure shadowing yet)' : ''}.`] : []),
  ...(mlflowFailure ? [`MLflow rows missing: ${mlflowFailure}.`] : []),
  `Setup ${((tMeasure - t0) / 1000).toFixed(0)} s${mlflowEnv?.created ? ' (the MLflow environment was made in this run)' : ''}, measurements ${((performance.now() - tMeasure) / 1000).toFixed(0)} s.`,
];
const section = record('serve', { commands: [benchCommand('serve', opts)], options: opts, notes, tables: [table] });
if (!opts.record) console.log(section);
rmSync(work, { recursive: true, force: true });
if (mlflowFailure) {
  console.error(`bench serve: ${mlflowFailure}`);
  process.exit(1);
}
