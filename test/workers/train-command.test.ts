// train.command ("bring your own trainer") on a real Temporal dev server with the real worker, running real Python
// child processes: a standard-library script that reads the table file Headrace wrote (CSV, Parquet, Arrow),
// reports the environment it was given, streams lines, and leaves a model.onnx the test built with our own
// exporter; its failures (a non-zero exit with its stderr tail, no model.onnx, a model of the wrong signature, a
// folder outside the data roots, a program that is not there), each refused once with a sentence; a cancel that
// kills the program and the process it started, checked by pid. Then the scikit-learn example end to end, in its
// own virtual environment made from PyPI (once per machine, cached like the benches' environments).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { parquetReadObjects } from 'hyparquet';
import * as arrow from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pythonVenv } from '../../bench/lib/python';
import { getRun } from '../../server/db/repo/runs';
import { readStepLogs } from '../../server/db/repo/step-logs';
import { startRun } from '../../server/services/runs';
import { isRunning, stopLeftover } from '../../workers/activities/child-process';
import { stopAfterMs } from '../../workers/activities/train-command';
import { writeTableFile } from '../../workers/activities/table-files';
import { tableFromColumns } from '../../workers/compute/data/columns';
import { exportLinear, exportLogistic } from '../../workers/compute/ml';
import type { LinearModel } from '../../workers/compute/ml/linear';
import type { LogisticModel } from '../../workers/compute/ml/logistic';
import { startHarness, type Harness } from '../helpers/harness';

const ROWS = 200;
const TRICKY = 'say "hi", then go';

/** a, b in [0, 5); y = high when a + b > 5, which the hand-made logistic model below answers exactly. */
function dataCsv(): string {
  let s = 7;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const lines = ['a,b,n,flag,note,when,y'];
  for (let i = 0; i < ROWS; i++) {
    const [a, b] = [rand() * 5, rand() * 5];
    const note = i === 0 ? `"${TRICKY.replaceAll('"', '""')}"` : i % 7 === 0 ? '' : `note ${i}`;
    lines.push(`${a},${b},${i},${i % 2 === 0},${note},2024-03-${String(1 + (i % 28)).padStart(2, '0')},${a + b > 5 ? 'high' : 'low'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The trainer: standard library only, one mode per test. */
const TRAINER = String.raw`
import csv, json, os, shutil, signal, subprocess, sys, time
mode = sys.argv[1]
out = os.environ.get('HEADRACE_OUTPUT_DIR', '')

def metrics(**values):
    with open(os.path.join(out, 'metrics.json'), 'w') as f:
        json.dump(values, f)

if mode == 'ok':
    model, report = sys.argv[2], sys.argv[3]
    path = os.environ['HEADRACE_INPUT_TABLE']
    with open(path, 'rb') as f:
        data = f.read()
    seen = {k: v for k, v in os.environ.items() if k.startswith('HEADRACE_')}
    seen['cwd'] = os.getcwd()
    seen['leaked'] = sorted(k for k in ('TRAIN_COMMAND_TEST_SECRET', 'DATABASE_URL') if k in os.environ)
    seen['extra'] = os.environ.get('TRAINER_MODE')
    seen['unbuffered'] = os.environ.get('PYTHONUNBUFFERED')
    seen['head'] = data[:6].decode('latin-1')
    seen['tail'] = data[-4:].decode('latin-1')
    seen['outputExists'] = os.path.isdir(out) and os.listdir(out) == []
    if os.environ['HEADRACE_INPUT_FORMAT'] == 'csv':
        with open(path, newline='', encoding='utf-8') as f:
            rows = list(csv.reader(f))
        seen['header'] = rows[0]
        seen['first'] = rows[1:3]
        seen['count'] = len(rows) - 1
    with open(report, 'w') as f:
        json.dump(seen, f)
    print('reading ' + os.path.basename(path))
    print('progress 10%\rprogress 50%\rprogress 100%')
    print('a warning from the trainer', file=sys.stderr)
    for epoch in range(1, 4):
        print('epoch %d loss %.3f' % (epoch, 1 / epoch))
    shutil.copyfile(model, os.path.join(out, 'model.onnx'))
    metrics(accuracy=0.97, epochs=3, note='hello', lossCurve=[1, 0.5, 0.333])
elif mode == 'fail':
    print('starting')
    for i in range(30):
        print('trace line %d' % i, file=sys.stderr)
    print('ValueError: the trainer broke', file=sys.stderr)
    sys.exit(3)
elif mode == 'nomodel':
    metrics(accuracy=0.5)
elif mode == 'copy':
    shutil.copyfile(sys.argv[2], os.path.join(out, 'model.onnx'))
    print('exported a model', file=sys.stderr)
    metrics(accuracy=0.5)
elif mode == 'sleep':
    print('sleeping')
    time.sleep(600)
elif mode == 'hang':
    # Deaf to SIGTERM, like its child: only the SIGKILL after the grace period stops them.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    child = subprocess.Popen([sys.executable, '-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)'])
    pids = sys.argv[2]
    with open(pids + '.tmp', 'w') as f:
        json.dump({'child': os.getpid(), 'grandchild': child.pid}, f)
    os.rename(pids + '.tmp', pids)
    print('waiting for a cancel')
    time.sleep(600)
`;

let h: Harness;
let dir: string;

const pipeline = (name: string, steps: string) => `headrace: 1
name: ${name}
steps:
  ingest:
    uses: ingest.csv
    with:
      path: data.csv
      columns: { a: { type: number }, b: { type: number }, n: { type: integer }, flag: { type: boolean }, note: { type: string }, when: { type: date }, y: { type: string } }
${steps}`;

/** A train.command step on the ingested table running the trainer in `mode`. */
const trainStep = (id: string, args: string, extra = '') => `  ${id}:
    uses: train.command
    in: { table: ingest.table }
    with:
      command: [python3, trainer.py, ${args}]
      target: y
      features: [a, b]
${extra}`;

beforeAll(async () => {
  // A secret in the worker's environment that no program may see.
  process.env.TRAIN_COMMAND_TEST_SECRET = 'do-not-leak';
  h = await startHarness({});
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'headrace-train-command-')));
  writeFileSync(join(dir, 'data.csv'), dataCsv());
  writeFileSync(join(dir, 'trainer.py'), TRAINER);
  const logistic = {
    features: ['a', 'b'], classes: ['high', 'low'],
    weights: Float32Array.of(1, -1, 1, -1), bias: Float32Array.of(-5, 5), mean: Float32Array.of(0, 0), std: Float32Array.of(1, 1),
  } as LogisticModel;
  writeFileSync(join(dir, 'good.onnx'), exportLogistic(logistic, { target: 'y' }).bytes);
  const linear = {
    features: ['a', 'b'], weights: Float64Array.of(1, 1), bias: 0, mean: Float64Array.of(0, 0), std: Float64Array.of(1, 1), alpha: 0,
  } as LinearModel;
  writeFileSync(join(dir, 'regressor.onnx'), exportLinear(linear, { target: 'y' }).bytes);
}, 120_000);

afterAll(async () => {
  delete process.env.TRAIN_COMMAND_TEST_SECRET;
  await h?.stop();
});

async function runToEnd(source: string, opts: { baseDir?: string; params?: Record<string, unknown> } = {}) {
  const run = await startRun(h.svc, { source, baseDir: opts.baseDir ?? dir, params: opts.params, author: 'test' });
  await h.client.workflow.getHandle(run.workflowId).result().catch(() => undefined);
  const view = (await getRun(h.database.db, run.id))!;
  const attempts = (id: string) => view.steps.filter((s) => s.stepId === id);
  const logs = async (id: string) => readStepLogs(h.database.db, { runId: run.id, stepId: id, limit: 10_000 });
  return { run, view, attempts, step: (id: string) => attempts(id).at(-1)!, logs };
}

const failures = (view: { steps: Array<{ stepId: string; status: string; error: string | null }> }) =>
  JSON.stringify(view.steps.map((s) => [s.stepId, s.status, s.error]));

describe('train.command', () => {
  it('runs a Python trainer: the table as a file, HEADRACE_* variables, streamed lines, metrics and a model that serves', async () => {
    const report = (f: string) => join(dir, `report-${f}.json`);
    const { run, view, step, logs } = await runToEnd(pipeline('command-ok', [
      trainStep('train_csv', `ok, good.onnx, ${report('csv')}`, '      format: csv\n      seed: 7\n      env: { TRAINER_MODE: csv }\n    gate: { accuracy: ">= 0.9" }\n'),
      trainStep('train_parquet', `ok, good.onnx, ${report('parquet')}`, '      format: parquet\n'),
      trainStep('train_arrow', `ok, good.onnx, ${report('arrow')}`).replace('{ table: ingest.table }', '{ table: ingest.table, validation: ingest.table }'),
      '  evaluate:\n    uses: evaluate.classifier\n    in: { model: train_csv.model, table: ingest.table }\n',
    ].join('')));
    expect(view.status, failures(view)).toBe('succeeded');

    // The table as the program read it, and the environment it was given (nothing else of the worker's).
    const csv = JSON.parse(readFileSync(report('csv'), 'utf8')) as Record<string, unknown>;
    expect(csv).toMatchObject({
      HEADRACE_INPUT_FORMAT: 'csv', HEADRACE_TARGET: 'y', HEADRACE_FEATURES: '["a","b"]', HEADRACE_TASK: 'classification',
      HEADRACE_CLASSES: '["high","low"]', HEADRACE_SEED: '7', HEADRACE_RUN_ID: run.id, HEADRACE_STEP_ID: 'train_csv',
      HEADRACE_PIPELINE: 'command-ok', HEADRACE_ATTEMPT: '1', HEADRACE_DEVICE: 'cpu',
      cwd: dir, leaked: [], extra: 'csv', unbuffered: '1', outputExists: true,
      header: ['a', 'b', 'n', 'flag', 'note', 'when', 'y'], count: ROWS,
    });
    expect(csv.HEADRACE_INPUT_VALIDATION).toBeUndefined();
    const [first, second] = csv.first as string[][];
    expect(first.slice(2, 6)).toEqual(['0', 'true', TRICKY, '2024-03-01T00:00:00.000Z']);
    expect(first[6]).toBe(Number(first[0]) + Number(first[1]) > 5 ? 'high' : 'low');
    expect(second.slice(2, 5)).toEqual(['1', 'false', 'note 1']);
    const parquet = JSON.parse(readFileSync(report('parquet'), 'utf8')) as Record<string, unknown>;
    expect([(parquet.head as string).slice(0, 4), parquet.tail, parquet.HEADRACE_INPUT_FORMAT]).toEqual(['PAR1', 'PAR1', 'parquet']);
    const arrowReport = JSON.parse(readFileSync(report('arrow'), 'utf8')) as Record<string, unknown>;
    expect([arrowReport.head, arrowReport.HEADRACE_INPUT_FORMAT, arrowReport.HEADRACE_SEED]).toEqual(['ARROW1', 'arrow', '42']);
    expect(arrowReport.HEADRACE_INPUT_VALIDATION).toBe(join(dirname(arrowReport.HEADRACE_INPUT_TABLE as string), 'validation.arrow'));
    // The work folder (inputs and output) is gone once the step is over.
    expect(existsSync(dirname(csv.HEADRACE_OUTPUT_DIR as string))).toBe(false);

    // Its lines, as they came: stdout as info, stderr as warnings, a progress bar's last state.
    const lines = await logs('train_csv');
    const messages = lines.map((l) => l.message);
    expect(messages).toContain(`running python3 trainer.py ok good.onnx ${report('csv')} in ${dir}`);
    expect(messages).toEqual(expect.arrayContaining(['reading table.csv', 'progress 100%', 'epoch 1 loss 1.000', 'epoch 3 loss 0.333']));
    expect(lines.find((l) => l.message === 'a warning from the trainer')?.level).toBe('warn');
    expect(messages.indexOf('epoch 1 loss 1.000')).toBeLessThan(messages.indexOf('epoch 3 loss 0.333'));

    // metrics.json: its numbers are the step's Metrics (the gate read them) and all of it is in the summary.
    const train = step('train_csv');
    expect(train.summary).toMatchObject({ accuracy: 0.97, epochs: 3, note: 'hello', lossCurve: [1, 0.5, 0.333], task: 'classification', rows: ROWS, format: 'csv', features: 2, classes: 2 });
    const outputs = train.outputs as Record<string, { type: string; values?: Record<string, number>; signature?: unknown; training?: Record<string, unknown> }>;
    expect(outputs.metrics.values).toEqual({ accuracy: 0.97, epochs: 3 });
    expect(outputs.model.signature).toEqual({ input: 'features', features: ['a', 'b'], outputs: ['label', 'probabilities'], target: 'y', classes: ['high', 'low'] });
    expect(outputs.model.training).toMatchObject({ accuracy: 0.97, note: 'hello', task: 'classification', command: `python3 trainer.py ok good.onnx ${report('csv')}` });
    // The model it left scores the table through evaluate.classifier like any Headrace model.
    expect((step('evaluate').summary as { accuracy: number }).accuracy).toBe(1);
  }, 180_000);

  it('fails once, not retried, with the last lines of stderr when the program exits with an error', async () => {
    const { view, attempts } = await runToEnd(pipeline('command-fail', trainStep('train', 'fail')));
    expect(view.status).toBe('failed');
    expect(attempts('train').map((s) => s.status)).toEqual(['failed']);
    const error = attempts('train')[0].error!;
    expect(error).toContain('python3 trainer.py fail exited with code 3');
    expect(error).toContain('last 20 lines of its stderr (of 31):\ntrace line 11\n');
    expect(error).toMatch(/trace line 29\nValueError: the trainer broke$/);
    expect(error).not.toContain('trace line 10\n');
    expect(view.error).toContain('ValueError: the trainer broke');
  }, 120_000);

  it('fails when the program leaves no model.onnx, or a model that does not fit the signature', async () => {
    const missing = await runToEnd(pipeline('command-no-model', trainStep('train', 'nomodel')));
    expect(missing.attempts('train').map((s) => s.status)).toEqual(['failed']);
    expect(missing.step('train').error).toContain('python3 trainer.py nomodel exited with code 0 but left no model.onnx in HEADRACE_OUTPUT_DIR (it left metrics.json)\n(it wrote nothing to stderr)');

    const wrong = await runToEnd(pipeline('command-wrong-signature', trainStep('train', 'copy, regressor.onnx')));
    expect(wrong.attempts('train').map((s) => s.status)).toEqual(['failed']);
    const error = wrong.step('train').error!;
    expect(error).toContain("model.onnx from python3 trainer.py copy regressor.onnx does not fit a classifier's signature");
    expect(error).toContain('it has no output "label" (int64 [rows], the index of the class in HEADRACE_CLASSES) and no output "probabilities" (float32 [rows, 2], one column per class of HEADRACE_CLASSES); its outputs are prediction (float32 [N]) (see docs/guides/own-trainer.md)');
    expect(error).toContain('\nlast 1 lines of its stderr:\nexported a model');

    // The same regressor is right for a regression on a number column, but not with a third feature.
    const regression = await runToEnd(pipeline('command-regression', trainStep('fit', 'copy, regressor.onnx', '      task: regression\n').replace('target: y', 'target: n')));
    expect(regression.view.status, failures(regression.view)).toBe('succeeded');
    expect((regression.step('fit').outputs as { model: { signature: unknown } }).model.signature).toMatchObject({ outputs: ['prediction'], classes: [] });
    const wide = await runToEnd(pipeline('command-wide', trainStep('fit', 'copy, regressor.onnx', '      task: regression\n').replace('target: y', 'target: n').replace('features: [a, b]', 'features: [a, b, flag]')));
    expect(wide.step('fit').error).toContain('its input is features (float32 [N, 2]), not float32 [rows, 3] (the 3 features ["a","b","flag"])');
  }, 180_000);

  it('refuses a pipeline folder outside the data roots and a program that is not there', async () => {
    const outside = await runToEnd(pipeline('command-outside', trainStep('train', 'nomodel')).replace('path: data.csv', `path: ${join(dir, 'data.csv')}`), { baseDir: '/usr/share' });
    expect(outside.attempts('train').map((s) => s.status)).toEqual(['failed']);
    expect(outside.step('train').error).toMatch(/^refusing to run python3 in \/usr\/share: the pipeline's folder must lie under the data roots/);

    const absent = await runToEnd(pipeline('command-absent', trainStep('train', 'nomodel').replace('[python3,', '[.venv/bin/python,')));
    expect(absent.step('train').error).toBe(`cannot run .venv/bin/python: there is no such file in ${dir} (if it is a virtual environment's interpreter, make the environment first: see the pipeline's README)`);
    const unknown = await runToEnd(pipeline('command-unknown', trainStep('train', 'nomodel').replace('[python3,', '[no-such-program-here,')));
    expect(unknown.step('train').error).toBe("cannot run no-such-program-here: not found on the worker's PATH");
  }, 180_000);

  it('stops a program before the step times out, and fails once', async () => {
    const { attempts } = await runToEnd(pipeline('command-timeout', trainStep('train', 'sleep', '      killGraceSeconds: 0\n    timeout: 4s\n')));
    expect(attempts('train').map((s) => s.status)).toEqual(['failed']);
    expect(attempts('train')[0].error).toMatch(/^python3 trainer\.py sleep was stopped after \d+ s, to end within the step's timeout of 4 s; give the step a longer timeout: \(e\.g\. timeout: 4h\)\n\(it wrote nothing to stderr\)$/);
  }, 120_000);

  it('reuses a cached model only while the script is unchanged: the files the command names are in the cache key', async () => {
    writeFileSync(join(dir, 'cached-trainer.py'), TRAINER);
    const source = pipeline('command-cache', `  train:
    uses: train.command
    in: { table: ingest.table }
    with:
      command: [python3, cached-trainer.py, copy, good.onnx]
      target: y
      features: [a, b]
    cache: true
`);
    const first = await runToEnd(source);
    expect(first.view.status, failures(first.view)).toBe('succeeded');
    expect((await runToEnd(source)).step('train').status).toBe('cached');
    // The same command line, a changed script: trained again, not the earlier model.
    writeFileSync(join(dir, 'cached-trainer.py'), `${TRAINER}\n# changed\n`);
    const third = await runToEnd(source);
    expect(third.step('train').status).toBe('succeeded');
  }, 120_000);

  it('kills the program and the process it started when the run is cancelled', async () => {
    const pidsFile = join(dir, 'pids.json');
    const run = await startRun(h.svc, {
      source: pipeline('command-cancel', trainStep('train', `hang, ${pidsFile}`, '      killGraceSeconds: 1\n')), baseDir: dir, author: 'test',
    });
    await vi.waitUntil(() => existsSync(pidsFile), { timeout: 60_000, interval: 100 });
    const pids = JSON.parse(readFileSync(pidsFile, 'utf8')) as { child: number; grandchild: number };
    expect([isRunning(pids.child), isRunning(pids.grandchild)]).toEqual([true, true]);

    const handle = h.client.workflow.getHandle(run.workflowId);
    await handle.cancel();
    const outcome = await handle.result().then(() => undefined, (e: unknown) => e);
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    // Both ignored SIGTERM; the SIGKILL to the group a second later stopped them before the step reported back.
    expect([isRunning(pids.child), isRunning(pids.grandchild)]).toEqual([false, false]);
    const view = (await getRun(h.database.db, run.id))!;
    expect(view.status).toBe('cancelled');
    expect(view.steps.find((s) => s.stepId === 'train')?.status).toBe('cancelled');
    const messages = (await readStepLogs(h.database.db, { runId: run.id, stepId: 'train', limit: 1000 })).map((l) => l.message);
    expect(messages).toContain('waiting for a cancel');
    expect(messages.some((m) => /^stopped python3 trainer\.py hang \S+ \(pid \d+\) after [\d.]+ s: the step was cancelled$/.test(m))).toBe(true);
  }, 120_000);
});

describe('helpers of train.command', () => {
  it('stops a program an earlier attempt left running only when its environment names the run and step', async () => {
    const child = spawn('sleep', ['600'], { detached: true, stdio: 'ignore', env: { ...process.env, HEADRACE_RUN_ID: 'run-1', HEADRACE_STEP_ID: 'train' } });
    const pid = child.pid!;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      expect(stopLeftover(pid, { HEADRACE_RUN_ID: 'run-2', HEADRACE_STEP_ID: 'train' })).toBe(false);
      expect(isRunning(pid)).toBe(true);
      expect(stopLeftover(pid, { HEADRACE_RUN_ID: 'run-1', HEADRACE_STEP_ID: 'train' })).toBe(true);
      await exited;
      expect(isRunning(pid)).toBe(false);
      expect(stopLeftover(pid, { HEADRACE_RUN_ID: 'run-1', HEADRACE_STEP_ID: 'train' })).toBe(false);
    } finally {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it("bounds the program by the step's timeout less its grace period, and by half of it at least", () => {
    expect(stopAfterMs(3600, 10)).toBe(3_588_000);
    expect(stopAfterMs(4, 0)).toBe(2000);
    expect(stopAfterMs(60, 300)).toBe(30_000);
  });

  it('writes every column type, nulls included, as Parquet that reads back the same, and as CSV', async () => {
    const table = tableFromColumns([
      { name: 'x', type: 'number', values: Float64Array.of(1.5, 0, -2.25), valid: Uint8Array.of(1, 0, 1) },
      { name: 'k', type: 'integer', values: Int32Array.of(1, 2, 3), valid: null },
      { name: 'ok', type: 'boolean', values: Uint8Array.of(1, 0, 0), valid: Uint8Array.of(1, 1, 0) },
      { name: 'at', type: 'date', values: Float64Array.of(Date.UTC(2024, 0, 2), 0, Date.UTC(2025, 5, 30, 12)), valid: Uint8Array.of(1, 0, 1) },
      { name: 's', type: 'string', values: ['a,b', '', 'x"y'], valid: Uint8Array.of(1, 1, 0) },
    ]);
    const ipc = arrow.tableToIPC(table, 'file');
    const parquetFile = join(dir, 'types.parquet');
    await writeTableFile(parquetFile, 'parquet', table, ipc);
    const bytes = readFileSync(parquetFile);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    expect(rows).toEqual([
      { x: 1.5, k: 1, ok: true, at: new Date(Date.UTC(2024, 0, 2)), s: 'a,b' },
      { x: null, k: 2, ok: false, at: null, s: '' },
      { x: -2.25, k: 3, ok: null, at: new Date(Date.UTC(2025, 5, 30, 12)), s: null },
    ]);
    const csvFile = join(dir, 'types.csv');
    await writeTableFile(csvFile, 'csv', table, ipc);
    expect(readFileSync(csvFile, 'utf8')).toBe('x,k,ok,at,s\n1.5,1,true,2024-01-02T00:00:00.000Z,"a,b"\n,2,false,,""\n-2.25,3,,2025-06-30T12:00:00.000Z,\n');
    const arrowFile = join(dir, 'types.arrow');
    await writeTableFile(arrowFile, 'arrow', table, ipc);
    expect(arrow.tableFromIPC(readFileSync(arrowFile)).numRows).toBe(3);
  });
});

describe('the scikit-learn example', () => {
  const example = resolve('examples/sklearn');
  let python: string;

  beforeAll(async () => {
    // Its requirements from PyPI into a cached environment (uv: seconds when its wheels are cached, about a minute when not).
    python = (await pythonVenv(join(example, 'requirements.txt'))).python;
  }, 240_000);

  it('trains a random forest with scikit-learn, exports it with skl2onnx, and the model passes evaluate.classifier', async () => {
    const { view, step, logs } = await runToEnd(readFileSync(join(example, 'pipeline.yaml'), 'utf8'), { baseDir: example, params: { python, trees: 30 } });
    expect(view.status, failures(view)).toBe('succeeded');
    const train = step('train');
    expect(train.summary).toMatchObject({ trees: 30, task: 'classification', format: 'parquet', features: 4, classes: 3 });
    expect((train.summary as { cvAccuracy: number }).cvAccuracy).toBeGreaterThan(0.9);
    expect((train.outputs as { model: { signature: unknown } }).model.signature).toEqual({
      input: 'features', features: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'],
      outputs: ['label', 'probabilities'], target: 'Species', classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    });
    const messages = (await logs('train')).map((l) => l.message);
    expect(messages.some((m) => /^read \d+ rows and 7 columns from table\.parquet$/.test(m))).toBe(true);
    expect(messages.some((m) => /^fold 5\/5: accuracy [\d.]+$/.test(m))).toBe(true);
    expect((step('evaluate').summary as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});
