// Train bench (issue 13): Headrace's trainers on generated data against PyTorch and scikit-learn in the bench's
// Python environment (bench/python/train_anchor.py), on the same data, written once as .npy files both sides read.
// - MLP samples/s: trainMlp (one onnxruntime-node run() per batch, one intra-op thread) against PyTorch on the CPU
//   with one thread, 32-64-64-1 regression and 32-256-256-10 classification, Adam (lr 1e-3), batch 256 and 1024,
//   1 M rows × 32 features. Steady-state epochs: one warm-up epoch dropped, then the median of a few; the two sides'
//   epochs interleaved (one of ours, one of PyTorch's, …). Goal: ≥ 1.0× PyTorch.
// - GFLOP/s against the machine's float32 peak on the one core used (bench/lib/machine.ts cpuPeak), at batch 1024,
//   FLOPs counted as bench/lib/train-data.ts trainFlopsPerSample says. Goal: ≥ 25 % of peak.
// - Logistic regression, 200 k rows × 32 features, 10 classes: the time trainLogistic takes to reach the training
//   log loss that scikit-learn's LogisticRegression(solver='lbfgs') converges to on the same data, against that fit's
//   time. Goal: ≤ 1.0× scikit-learn's time.
// Run: `npm run bench -- train [--record] [--smoke]`. A smoke run uses the Python environment only when an earlier
// run made it (it is about 5 GB: PyPI's torch brings the CUDA libraries); without it, only the peak figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { trainLogistic } from '../workers/compute/ml/logistic';
import { featureStats } from '../workers/compute/ml/matrix';
import { trainMlp, type MlpEpochInfo } from '../workers/compute/ml/mlp';
import { benchOptions, figure, num, record, ROOT } from './lib/harness';
import { cpuPeak } from './lib/machine';
import { madeVenv, pythonVenv, type PythonEnv } from './lib/python';
import { summarize } from './lib/stats';
import { CLASSES, FEATURES, trainData, trainFlopsPerSample, writeNpy } from './lib/train-data';

const argv = process.argv.slice(2);
// `--part=mlp` or `--part=logistic` runs one half (the whole bench takes about 20 minutes).
const PART = /^--part=(mlp|logistic)$/;
const part = argv.map((a) => PART.exec(a)?.[1]).find(Boolean);
const opts = benchOptions(argv.filter((a) => !PART.test(a)));
const SEED = 20_261_207;
const SIZE = opts.smoke
  ? { rows: 8192, logisticRows: 4096, epochs: { warmup: 1, rounds: 2 }, logistic: { warmup: 0, rounds: 1 }, cap: 400 }
  : { rows: 1_000_000, logisticRows: 200_000, epochs: { warmup: 1, rounds: 4 }, logistic: { warmup: 1, rounds: 3 }, cap: 300 };
const NETS = [
  { name: 'mlp-32-64-64-1', task: 'regression', hidden: [64, 64], outputs: 1 },
  { name: 'mlp-32-256-256-10', task: 'classification', hidden: [256, 256], outputs: CLASSES },
] as const;
const BATCHES = [256, 1024];
const LEARNING_RATE = 1e-3;
/** scikit-learn's C, large: next to no penalty. Ours gets the same objective: l2 = 1/(C·rows) (sklearn sums the loss, ours averages it). */
const SKLEARN_C = 1e4;
const SKLEARN_TOL = 1e-4;
const SKLEARN_MAX_ITER = 1000;
/** Ours: the whole training set as one batch (heavy-ball gradient descent); see the notes for why. */
const LOGISTIC_LR = 1;
/** Ours runs until the target loss is reached, not until its own gradient test says stop. */
const LBFGS_TOL = 1e-9;
const REQUIREMENTS = join(ROOT, 'bench/python/requirements-train.txt');
const SCRIPT = join(ROOT, 'bench/python/train_anchor.py');
const log = (m: string) => process.stderr.write(`[bench train] ${m}\n`);
const features = Array.from({ length: FEATURES }, (_, j) => `x${j}`);
const classNames = Array.from({ length: CLASSES }, (_, c) => `c${c}`);

interface AnchorReady {
  torch: string;
  sklearn: string;
  threads: number;
}

/** The anchor: one long-lived Python process, one JSON command per line in, one JSON answer per line out. */
class Anchor {
  private readonly lines: string[] = [];
  private waiting?: { done: (line: string) => void; fail: (e: Error) => void };
  private stderr = '';
  private ended?: Error;
  private stopping = false;

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w.done(line);
      } else this.lines.push(line);
    });
    child.stderr!.on('data', (b) => (this.stderr = (this.stderr + String(b)).slice(-4000)));
    const end = (why: string) => {
      this.ended = new Error(`train_anchor.py ${why}:\n${this.stderr.trim().split('\n').slice(-12).join('\n')}`);
      this.waiting?.fail(this.ended);
      this.waiting = undefined;
    };
    child.once('error', (e) => end(`could not start (${e.message})`));
    child.once('exit', (code, signal) => end(`exited (${code ?? signal})`));
  }

  static async start(python: string, dir: string): Promise<{ anchor: Anchor; ready: AnchorReady }> {
    const child = spawn(python, [SCRIPT, dir], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // One thread everywhere, and no GPU: PyPI's torch is the CUDA build.
      env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', CUDA_VISIBLE_DEVICES: '' },
    });
    const anchor = new Anchor(child);
    return { anchor, ready: JSON.parse(await anchor.next()) as AnchorReady };
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((done, fail) => (this.waiting = { done, fail }));
  }

  async send<T>(cmd: Record<string, unknown>): Promise<T> {
    this.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
    return JSON.parse(await this.next()) as T;
  }

  stop(): void {
    if (this.ended || this.stopping) return;
    this.stopping = true;
    this.child.stdin!.end(`${JSON.stringify({ cmd: 'quit' })}\n`);
    setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
  }
}

/** The Python environment, or why there is none (the figures that need it are then left out). */
async function anchorEnv(): Promise<PythonEnv | string> {
  if (opts.smoke) {
    const made = madeVenv(REQUIREMENTS);
    return made ?? `the PyTorch/scikit-learn environment of ${relative(ROOT, REQUIREMENTS)} is not made yet and a smoke run does not make it (about 3 GB from PyPI: its torch is the CUDA build), so the figures against PyTorch and scikit-learn are left out; \`npm run bench -- train\` makes it`;
  }
  try {
    const env = await pythonVenv(REQUIREMENTS);
    if (env.created) log(`Python environment made in ${env.setupSeconds.toFixed(0)} s`);
    return env;
  } catch (e) {
    return `the PyTorch/scikit-learn environment could not be made, so the figures against PyTorch and scikit-learn are left out: ${(e as Error).message.split('\n')[0]}`;
  }
}

interface EpochSample {
  samplesPerSecond: number;
  loss: number;
}

interface MlpResult {
  net: (typeof NETS)[number];
  batch: number;
  ours: EpochSample[];
  anchor: EpochSample[];
}

/** One net at one batch size: trainMlp for warm-up + rounds epochs, a PyTorch epoch after each of ours. */
async function mlpCase(data: ReturnType<typeof trainData>, net: (typeof NETS)[number], batch: number, anchor?: Anchor): Promise<MlpResult> {
  const epochs = SIZE.epochs.warmup + SIZE.epochs.rounds;
  const result: MlpResult = { net, batch, ours: [], anchor: [] };
  if (anchor) await anchor.send({ cmd: 'mlp', task: net.task, hidden: net.hidden, batch, lr: LEARNING_RATE, seed: SEED });
  const onEpoch = async (info: MlpEpochInfo) => {
    const keep = info.epoch > SIZE.epochs.warmup;
    if (keep) result.ours.push({ samplesPerSecond: info.samplesPerSecond, loss: info.trainLoss });
    if (anchor) {
      const a = await anchor.send<{ ms: number; loss: number }>({ cmd: 'epoch' });
      if (keep) result.anchor.push({ samplesPerSecond: data.rows / (a.ms / 1000), loss: a.loss });
    }
  };
  const common = {
    X: data.X, rows: data.rows, features, hidden: [...net.hidden], activation: 'relu' as const, optimizer: 'adam' as const,
    learningRate: LEARNING_RATE, batchSize: batch, epochs, seed: SEED, onEpoch, device: 'cpu' as const,
  };
  const model = net.task === 'classification'
    ? await trainMlp({ ...common, task: 'classification', y: data.yCls, classes: classNames })
    : await trainMlp({ ...common, task: 'regression', y: data.yReg });
  const med = (xs: EpochSample[]) => (xs.length ? num(summarize(xs.map((x) => x.samplesPerSecond)).median) : '—');
  log(`${net.name} batch ${batch}: ours ${med(result.ours)} samples/s (${model.device}), PyTorch ${med(result.anchor)} samples/s`);
  return result;
}

/** Mean softmax cross-entropy of a logistic model (weights for standardized inputs) over rows of standardized X, in float64. */
function logLoss(Xs: Float32Array, y: Int32Array, rows: number, W: ArrayLike<number>, b: ArrayLike<number>): number {
  const z = new Float64Array(CLASSES);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < CLASSES; c++) z[c] = b[c];
    for (let j = 0; j < FEATURES; j++) {
      const x = Xs[r * FEATURES + j];
      for (let c = 0; c < CLASSES; c++) z[c] += x * W[j * CLASSES + c];
    }
    let max = -Infinity;
    for (const v of z) max = Math.max(max, v);
    let s = 0;
    for (const v of z) s += Math.exp(v - max);
    total += max + Math.log(s) - z[y[r]];
  }
  return total / rows;
}

interface LogisticRun {
  /** Time from the trainLogistic call to the end of the epoch that reached the target (or the cap), less the loss checks. */
  ms: number;
  reached: boolean;
  epochs: number;
  loss: number;
}

/** Thrown from onEpoch to end trainLogistic once the target is reached (the trainer has no stop callback). */
class Reached extends Error {}

/**
 * trainLogistic until its training log loss ≤ target, checked after every epoch (in float64 over every row, as
 * scikit-learn's is; the checks are not timed), or `SIZE.cap` epochs.
 */
async function logisticToTarget(X: Float32Array, y: Int32Array, rows: number, target: number): Promise<LogisticRun> {
  // The standardization trainLogistic applies, computed the same way, for the loss checks.
  const s = featureStats(X, rows, FEATURES);
  const mean = Float32Array.from(s.mean);
  const std = Float32Array.from(s.std);
  const Xs = new Float32Array(rows * FEATURES);
  for (let i = 0; i < Xs.length; i++) Xs[i] = Math.fround(Math.fround(X[i] - mean[i % FEATURES]) / std[i % FEATURES]);
  let checking = 0;
  const run: LogisticRun = { ms: 0, reached: false, epochs: 0, loss: Infinity };
  const t0 = performance.now();
  try {
    await trainLogistic({
      X, rows, features, y, classes: classNames, epochs: SIZE.cap, learningRate: LOGISTIC_LR, batchSize: rows,
      l2: 1 / (SKLEARN_C * rows), seed: SEED, solver: 'lbfgs', tolerance: LBFGS_TOL,
      onEpoch: (epoch, _batchLoss, ck) => {
        const c0 = performance.now();
        run.ms = c0 - t0 - checking;
        run.epochs = epoch;
        run.loss = logLoss(Xs, y, rows, ck.weights, ck.bias);
        checking += performance.now() - c0;
        if (run.loss <= target) {
          run.reached = true;
          throw new Reached('reached');
        }
      },
    });
  } catch (e) {
    if (!(e instanceof Reached)) throw e;
  }
  return run;
}

interface SklearnResult {
  ms: number[];
  cpu_ms: number[];
  loss: number;
  n_iter: number;
  converged: boolean;
}

async function main() {
  const t0 = performance.now();
  const peak = cpuPeak();
  const env = await anchorEnv();
  const skipped: string[] = [];
  if (typeof env === 'string') {
    skipped.push(env);
    log(env);
  }
  log(`data: ${SIZE.rows} rows × ${FEATURES} features (the logistic problem: the first ${SIZE.logisticRows}), seed ${SEED}`);
  const rows = Math.max(SIZE.rows, SIZE.logisticRows);
  const all = trainData(rows, SEED);
  const mlpData = { ...all, rows: SIZE.rows, X: all.X.subarray(0, SIZE.rows * FEATURES), yReg: all.yReg.subarray(0, SIZE.rows), yCls: all.yCls.subarray(0, SIZE.rows) };
  const dir = mkdtempSync(join(tmpdir(), 'headrace-bench-train-'));
  let anchor: Anchor | undefined;
  let versions: AnchorReady | undefined;
  try {
    if (typeof env !== 'string') {
      writeNpy(join(dir, 'x.npy'), mlpData.X, [SIZE.rows, FEATURES]);
      writeNpy(join(dir, 'y_reg.npy'), mlpData.yReg, [SIZE.rows]);
      writeNpy(join(dir, 'y_cls.npy'), mlpData.yCls, [SIZE.rows]);
      writeNpy(join(dir, 'y_log.npy'), all.yLog.subarray(0, SIZE.logisticRows), [SIZE.logisticRows]);
      const started = await Anchor.start(env.python, dir);
      anchor = started.anchor;
      versions = started.ready;
      log(`PyTorch ${started.ready.torch} with ${started.ready.threads} thread(s)`);
    }

    // ---- MLP ----
    const mlp: MlpResult[] = [];
    if (part !== 'logistic') for (const net of NETS) for (const batch of BATCHES) mlp.push(await mlpCase(mlpData, net, batch, anchor));

    // ---- logistic regression ----
    let sklearn: SklearnResult | undefined;
    const ours: LogisticRun[] = [];
    if (anchor && part !== 'mlp') {
      const X = all.X.subarray(0, SIZE.logisticRows * FEATURES);
      const y = all.yLog.subarray(0, SIZE.logisticRows);
      const fit = () => anchor!.send<SklearnResult>({
        cmd: 'logistic', rows: SIZE.logisticRows, C: SKLEARN_C, tol: SKLEARN_TOL, max_iter: SKLEARN_MAX_ITER, warmup: 0, rounds: 1,
      });
      // The first fit gives the target (and is the warm-up fit when there is one); then one fit and one run of ours a
      // round, the order swapped every round.
      const first = await fit();
      const fits: SklearnResult[] = SIZE.logistic.warmup ? [] : [first];
      log(`scikit-learn lbfgs: ${num(first.ms[0])} ms, ${first.n_iter} iterations, log loss ${first.loss.toFixed(7)}`);
      for (let i = 0; i < SIZE.logistic.warmup + SIZE.logistic.rounds; i++) {
        const needFit = i >= SIZE.logistic.warmup && (i > 0 || SIZE.logistic.warmup > 0);
        let r: LogisticRun;
        if (i % 2 === 0) {
          r = await logisticToTarget(X, y, SIZE.logisticRows, first.loss);
          if (needFit) fits.push(await fit());
        } else {
          if (needFit) fits.push(await fit());
          r = await logisticToTarget(X, y, SIZE.logisticRows, first.loss);
        }
        if (i >= SIZE.logistic.warmup) ours.push(r);
      }
      sklearn = { ...first, ms: fits.flatMap((f) => f.ms), cpu_ms: fits.flatMap((f) => f.cpu_ms) };
      const r = ours[0];
      log(`ours: ${r.reached ? `reached it after ${r.epochs} epochs` : `not reached in ${r.epochs} epochs (log loss ${r.loss.toFixed(7)})`}, ${num(summarize(ours.map((o) => o.ms)).median)} ms`);
      anchor.stop();
    }

    // ---- figures ----
    const flopsOf = (net: (typeof NETS)[number]) => trainFlopsPerSample([FEATURES, ...net.hidden, net.outputs]);
    const sps = (xs: EpochSample[]) => xs.map((x) => x.samplesPerSecond);
    const arch = (net: (typeof NETS)[number]) => `${[FEATURES, ...net.hidden, net.outputs].join('-')} ${net.task}`;
    for (const m of mlp) {
      if (!m.anchor.length) continue;
      const ratio = summarize(sps(m.ours)).median / summarize(sps(m.anchor)).median;
      figure({
        bench: 'train', name: `${m.net.name}.batch${m.batch}.vs-pytorch`, unit: 'samples/s', ours: sps(m.ours), anchor: sps(m.anchor),
        ratio: 'ours/anchor', goal: '≥ 1.0×', met: ratio >= 1,
        what: `trainMlp, ${arch(m.net)}, Adam, batch ${m.batch}, ${SIZE.rows} rows, steady-state epochs, one intra-op thread`,
        anchorWhat: `PyTorch ${versions?.torch} on the CPU, torch.set_num_threads(1), the same net, Adam and batch, interleaved epoch by epoch`,
      });
    }
    if (peak) {
      for (const m of mlp.filter((x) => x.batch === 1024)) {
        const gflops = sps(m.ours).map((s) => (s * flopsOf(m.net)) / 1e9);
        const share = summarize(gflops).median / peak.gflopsPerCore;
        figure({
          bench: 'train', name: `${m.net.name}.batch1024.peak-share`, unit: 'GFLOP/s', ours: gflops, anchor: [peak.gflopsPerCore],
          ratio: 'ours/anchor', goal: '≥ 0.25× (25 % of peak)', met: share >= 0.25,
          what: `trainMlp, ${arch(m.net)}, batch 1024: samples/s × ${flopsOf(m.net)} FLOP per sample`,
          anchorWhat: `the float32 peak of the one core used: ${peak.flopsPerCycle} FLOP/cycle × ${num(peak.mhz)} MHz`,
        });
      }
    } else skipped.push('no float32 peak: lscpu or a clock is missing, so the peak-share figures are left out');
    if (sklearn && ours.length) {
      const oursMs = ours.map((o) => o.ms);
      const ratio = summarize(oursMs).median / summarize(sklearn.ms).median;
      const reached = ours.every((o) => o.reached);
      figure({
        bench: 'train', name: 'logistic.time-to-sklearn-loss', unit: 'ms', ours: oursMs, anchor: sklearn.ms, ratio: 'ours/anchor',
        goal: '≤ 1.0×', met: reached && ratio <= 1,
        what: `trainLogistic to scikit-learn's training log loss, ${SIZE.logisticRows} × ${FEATURES}, ${CLASSES} classes${reached ? '' : ` (NOT reached in ${SIZE.cap} epochs: the time to the cap)`}`,
        anchorWhat: `scikit-learn LogisticRegression(solver='lbfgs', C=${SKLEARN_C}, tol=${SKLEARN_TOL}).fit, BLAS on one thread`,
      });
    }

    // ---- tables and notes ----
    const med = (xs: number[]) => (xs.length ? summarize(xs).median : NaN);
    const pct = (gflops: number) => (peak ? `${((100 * gflops) / peak.gflopsPerCore).toFixed(1)} %` : '—');
    const mlpTable = [
      '| net | batch | ours samples/s | PyTorch samples/s | ours / PyTorch | FLOP per sample | ours GFLOP/s (of peak) | PyTorch GFLOP/s (of peak) | last epoch loss, ours / PyTorch |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|',
      ...mlp.map((m) => {
        const o = med(sps(m.ours));
        const a = med(sps(m.anchor));
        const f = flopsOf(m.net);
        const gf = (s: number) => (Number.isFinite(s) ? `${num((s * f) / 1e9)} (${pct((s * f) / 1e9)})` : '—');
        const loss = (xs: EpochSample[]) => (xs.length ? xs.at(-1)!.loss.toFixed(4) : '—');
        return `| ${arch(m.net)} | ${m.batch} | ${num(o)} | ${Number.isFinite(a) ? num(a) : '—'} | ${Number.isFinite(a) ? num(o / a) : '—'} | ${f} | ${gf(o)} | ${gf(a)} | ${loss(m.ours)} / ${loss(m.anchor)} |`;
      }),
    ].join('\n');
    const logisticTable = sklearn && ours.length
      ? [
          '| side | time (median) | iterations / epochs | training log loss | |',
          '|---|---:|---:|---:|---|',
          `| scikit-learn lbfgs | ${num(med(sklearn.ms))} ms (CPU ${num(med(sklearn.cpu_ms))} ms) | ${sklearn.n_iter} iterations | ${sklearn.loss.toFixed(7)} (the target) | ${sklearn.converged ? 'converged (tol)' : `stopped at max_iter ${SKLEARN_MAX_ITER}`} |`,
          `| Headrace trainLogistic (lbfgs) | ${num(med(ours.map((o) => o.ms)))} ms | ${ours[0].epochs} iterations | ${ours[0].loss.toFixed(7)} | ${ours[0].reached ? 'reached the target' : `not reached in ${SIZE.cap} epochs`} |`,
        ].join('\n')
      : undefined;
    console.log(mlpTable);
    if (logisticTable) console.log(logisticTable);
    const notes = [
      `Data (seeded, \`bench/lib/train-data.ts\`): ${SIZE.rows} rows × ${FEATURES} unit-variance features, each correlated with its neighbour (0.8·zⱼ + 0.6·zⱼ₋₁); regression target linear plus products and a tanh plus noise; 10 classes drawn from the softmax of a random 32-32-10 tanh net; the logistic problem's 10 classes drawn from the softmax of a random linear model on the first ${SIZE.logisticRows} rows. Written once as .npy files that the Python side reads; ours uses the same arrays in memory.`,
      `MLP: ReLU, Adam (lr ${LEARNING_RATE}, β 0.9/0.999, ε 1e-8), no dropout, no L2, no validation split, features standardized before any timing. Ours: \`trainMlp\` (device cpu: one onnxruntime-node run() per batch, one intra-op thread, the batch gathered inside the graph); its samples/s per epoch is the rows over the epoch's shuffle and batches, as \`MlpEpochInfo.samplesPerSecond\` reports it. ${SIZE.epochs.warmup} warm-up epoch dropped, then ${SIZE.epochs.rounds} epochs${versions ? ' per side, interleaved: one of ours, then one of PyTorch\'s' : ''}.`,
      ...(versions
        ? [
            `PyTorch ${versions.torch}: nn.Sequential of Linear and ReLU, torch.optim.Adam with its defaults (the for-loop implementation on CPU), torch.set_num_threads(1) and set_num_interop_threads(1), OMP/MKL/OPENBLAS_NUM_THREADS=1, CUDA_VISIBLE_DEVICES='' (PyPI has no CPU-only Linux torch wheel: this is its CUDA build, kept off the GPU); per epoch a torch.randperm, then per batch index_select of the rows, forward, mean loss, backward, step, loss.item() (ours reads each batch's loss too). Its initialization is PyTorch's own, so the loss columns agree in size, not digit for digit. One thread on both sides only: Headrace's sessions are fixed at one intra-op thread.`,
          ]
        : []),
      `FLOPs per sample: the matrix products of forward and backward, a multiply-add counted as 2: 2·in·out per layer forward, 2·in·out per layer for the weight gradient, 2·in·out per layer but the first for the input gradient (no side computes the data's gradient) = 6·Σ in·out − 2·32·width₁: ${NETS.map((n) => `${flopsOf(n)} for ${[FEATURES, ...n.hidden, n.outputs].join('-')}`).join(', ')} (6 × weights would be ${NETS.map((n) => flopsOf(n) + 2 * FEATURES * n.hidden[0]).join(' and ')}); biases, activations, the loss and Adam are not counted.`,
      peak
        ? `Peak: ${num(peak.gflopsPerCore)} GFLOP/s = ${peak.flopsPerCycle} float32 FLOP per cycle × ${num(peak.mhz)} MHz × 1 core (the one thread used). FLOP per cycle from lscpu's flags: ${peak.isa}. Clock: ${peak.clock}. A turbo clock above it would lower every share.`
        : 'Peak: not known on this machine (no lscpu, or no clock).',
      ...(sklearn && versions
        ? [
            `Logistic regression: scikit-learn ${versions.sklearn} LogisticRegression(solver='lbfgs', C=${SKLEARN_C}, tol=${SKLEARN_TOL}, max_iter=${SKLEARN_MAX_ITER}) on the raw float64 features (already near unit scale), BLAS held to one thread (threadpoolctl), ${SIZE.logistic.warmup} warm-up fit then ${SIZE.logistic.rounds}, fit() timed; its training log loss (mean cross-entropy of predict_proba over the rows) is the target. Ours: \`trainLogistic\` with the same objective (l2 = 1/(C·rows) = ${(1 / (SKLEARN_C * SIZE.logisticRows)).toExponential(2)}), timed from the call (standardization and session creation included) to the end of the first epoch whose training log loss (float64, every row, not timed) is ≤ the target, at most ${SIZE.cap} epochs; ${SIZE.logistic.warmup} warm-up run then ${SIZE.logistic.rounds}. trainLogistic runs with \`solver: lbfgs\` (full-batch L-BFGS, memory 10, Armijo backtracking; one epoch is one iteration, its loss and derived gradient one onnxruntime run over every row) and its own gradient test off (tolerance 1e-9), so the target alone ends it. Its mini-batch SGD solver, used before, stalls 1e-4–5e-4 above the target and reached it only as full-batch heavy-ball descent in about 105 epochs (6.5 s).`,
          ]
        : []),
      ...skipped.map((s) => `Left out: ${s}.`),
      `Setup (data, files, Python start) and measurements: ${num((performance.now() - t0) / 1000)} s in all.`,
    ];
    record('train', {
      title: 'train (issue 13)',
      options: opts,
      commands: [
        ['npm run bench -- train', ...argv].join(' '),
        ...(typeof env === 'string' ? [] : [`${relative(ROOT, env.python)} ${relative(ROOT, SCRIPT)} DATA_DIR   # the anchors, on the files the bench wrote, driven over stdin`]),
      ],
      notes,
      tables: [...(mlp.length ? [mlpTable] : []), ...(logisticTable ? [logisticTable] : [])],
    });
  } finally {
    anchor?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
