// The GPU check's training half (issue 13; bench/gpu-check.sh runs it after `npm ci` and `headrace setup --gpu`):
// trainMlp on the 32-256-256-10 classification net, Adam (lr 1e-3), batch 1024, on 2 M seeded rows (the train
// bench's data, bench/lib/train-data.ts), once with device 'cuda' and once with 'cpu', the same seed (so the same
// initial weights and the same shuffles); prints each device's samples/s per epoch and confirms the two loss curves
// agree within a tolerance (relative, per epoch). Exit 0: both ran on their device and agree; 1: they disagree;
// 2: no NVIDIA GPU here; 3: the cuda run fell back to the CPU (its reason printed).
// Run: `npx tsx bench/gpu/check.ts [--rows=N] [--epochs=E] [--devices=cuda,cpu] [--tolerance=0.02] [--record]`
// (--devices=cpu runs the CPU half alone, where there is no GPU; --record appends a section to docs/benchmarks.md).
import { detectGpu } from '../../cli/platform/gpu';
import { trainMlp, type MlpModel } from '../../workers/compute/ml/mlp';
import type { Device } from '../../workers/compute/ml/onnx/session';
import { benchOptions, figure, num, record } from '../lib/harness';
import { summarize } from '../lib/stats';
import { CLASSES, FEATURES, trainData, trainFlopsPerSample } from '../lib/train-data';

const argv = process.argv.slice(2);
const OWN = /^--(rows|epochs|devices|tolerance)=(.*)$/;
const own = (name: string) => argv.map((a) => OWN.exec(a)).find((m) => m?.[1] === name)?.[2];
const opts = benchOptions(argv.filter((a) => !OWN.test(a)));
const ROWS = Number(own('rows') ?? (opts.smoke ? 20_000 : 2_000_000));
const EPOCHS = Number(own('epochs') ?? 3);
const TOLERANCE = Number(own('tolerance') ?? 0.02);
const DEVICES = (own('devices') ?? 'cuda,cpu').split(',').map((d) => d.trim()) as Device[];
const HIDDEN = [256, 256];
const BATCH = 1024;
const SEED = 20_261_207;
const say = (m: string) => console.log(`gpu-check: ${m}`);

function refuse(code: number, message: string): never {
  console.error(`gpu-check: ${message}`);
  process.exit(code);
}

if (!(Number.isInteger(ROWS) && ROWS >= BATCH)) refuse(64, `--rows must be an integer ≥ ${BATCH}, got ${own('rows')}`);
if (!(Number.isInteger(EPOCHS) && EPOCHS >= 1)) refuse(64, `--epochs must be a positive integer, got ${own('epochs')}`);
if (!(TOLERANCE > 0)) refuse(64, `--tolerance must be positive, got ${own('tolerance')}`);
if (!DEVICES.length || DEVICES.some((d) => d !== 'cuda' && d !== 'cpu')) refuse(64, `--devices takes cuda and/or cpu, got ${own('devices')}`);

let gpuName = '';
if (DEVICES.includes('cuda')) {
  const gpu = detectGpu();
  if (!gpu.found) {
    refuse(2, `no NVIDIA GPU on this machine (${gpu.detail}), so there is nothing to train on the GPU; run this check on a machine with an NVIDIA GPU and its driver (--devices=cpu runs the CPU half alone).`);
  }
  gpuName = gpu.detail;
  say(gpu.detail);
}

interface DeviceRun {
  device: Device;
  model: MlpModel;
  samplesPerSecond: number[];
  losses: number[];
}

const t0 = performance.now();
say(`data: ${ROWS} rows × ${FEATURES} features, ${CLASSES} classes (seed ${SEED})`);
const data = trainData(ROWS, SEED);
say(`generated in ${num((performance.now() - t0) / 1000)} s`);
const flops = trainFlopsPerSample([FEATURES, ...HIDDEN, CLASSES]);

const runs: DeviceRun[] = [];
for (const device of DEVICES) {
  say(`training ${[FEATURES, ...HIDDEN, CLASSES].join('-')} on ${device}: Adam, batch ${BATCH}, ${EPOCHS} epoch(s)`);
  const run: DeviceRun = { device, model: undefined as unknown as MlpModel, samplesPerSecond: [], losses: [] };
  run.model = await trainMlp({
    task: 'classification', X: data.X, rows: ROWS, features: Array.from({ length: FEATURES }, (_, j) => `x${j}`),
    y: data.yCls, classes: Array.from({ length: CLASSES }, (_, c) => `c${c}`), hidden: HIDDEN, activation: 'relu',
    optimizer: 'adam', learningRate: 1e-3, batchSize: BATCH, epochs: EPOCHS, seed: SEED, device,
    onEpoch: (info) => {
      run.samplesPerSecond.push(info.samplesPerSecond);
      run.losses.push(info.trainLoss);
      say(`  ${device} epoch ${info.epoch}: loss ${info.trainLoss.toFixed(5)}, ${num(info.samplesPerSecond)} samples/s (${num((info.samplesPerSecond * flops) / 1e9)} GFLOP/s)`);
    },
  });
  if (run.model.device !== device) say(`  asked for ${device}, trained on ${run.model.device}: ${run.model.deviceFallbackReason ?? 'no reason given'}`);
  runs.push(run);
}

/** Steady state: the epochs after the first, when there are any. */
const steady = (r: DeviceRun) => (r.samplesPerSecond.length > 1 ? r.samplesPerSecond.slice(1) : r.samplesPerSecond);
for (const r of runs) {
  say(`${r.device}${r.model.device !== r.device ? ` (ran on ${r.model.device})` : ''}: ${num(summarize(steady(r)).median)} samples/s, ${r.samplesPerSecond.length > 2 ? `median of epochs 2–${r.samplesPerSecond.length}` : `epoch ${r.samplesPerSecond.length}`}`);
}

let code = 0;
const fellBack = runs.filter((r) => r.model.device !== r.device);
if (fellBack.length) {
  code = 3;
  for (const r of fellBack) say(`FAILED: the ${r.device} run fell back to ${r.model.device}: ${r.model.deviceFallbackReason ?? 'no reason given'}`);
}
const cuda = runs.find((r) => r.device === 'cuda');
const cpu = runs.find((r) => r.device === 'cpu');
let worst = NaN;
if (cuda && cpu) {
  const diffs = cpu.losses.map((l, i) => Math.abs(cuda.losses[i] - l) / Math.abs(l));
  worst = Math.max(...diffs);
  const agree = worst <= TOLERANCE;
  say(`loss curves (cuda / cpu): ${cpu.losses.map((l, i) => `${cuda.losses[i].toFixed(5)} / ${l.toFixed(5)}`).join(', ')}`);
  say(`${agree ? 'agree' : 'DISAGREE'}: largest relative difference ${worst.toExponential(2)} (tolerance ${TOLERANCE})`);
  if (!agree && code === 0) code = 1;
  if (!fellBack.length) {
    const ratio = summarize(steady(cuda)).median / summarize(steady(cpu)).median;
    figure({
      bench: 'gpu-check', name: 'mlp-32-256-256-10.batch1024.cuda-vs-cpu', unit: 'samples/s', ours: steady(cuda), anchor: steady(cpu),
      ratio: 'ours/anchor', goal: 'loss curves within tolerance', met: agree,
      what: `trainMlp on cuda, ${ROWS} rows, Adam, batch ${BATCH}`, anchorWhat: 'the same on cpu (one intra-op thread), the same seed',
    });
    say(`cuda is ${num(ratio)}× cpu`);
  }
}
say(`done in ${num((performance.now() - t0) / 1000)} s`);
if (cuda && cpu && !fellBack.length) {
  record('gpu-check', {
    title: `gpu-check (issue 13) on ${gpuName.replace(/\s*\(UUID:[^)]*\)/g, '')}`,
    options: opts,
    commands: [['bash bench/gpu-check.sh', ...argv].join(' ')],
    notes: [
      `GPU: ${gpuName.replace(/\s*\(UUID:[^)]*\)/g, '')}. The same seed on both devices (same initial weights, same shuffles); loss per epoch cuda / cpu: ${cpu.losses.map((l, i) => `${cuda.losses[i].toFixed(5)} / ${l.toFixed(5)}`).join(', ')}; largest relative difference ${worst.toExponential(2)} (tolerance ${TOLERANCE}).`,
      `samples/s per epoch, cuda: ${cuda.samplesPerSecond.map(num).join(', ')}; cpu: ${cpu.samplesPerSecond.map(num).join(', ')} (the figure: epochs after the first).`,
    ],
  });
}
process.exit(code);
