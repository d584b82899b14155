// Scale bench (issue 14): the flights example (examples/flights/pipeline.yaml: 3 million rows of the vega-datasets
// package's flights-3m.parquet, through validation, derived features, a split, standardization, an MLP, evaluation
// and registration) run by the embedded platform, against the same pipeline written with pandas and scikit-learn in
// one Python process (bench/python/scale_anchor.py, pinned in requirements-scale.txt).
// - Time: the run's own duration as the launcher reports it (the platform's start left out) against the anchor's
//   whole script.
// - Memory: the peak resident set of the largest process (the launcher and everything it starts, through wait4 —
//   in practice the worker) against the anchor's peak. The bound Headrace states: ≤ 2 GiB for 3 million rows.
// Run: `npm run bench -- scale [--record]`; `--smoke` runs each side once on the first 100 000 rows (a slice written
// with DuckDB), which is no measurement of scale, only a check that the bench works.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformPlace } from '../test/helpers/platform';
import { measureChild, type ChildRun } from './lib/child';
import { benchCommand, benchOptions, figure, num, record, ROOT } from './lib/harness';
import { pythonVenv } from './lib/python';

const opts = benchOptions();
const ROUNDS = opts.smoke ? 1 : 3;
const EXAMPLE = 'examples/flights/pipeline.yaml';
const FULL = join(ROOT, 'examples/flights/data/flights-3m.parquet');
const SMOKE_ROWS = 100_000;
const BOUND_BYTES = 2 * 2 ** 30;
const log = (m: string) => process.stderr.write(`[bench scale] ${m}\n`);
const mib = (b: number) => b / 2 ** 20;

interface Side {
  seconds: number;
  peakBytes: number;
  detail: string;
}

/** The pipeline and the data both sides run: the example as it is, or at smoke size a slice and a copy reading it. */
async function workload(): Promise<{ pipeline: string; data: string; rows: number; dir?: string }> {
  if (!opts.smoke) return { pipeline: EXAMPLE, data: FULL, rows: 3_000_000 };
  const dir = mkdtempSync(join(tmpdir(), 'headrace-bench-scale-'));
  const data = join(dir, 'flights-slice.parquet');
  const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const c = await db.connect();
  await c.run(`COPY (SELECT * FROM read_parquet('${FULL}') LIMIT ${SMOKE_ROWS}) TO '${data}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
  const pipeline = join(dir, 'pipeline.yaml');
  const source = readFileSync(join(ROOT, EXAMPLE), 'utf8');
  writeFileSync(pipeline, source.replace('path: data/flights-3m.parquet', `path: ${data}`).replace('minRows: 1000000', 'minRows: 1000').replace('minRocAuc: { type: number, default: 0.6', 'minRocAuc: { type: number, default: 0'));
  return { pipeline, data, rows: SMOKE_ROWS, dir };
}

const work = await workload();
const PIPELINE = work.pipeline;
const DATA = work.data;

async function ours(): Promise<Side> {
  const place = await platformPlace('headrace-bench-scale');
  try {
    const run: ChildRun = await measureChild(process.execPath, [join(ROOT, 'bin/headrace.js'), 'start', '--example', PIPELINE, '--exit-after-example', '--no-web'], { env: place.env });
    const out = run.stdout + run.stderr;
    const took = /run \S+ succeeded in ([\d.]+) s/.exec(out);
    if (!took) throw new Error(`the flights run did not succeed:\n${out.split('\n').slice(-20).join('\n')}`);
    const steps = [...out.matchAll(/^\s+(\w+)\s+\S+\s+succeeded (\S+ \S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    const metrics = /metrics: (.*)/.exec(out)?.[1] ?? '';
    return { seconds: Number(took[1]), peakBytes: run.maxRssBytes, detail: `${steps.join(', ')}; ${metrics}` };
  } finally {
    rmSync(place.home, { recursive: true, force: true });
  }
}

async function anchor(python: string): Promise<Side> {
  const run = await measureChild(python, [join(ROOT, 'bench/python/scale_anchor.py'), DATA]);
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { rows: number; stages: Record<string, number>; rocAuc: number };
  if (r.rows !== work.rows) throw new Error(`the anchor read ${r.rows} rows, not ${work.rows}`);
  return { seconds: run.ms / 1000, peakBytes: run.maxRssBytes, detail: `${Object.entries(r.stages).map(([k, v]) => `${k} ${v} s`).join(', ')}; rocAuc ${r.rocAuc}` };
}

const env = await pythonVenv(join(ROOT, 'bench/python/requirements-scale.txt'));
const sides: { ours: Side[]; anchor: Side[] } = { ours: [], anchor: [] };
for (let i = 0; i < ROUNDS; i++) {
  log(`round ${i + 1} of ${ROUNDS}: Headrace`);
  sides.ours.push(await ours());
  log(`round ${i + 1} of ${ROUNDS}: pandas + scikit-learn`);
  sides.anchor.push(await anchor(env.python));
}
const peak = sides.ours.map((s) => mib(s.peakBytes));
figure({
  bench: 'scale', name: 'flights-3m.time', unit: 's', ratio: 'ours/anchor', goal: 'reported',
  ours: sides.ours.map((s) => s.seconds), anchor: sides.anchor.map((s) => s.seconds), met: true,
  what: 'the flights example, 3 M rows, ingest to registered model (the run\'s duration)',
  anchorWhat: 'the same steps in pandas 3.1.1 + scikit-learn 1.9.1, one process',
});
figure({
  bench: 'scale', name: 'flights-3m.peak-memory', unit: 'MiB', ratio: 'ours/anchor', goal: `≤ ${num(mib(BOUND_BYTES))} MiB`,
  ours: peak, anchor: sides.anchor.map((s) => mib(s.peakBytes)), met: Math.max(...peak) <= mib(BOUND_BYTES),
  what: 'peak resident memory of the largest Headrace process (the worker)',
  anchorWhat: 'peak resident memory of the pandas + scikit-learn process',
});
const file = readFileSync(DATA).byteLength;
record('scale', {
  commands: [benchCommand('scale', opts)],
  notes: [
    ...(opts.smoke ? [`Smoke size: the first ${SMOKE_ROWS} rows only, in a copy of the pipeline.`] : []),
    `Data: flights-3m.parquet from vega-datasets ${JSON.parse(readFileSync(join(ROOT, 'node_modules/vega-datasets/package.json'), 'utf8')).version}, ${num(mib(file))} MiB, 3 000 000 rows × 5 columns (date, delay, distance, origin, destination).`,
    `Headrace: \`headrace start --example ${PIPELINE} --exit-after-example --no-web\` on a fresh HEADRACE_HOME (PGlite, the Temporal dev server, one worker); time is the run's own, from the launcher's "succeeded in" line.`,
    ...sides.ours.map((s, i) => `Headrace round ${i + 1}: ${num(s.seconds)} s, peak ${num(mib(s.peakBytes))} MiB — ${s.detail}.`),
    ...sides.anchor.map((s, i) => `Anchor round ${i + 1}: ${num(s.seconds)} s, peak ${num(mib(s.peakBytes))} MiB — ${s.detail}.`),
  ],
});
if (work.dir) rmSync(work.dir, { recursive: true, force: true });
