// Drift bench (issue 12): one monitoring window's drift statistics — 1 M reference rows × 100 k current rows × 20
// features (14 numeric, 6 categorical), seeded — by Headrace's sketches (server/monitoring/stats) against two anchors
// on the same data, written once as .npy files that every side reads: Evidently's data drift preset configured with
// the same tests, and a numpy/scipy floor (bench/python/drift_anchor.py). Ours: the reference profiled once (timed
// apart, as registration does it), then per window a sketch per feature fed every current value, and PSI + KS +
// Jensen–Shannon (numeric) or PSI + chi-squared + Jensen–Shannon (categorical). Also the time of one sketch update.
// Goals: ≥ 50× Evidently; ≤ 1.5× the numpy/scipy floor; ≤ 200 ns per sketch update.
// Run: `npm run bench -- drift [--record] [--smoke] [--scale=F]` (F scales both row counts; 0.1 = 100 k × 10 k).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  createWindowSketch, featureDrift, profileCategorical, profileNumeric, type FeatureProfile,
} from '../server/monitoring/stats';
import { mulberry32 } from '../workers/compute/random';
import { benchOptions, figure, num, record, repeat, ROOT, times } from './lib/harness';
import { pythonVenv } from './lib/python';
import { summarize } from './lib/stats';

const argv = process.argv.slice(2);
const scaleArg = argv.find((a) => a.startsWith('--scale='));
const opts = benchOptions(argv.filter((a) => !a.startsWith('--scale=')));
const SCALE = scaleArg ? Number(scaleArg.slice('--scale='.length)) : opts.smoke ? 0.01 : 1;
if (!(SCALE > 0 && SCALE <= 1)) throw new Error(`--scale must be in (0, 1]: ${scaleArg}`);
const REF_ROWS = Math.round(1_000_000 * SCALE);
const CUR_ROWS = Math.round(100_000 * SCALE);
const NUMERIC = 14;
const CATEGORIES = [3, 5, 8, 12, 20, 50];
const SEED = 20_261_206;
const ROUNDS = opts.smoke ? { warmup: 0, rounds: 2 } : { warmup: 1, rounds: 5 };
/** Evidently takes long at full size: fewer rounds. */
const EVIDENTLY_ROUNDS = opts.smoke ? { warmup: 0, rounds: 1 } : { warmup: 1, rounds: 3 };
const SCRIPT = join(ROOT, 'bench/python/drift_anchor.py');
const log = (m: string) => process.stderr.write(`[bench drift] ${m}\n`);

interface Data {
  numNames: string[];
  catNames: string[];
  /** Category names per categorical feature. */
  categories: string[][];
  refNum: Float64Array[];
  curNum: Float64Array[];
  refCat: Int32Array[];
  curCat: Int32Array[];
}

/**
 * Seeded data: numeric features of four shapes (normal, log-normal, uniform, two modes), every third one shifted
 * in the window by 0.3 of its spread; categorical features with Zipf-like shares, every other one reweighted in the
 * window. Both sides see the same values.
 */
function generate(): Data {
  const rand = mulberry32(SEED);
  const normal = () => {
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const numeric = (j: number, n: number, shift: number): Float64Array => {
    const out = new Float64Array(n);
    const mu = j * 3;
    const sd = 1 + (j % 4);
    for (let i = 0; i < n; i++) {
      const z = normal();
      const v = j % 4 === 0 ? mu + sd * z : j % 4 === 1 ? Math.exp(0.5 * z) * sd : j % 4 === 2 ? mu + sd * 4 * rand() : (rand() < 0.3 ? -sd : sd) + 0.5 * z;
      out[i] = v + shift * sd;
    }
    return out;
  };
  const categorical = (k: number, n: number, reweight: boolean): Int32Array => {
    const w = Array.from({ length: k }, (_, c) => (reweight ? 1 / Math.sqrt(k - c) : 1 / (c + 1)));
    const total = w.reduce((a, b) => a + b, 0);
    const cdf: number[] = [];
    let acc = 0;
    for (const x of w) cdf.push((acc += x / total));
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const u = rand();
      let c = 0;
      while (c < k - 1 && u >= cdf[c]) c++;
      out[i] = c;
    }
    return out;
  };
  const numNames = Array.from({ length: NUMERIC }, (_, j) => `num_${j}`);
  const catNames = CATEGORIES.map((_, j) => `cat_${j}`);
  return {
    numNames,
    catNames,
    categories: CATEGORIES.map((k, j) => Array.from({ length: k }, (_, c) => `${catNames[j]}_v${c}`)),
    refNum: numNames.map((_, j) => numeric(j, REF_ROWS, 0)),
    curNum: numNames.map((_, j) => numeric(j, CUR_ROWS, j % 3 === 0 ? 0.3 : 0)),
    refCat: CATEGORIES.map((k) => categorical(k, REF_ROWS, false)),
    curCat: CATEGORIES.map((k, j) => categorical(k, CUR_ROWS, j % 2 === 0)),
  };
}

/** A C-order .npy file of `rows` (each a feature's column) as numpy's format 1.0 writes it. */
function writeNpy(file: string, cols: Float64Array[] | Int32Array[]): void {
  const f64 = cols[0] instanceof Float64Array;
  const n = cols[0].length;
  let header = `{'descr': '${f64 ? '<f8' : '<i4'}', 'fortran_order': False, 'shape': (${cols.length}, ${n}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += `${' '.repeat(pad % 64)}\n`;
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const parts: Buffer[] = [pre, Buffer.from(header, 'latin1')];
  for (const c of cols) parts.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  writeFileSync(file, Buffer.concat(parts));
}

interface AnchorResult {
  ms: number[];
  cpu_ms: number[];
  setup_ms: number;
  result: number;
}

function anchor(python: string, dir: string, side: 'evidently' | 'floor', r: { warmup: number; rounds: number }): Promise<AnchorResult> {
  return new Promise((done, fail) => {
    const child = spawn(python, [SCRIPT, dir, side, String(r.warmup), String(r.rounds)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.once('error', fail);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) return fail(new Error(`drift_anchor.py ${side} failed (${code}):\n${err.slice(-2000)}`));
      done(JSON.parse(line) as AnchorResult);
    });
  });
}

async function main() {
  const t0 = performance.now();
  const env = await pythonVenv(join(ROOT, 'bench/python/requirements-drift.txt'));
  if (env.created) log(`Python environment made in ${env.setupSeconds.toFixed(1)} s`);
  log(`data: ${REF_ROWS} reference rows × ${CUR_ROWS} current rows × ${NUMERIC + CATEGORIES.length} features (scale ${SCALE})`);
  const d = generate();
  const dir = mkdtempSync(join(tmpdir(), 'headrace-bench-drift-'));
  try {
    writeNpy(join(dir, 'ref_num.npy'), d.refNum);
    writeNpy(join(dir, 'cur_num.npy'), d.curNum);
    writeNpy(join(dir, 'ref_cat.npy'), d.refCat);
    writeNpy(join(dir, 'cur_cat.npy'), d.curCat);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ numeric: d.numNames, categorical: d.catNames, categories: d.categories }));

    // Categorical values reach the sketches as the prediction log gives them: strings.
    const refCatValues = d.refCat.map((codes, j) => Array.from(codes, (c) => d.categories[j][c]));
    const curCatValues = d.curCat.map((codes, j) => Array.from(codes, (c) => d.categories[j][c]));

    // The reference, profiled once (registration does this), timed apart from the windows.
    const p0 = performance.now();
    const profiles: FeatureProfile[] = [...d.refNum.map((v) => profileNumeric(v)), ...refCatValues.map((v) => profileCategorical(v))];
    const profileMs = performance.now() - p0;
    log(`reference profiled in ${num(profileMs)} ms`);

    const window = (): { drifted: number; cpuMs: number } => {
      const cpu = process.cpuUsage();
      let drifted = 0;
      for (let j = 0; j < NUMERIC; j++) {
        const s = createWindowSketch(profiles[j]);
        const v = d.curNum[j];
        for (let i = 0; i < v.length; i++) s.add(v[i]);
        if (featureDrift(profiles[j], s).drifted) drifted++;
      }
      for (let j = 0; j < CATEGORIES.length; j++) {
        const p = profiles[NUMERIC + j];
        const s = createWindowSketch(p);
        const v = curCatValues[j];
        for (let i = 0; i < v.length; i++) s.add(v[i]);
        if (featureDrift(p, s).drifted) drifted++;
      }
      const used = process.cpuUsage(cpu);
      return { drifted, cpuMs: (used.user + used.system) / 1000 };
    };
    const ours = await repeat({ ...ROUNDS, run: window });
    const oursMs = times(ours);
    const oursCpu = ours.map((x) => x.result.cpuMs);
    const oursDrifted = ours[0].result.drifted;
    log(`ours: ${num(summarize(oursMs).median)} ms a window, ${oursDrifted} features drifted`);

    // One sketch update: ns per add() over a window's values of one feature (fed again until a round makes at least
    // 1 M updates), against a loop that only copies the same values. One function per kind, so neither call site
    // sees both sketch classes.
    const UPDATES = Math.max(1_000_000, CUR_ROWS);
    const numericUpdate = { ours: [] as number[], copy: [] as number[] };
    const categoricalUpdate = { ours: [] as number[], copy: [] as number[] };
    const numericRound = (p: FeatureProfile, values: Float64Array): [number, number] => {
      const s = createWindowSketch(p);
      const copy = new Float64Array(UPDATES);
      const a = performance.now();
      for (let k = 0; k < UPDATES; k += values.length) for (let i = 0; i < values.length && k + i < UPDATES; i++) s.add(values[i]);
      const b = performance.now();
      for (let k = 0; k < UPDATES; k += values.length) for (let i = 0; i < values.length && k + i < UPDATES; i++) copy[k + i] = values[i];
      const c = performance.now();
      return [((b - a) * 1e6) / UPDATES, ((c - b) * 1e6) / UPDATES];
    };
    const categoricalRound = (p: FeatureProfile, values: string[]): [number, number] => {
      const s = createWindowSketch(p);
      const copy = new Array<string>(UPDATES);
      const a = performance.now();
      for (let k = 0; k < UPDATES; k += values.length) for (let i = 0; i < values.length && k + i < UPDATES; i++) s.add(values[i]);
      const b = performance.now();
      for (let k = 0; k < UPDATES; k += values.length) for (let i = 0; i < values.length && k + i < UPDATES; i++) copy[k + i] = values[i];
      const c = performance.now();
      return [((b - a) * 1e6) / UPDATES, ((c - b) * 1e6) / UPDATES];
    };
    for (let r = 0; r < ROUNDS.warmup + 1 + ROUNDS.rounds; r++) {
      const [n1, n2] = numericRound(profiles[0], d.curNum[0]);
      const [c1, c2] = categoricalRound(profiles[NUMERIC + CATEGORIES.length - 1], curCatValues[CATEGORIES.length - 1]);
      if (r <= ROUNDS.warmup) continue;
      numericUpdate.ours.push(n1);
      numericUpdate.copy.push(n2);
      categoricalUpdate.ours.push(c1);
      categoricalUpdate.copy.push(c2);
    }

    log('floor (numpy/scipy)…');
    const floor = await anchor(env.python, dir, 'floor', ROUNDS);
    log(`floor: ${num(summarize(floor.ms).median)} ms a window, ${floor.result} features drifted`);
    log('Evidently…');
    const evidently = await anchor(env.python, dir, 'evidently', EVIDENTLY_ROUNDS);
    log(`Evidently: ${num(summarize(evidently.ms).median)} ms a window`);

    const size = `${REF_ROWS} × ${CUR_ROWS} rows, 20 features`;
    const evRatio = summarize(evidently.ms).median / summarize(oursMs).median;
    figure({
      bench: 'drift', name: 'window.vs-evidently', unit: 'ms', ours: oursMs, anchor: evidently.ms, ratio: 'anchor/ours',
      goal: '≥ 50×', met: evRatio >= 50,
      what: `one window's drift (sketch + PSI + KS + JS numeric, PSI + chi2 + JS categorical), ${size}`,
      anchorWhat: 'Evidently 0.7.23 `Report([DataDriftPreset(num_method, cat_method) × {psi/psi, ks/chisquare, jensenshannon/jensenshannon}]).run`',
    });
    const floorRatio = summarize(oursMs).median / summarize(floor.ms).median;
    figure({
      bench: 'drift', name: 'window.vs-floor', unit: 'ms', ours: oursMs, anchor: floor.ms, ratio: 'ours/anchor',
      goal: '≤ 1.5×', met: floorRatio <= 1.5,
      what: `the same window, ${size}`,
      anchorWhat: 'numpy/scipy: np.histogram, scipy.stats.ks_2samp against the whole reference, np.bincount, scipy.stats.chisquare, PSI and JS on the counts',
    });
    for (const [name, u] of [['update.numeric', numericUpdate], ['update.categorical', categoricalUpdate]] as const) {
      figure({
        bench: 'drift', name, unit: 'ns', ours: u.ours, anchor: u.copy, ratio: 'ours/anchor',
        goal: '≤ 200 ns (ours)', met: summarize(u.ours).median <= 200,
        what: `one \`add()\` to a window sketch (${name.endsWith('numeric') ? 'a number, 10 reference bins' : `a string, ${CATEGORIES[CATEGORIES.length - 1]} categories`})`,
        anchorWhat: 'a loop that only copies the same values into an array',
      });
    }

    const med = (xs: number[]) => num(summarize(xs).median);
    const table = [
      '| side | setup ms (once) | window ms (median) | window CPU ms (median) | features drifted |',
      '|---|---|---|---|---|',
      `| Headrace | ${num(profileMs)} (reference profile) | ${med(oursMs)} | ${med(oursCpu)} | ${oursDrifted} |`,
      `| numpy/scipy floor | ${num(floor.setup_ms)} (load, reference bins) | ${med(floor.ms)} | ${med(floor.cpu_ms)} | ${floor.result} |`,
      `| Evidently | ${num(evidently.setup_ms)} (load, data frames) | ${med(evidently.ms)} | ${med(evidently.cpu_ms)} | — |`,
    ].join('\n');
    console.log(table);
    record('drift', {
      title: 'drift (issue 12)',
      commands: [['npm run bench -- drift', ...argv].join(' '), `${relative(ROOT, env.python)} ${relative(ROOT, SCRIPT)} DATA_DIR floor|evidently WARMUP ROUNDS   # the anchors, on the files the bench wrote`],
      notes: [
        `Data (seeded, \`bench/drift.ts\`): ${REF_ROWS} reference and ${CUR_ROWS} current rows; 14 numeric features (normal, log-normal, uniform, two modes; every third shifted by 0.3 of its spread in the window) and 6 categorical (3 to 50 values, Zipf-like shares; every other reweighted). Written once as .npy files (features × rows) that the anchors read; ours uses the same arrays in memory, categorical values as strings (as the prediction log gives them).`,
        `Ours: \`profileNumeric\` / \`profileCategorical\` of the reference once (${num(profileMs)} ms, not in the window figure), then per window \`createWindowSketch\` + \`add\` of every value + \`featureDrift\` per feature (KS against the profile's 1 001 quantiles). The floor's KS is \`ks_2samp\` against the whole reference. Anchors in a warm Python; loading and data frames are setup, not timed.`,
        'Update figures: ns per `add()` over at least 1 M updates of one feature (its window fed again); the anchor is a loop that only copies the same values (what any update costs at least).',
        'CPU columns: process CPU time of the same calls (`process.cpuUsage`, `time.process_time`), which other work on a shared machine inflates less than wall time.',
      ],
      tables: [table],
      options: opts,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
