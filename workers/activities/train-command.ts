// train.command: bring your own trainer. The step writes its input tables as files, runs the configured program
// (no shell) in the pipeline's folder with HEADRACE_* variables naming them and an empty output folder, streams its
// stdout and stderr into the step's log, heartbeats while it runs, stops it with its whole process group on a
// cancel or a timeout (child-process.ts), and then requires model.onnx and metrics.json in the output folder: the
// model must fit the signature every Headrace model keeps (command-model.ts), and metrics.json's numbers become the
// step's Metrics. Whatever goes wrong with the program is the user's to fix, so it fails the step at once (not
// retried) with the program's last stderr lines. docs/guides/own-trainer.md is the user's side of this contract.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CancelledFailure } from '@temporalio/common';
import * as arrow from 'apache-arrow';
import type { TrainCommandConfig } from '../../dsl/catalog';
import type { TableRef } from '../../dsl/refs';
import { getRunSummary } from '../../server/db/repo/runs';
import { ConfinementError, assertInsideRoots } from '../compute/data/confine';
import { tableToMatrix } from '../compute/ml';
import type { StepResult } from '../workflows/types';
import { runChild, stopLeftover, type ChildResult } from './child-process';
import { checkModel } from './command-model';
import { userError } from './errors';
import type { KindContext } from './kinds';
import { TABLE_FILE_EXT, writeTableFile } from './table-files';
import { trainingFeatures } from './train-features';
import { mlpTask } from './train-mlp';

/** Variables of the worker's environment a program gets (with those starting with a PASSED_PREFIXES entry); nothing else leaks in. */
export const PASSED_ENV = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'LD_LIBRARY_PATH',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
];
export const PASSED_PREFIXES = ['LC_', 'OMP_', 'MKL_', 'OPENBLAS_', 'CUDA_', 'NVIDIA_'];

/** Lines of the program's output written to the step's log; the rest are counted (a log is for people). */
const MAX_LOGGED_LINES = 10_000;
/** stderr lines quoted in an error. */
const TAIL_LINES = 20;
/** The largest metrics.json read, and the largest part of it kept in the step's summary. */
const MAX_METRICS_BYTES = 1024 * 1024;
const MAX_SUMMARY_METRICS_CHARS = 64 * 1024;
/** Rows the model is run on to prove it fits. */
const SAMPLE_ROWS = 32;

/** The heartbeat while the program runs: where it runs, so the next attempt can stop it if this worker died. */
interface CommandHeartbeat {
  command: { pid: number; host: string };
  lines: number;
}

/** An argument as a person would type it into a shell (for the log and errors only: nothing runs through a shell). */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}

/** The pipeline's folder (the run's Plan.baseDir) as its real path, which must lie under the data roots. */
async function pipelineFolder(ctx: KindContext<'train.command'>, program: string): Promise<string> {
  const run = await getRunSummary(ctx.deps.db, ctx.input.runId);
  const baseDir = (run?.plan as { baseDir?: string } | undefined)?.baseDir;
  if (!baseDir) {
    throw userError('BadConfig', `train.command runs ${program} in the pipeline's folder, and this pipeline has none (it was saved without its file): run or apply it from its file (headrace run pipeline.yaml, headrace apply)`);
  }
  try {
    return assertInsideRoots(baseDir, ctx.dataRoots);
  } catch (err) {
    if (!(err instanceof ConfinementError)) throw err;
    throw userError('Forbidden', `refusing to run ${program} in ${baseDir}: the pipeline's folder must lie under the data roots [${ctx.dataRoots.join(', ')}] (${err.message}); move the pipeline under one of them, or add its folder to HEADRACE_DATA_ROOTS`);
  }
}

/** The environment the program runs with: a few of the worker's variables, PYTHONUNBUFFERED, the step's `env:`, then the HEADRACE_* contract. */
export function programEnv(workerEnv: NodeJS.ProcessEnv, config: Pick<TrainCommandConfig, 'env'>, contract: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(workerEnv)) {
    if (v !== undefined && (PASSED_ENV.includes(k) || PASSED_PREFIXES.some((p) => k.startsWith(p)))) env[k] = v;
  }
  // Python buffers a pipe's output in blocks; line by line is what makes the log follow the program.
  env.PYTHONUNBUFFERED = '1';
  return { ...env, ...(config.env ?? {}), ...contract };
}

const ENV_PORT = (port: string) => `HEADRACE_INPUT_${port.toUpperCase()}`;

/** Writes each connected Table input as `inputs/<port><ext>`; returns the variables naming them. */
async function writeInputs(ctx: KindContext<'train.command'>, dir: string, tables: Array<[string, TableRef, arrow.Table, Uint8Array]>): Promise<Record<string, string>> {
  const vars: Record<string, string> = {};
  await mkdir(dir, { recursive: true });
  for (const [port, ref, table, ipc] of tables) {
    const file = join(dir, `${port}${TABLE_FILE_EXT[ctx.config.format]}`);
    const t0 = Date.now();
    await writeTableFile(file, ctx.config.format, table, ipc);
    ctx.heartbeat();
    const { size } = await stat(file);
    ctx.log.info(`${ENV_PORT(port)}: ${ref.rows} rows, ${ref.columns.length} columns as ${ctx.config.format} (${formatBytes(size)}, ${Date.now() - t0} ms)`);
    vars[ENV_PORT(port)] = file;
  }
  return vars;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** " Its last stderr lines: …" for an error (or that it wrote none). */
function tailText(result: Pick<ChildResult, 'stderrTail' | 'lines'> | undefined): string {
  if (!result) return '';
  if (result.stderrTail.length === 0) return '\n(it wrote nothing to stderr)';
  const skipped = result.lines.stderr - result.stderrTail.length;
  return `\nlast ${result.stderrTail.length} lines of its stderr${skipped > 0 ? ` (of ${result.lines.stderr})` : ''}:\n${result.stderrTail.join('\n')}`;
}

/**
 * When to stop the program: early enough that its grace period ends before the step's own timeout, so the step
 * fails here, once, with a sentence (at Temporal's timeout the attempt would be retried, the program still running).
 */
export function stopAfterMs(timeoutSeconds: number, killGraceSeconds: number): number {
  return Math.max(timeoutSeconds * 500, (timeoutSeconds - killGraceSeconds - 2) * 1000);
}

/** Why the program did not succeed, or undefined when it exited with 0. */
function failure(result: ChildResult, shown: string, timeoutSeconds: number): string | undefined {
  if (result.stopped === 'timeout') {
    return `${shown} was stopped after ${Math.round(result.durationMs / 1000)} s, to end within the step's timeout of ${timeoutSeconds} s; give the step a longer timeout: (e.g. timeout: 4h)`;
  }
  if (result.code === 0) return undefined;
  if (result.code !== null) return `${shown} exited with code ${result.code}`;
  const oom = result.signal === 'SIGKILL' ? ' (not by Headrace: the system may have run out of memory)' : '';
  return `${shown} was killed by ${result.signal}${oom}`;
}

/** metrics.json: a JSON object; its finite numbers are the Metrics, its scalars and small values the summary's. */
function parseMetrics(text: string, where: string): { values: Record<string, number>; summary: Record<string, unknown>; training: Record<string, number | string> } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not JSON (${(err as Error).message})`, { cause: err });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${where} must hold a JSON object of named metrics, like {"accuracy": 0.97}`);
  const entries = Object.entries(doc as Record<string, unknown>);
  const values = Object.fromEntries(entries.filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
  const training = Object.fromEntries(entries.filter((e): e is [string, number | string] => (typeof e[1] === 'number' && Number.isFinite(e[1])) || typeof e[1] === 'string'));
  const summary = JSON.stringify(doc).length <= MAX_SUMMARY_METRICS_CHARS ? (doc as Record<string, unknown>) : training;
  return { values, summary, training };
}

export async function trainCommandStep(ctx: KindContext<'train.command'>): Promise<StepResult> {
  const c = ctx.config;
  const ref = ctx.inputs.table;
  const shown = commandLine(c.command);
  if (ref.preprocessing) {
    // Its model is the script's own: the fitted transforms could not be put in front of it, and a model served
    // without them would read raw values as if they were transformed.
    throw userError('BadConfig', `train.command cannot take a table made by ${[...new Set(ref.preprocessing.transforms.map((t) => `prepare.${t.kind}`))].join(', ')}: its model would be served without that preprocessing. Preprocess inside your script (e.g. a scikit-learn Pipeline exported with skl2onnx), or feed it the table from before those steps`);
  }

  // What the model must fit, from the data, before anything runs: a missing or non-numeric feature, nulls in one,
  // a text target for a regression are the config's or the data's mistakes, said now.
  const ipc = await ctx.deps.store.get(ref.uri);
  const table = arrow.tableFromIPC(ipc);
  const features = trainingFeatures(ref, c.target, c.features);
  const task = mlpTask(c, ref.columns);
  const m = tableToMatrix(table, features, task === 'classification' ? c.target : undefined);
  if (task === 'regression') tableToMatrix(table, [c.target]);
  const classes = task === 'classification' ? m.classes! : [];
  if (task === 'classification' && classes.length < 2) {
    throw userError('BadData', `need at least 2 classes in "${c.target}" to train a classifier, got ${classes.length} (${classes.join(', ')})`);
  }
  const tables: Array<[string, TableRef, arrow.Table, Uint8Array]> = [['table', ref, table, ipc]];
  const validation = ctx.inputs.validation;
  if (validation) {
    const bytes = await ctx.deps.store.get(validation.uri);
    tables.push(['validation', validation, arrow.tableFromIPC(bytes), bytes]);
  }

  const cwd = await pipelineFolder(ctx, c.command[0]);
  const program = c.command[0].includes('/') ? resolve(cwd, c.command[0]) : c.command[0];
  if (program !== c.command[0] && !existsSync(program)) {
    throw userError('BadConfig', `cannot run ${c.command[0]}: there is no such file in ${cwd} (if it is a virtual environment's interpreter, make the environment first: see the pipeline's README)`);
  }

  // A worker that died left its attempt's program running: stop it before starting another (only when it is ours).
  const marks = { HEADRACE_RUN_ID: ctx.input.runId, HEADRACE_STEP_ID: ctx.input.step.id };
  const previous = (ctx.previous as Partial<CommandHeartbeat> | undefined)?.command;
  if (previous?.host === hostname() && stopLeftover(previous.pid, marks)) {
    ctx.log.warn(`stopped pid ${previous.pid}, the program the previous attempt left running`);
  }

  const work = await mkdtemp(join(tmpdir(), 'headrace-command-'));
  try {
    const outputDir = join(work, 'output');
    await mkdir(outputDir);
    const inputs = await writeInputs(ctx, join(work, 'inputs'), tables);
    const device = ctx.input.step.resources.gpu ? ctx.deps.device ?? 'cpu' : 'cpu';
    const env = programEnv(process.env, c, {
      ...inputs,
      HEADRACE_INPUT_FORMAT: c.format,
      HEADRACE_OUTPUT_DIR: outputDir,
      HEADRACE_TARGET: c.target,
      HEADRACE_FEATURES: JSON.stringify(features),
      HEADRACE_TASK: task,
      HEADRACE_CLASSES: JSON.stringify(classes),
      HEADRACE_SEED: String(c.seed),
      HEADRACE_DEVICE: device,
      HEADRACE_PIPELINE: ctx.input.pipeline,
      HEADRACE_ATTEMPT: String(ctx.attempt),
      ...marks,
    });

    ctx.log.info(`running ${shown} in ${cwd}`);
    let logged = 0;
    const child = runChild({
      command: program,
      args: c.command.slice(1),
      cwd,
      env,
      signal: ctx.signal,
      timeoutMs: stopAfterMs(ctx.input.step.timeoutSeconds, c.killGraceSeconds),
      killGraceMs: c.killGraceSeconds * 1000,
      tailLines: TAIL_LINES,
      onLine: (stream, line) => {
        if (logged < MAX_LOGGED_LINES) ctx.log[stream === 'stdout' ? 'info' : 'warn'](line);
        else if (logged === MAX_LOGGED_LINES) ctx.log.warn(`… more output than ${MAX_LOGGED_LINES} lines: the rest is not logged`);
        logged++;
      },
    });
    const beat = () => ctx.heartbeat({ command: { pid: child.pid, host: hostname() }, lines: logged } satisfies CommandHeartbeat);
    beat();
    // The SDK sends at most one heartbeat per 0.8 × the heartbeat timeout; a cancel arrives with its answer.
    const beating = setInterval(beat, 1000);
    let result: ChildResult;
    try {
      result = await child.done;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? `not found${program === c.command[0] ? " on the worker's PATH" : ''}` : code === 'EACCES' ? 'not executable (or a folder)' : (err as Error).message;
      throw userError('BadConfig', `cannot run ${c.command[0]}: ${why}`);
    } finally {
      clearInterval(beating);
    }
    const seconds = Math.round(result.durationMs / 100) / 10;
    if (result.leftovers) ctx.log.warn(`stopped ${result.leftovers} process(es) it left running`);
    if (result.stopped === 'cancelled' || ctx.signal.aborted) {
      ctx.log.warn(`stopped ${shown} (pid ${result.pid}) after ${seconds} s: the step was cancelled`);
      throw new CancelledFailure('cancelled');
    }
    const failed = failure(result, shown, ctx.input.step.timeoutSeconds);
    if (failed) throw userError('BadConfig', `${failed}${tailText(result)}`);
    ctx.log.info(`${shown} exited with code 0 after ${seconds} s`);

    // The two files it must leave.
    const present = await readdir(outputDir);
    const missing = ['model.onnx', 'metrics.json'].filter((f) => !present.includes(f));
    if (missing.length > 0) {
      const found = present.length > 0 ? `it left ${present.join(', ')}` : 'it left nothing there';
      throw userError('BadConfig', `${shown} exited with code 0 but left no ${missing.join(' and no ')} in HEADRACE_OUTPUT_DIR (${found})${tailText(result)}`);
    }
    const metricsFile = join(outputDir, 'metrics.json');
    if ((await stat(metricsFile)).size > MAX_METRICS_BYTES) {
      throw userError('BadConfig', `metrics.json from ${shown} is larger than ${formatBytes(MAX_METRICS_BYTES)}; keep it to named metrics${tailText(result)}`);
    }
    const metricsBytes = await readFile(metricsFile);
    let metrics: ReturnType<typeof parseMetrics>;
    try {
      metrics = parseMetrics(metricsBytes.toString('utf8'), `metrics.json from ${shown}`);
    } catch (err) {
      throw userError('BadConfig', `${(err as Error).message}${tailText(result)}`);
    }
    const modelBytes = new Uint8Array(await readFile(join(outputDir, 'model.onnx')));
    const rows = Math.min(SAMPLE_ROWS, m.rows);
    const { input } = await checkModel(
      modelBytes,
      { task, features, classes, sample: { X: m.X.subarray(0, rows * features.length), rows } },
      `model.onnx from ${shown}`,
      tailText(result),
    );

    const model = await ctx.deps.store.put(modelBytes, '.onnx');
    const doc = await ctx.deps.store.put(metricsBytes, '.json');
    const values = Object.entries(metrics.values).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ');
    ctx.log.info(`model ${model.hash.slice(0, 12)} fits the ${task} signature (input "${input}", ${features.length} features${task === 'classification' ? `, ${classes.length} classes` : ''}); metrics: ${values || 'none'}`);
    const facts = { task, rows: ref.rows, format: c.format, seconds };
    return {
      outputs: {
        model: {
          type: 'Model', hash: model.hash, uri: model.uri, framework: 'onnx',
          signature: { input, features, outputs: task === 'classification' ? ['label', 'probabilities'] : ['prediction'], target: c.target, classes },
          trainingDatasets: [ref.hash],
          training: { ...metrics.training, ...facts, command: shown },
        },
        metrics: { type: 'Metrics', values: metrics.values, hash: doc.hash, uri: doc.uri },
      },
      summary: {
        command: shown, ...facts, features: features.length, ...(task === 'classification' ? { classes: classes.length } : {}),
        outputLines: result.lines.stdout + result.lines.stderr,
        ...metrics.summary,
      },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
