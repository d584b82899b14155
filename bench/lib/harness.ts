// The bench harness: options, alternating sides, one printed line per figure, and the dated section in
// docs/benchmarks.md. Every bench (bench/NAME.ts) uses it the same way:
//
//   const opts = benchOptions();                       // --smoke: tiny sizes; --record: append to the docs
//   const s = await alternate({ warmup: 2, rounds: 10, ours: () => …, anchor: () => … });
//   figure({ bench: 'compile', name: 'chain-1000', unit: 'ms', ours: times(s.ours), anchor: times(s.anchor),
//            ratio: 'anchor/ours', goal: '≥ 100×', met: … });
//   await record('compile', { commands: ['npm run bench -- compile', 'python bench/python/kfp_compile.py …'] });
//
// - `alternate` runs the two sides one after the other, `rounds` times, swapping which goes first every round
//   (so neither side always runs on a cache the other warmed or in the other's GC debt); the first `warmup`
//   rounds are run and dropped. Each sample is `{ ms, result }`: the side's wall time and what it returned, so a
//   side can return its own measure (rows, bytes, peak memory) as well as be timed. `repeat` runs one side alone,
//   for a side the other cannot match round for round (kfp at 10 000 steps runs once).
// - `figure` prints `bench NAME: ours X UNIT, anchor Y UNIT, ratio R (goal G: met|MISSED)` (X and Y are medians),
//   then one indented line with each side's spread (p25–p75, min–max, n), and keeps the figure for `record`.
// - `record` appends a dated section to docs/benchmarks.md (or $HEADRACE_BENCH_DOC): the commit, the machine
//   (`lscpu` model and CPU count), the commands, the table of every figure kept, and notes. It writes only when
//   the run was given --record; `npm run bench` with no bench named runs everything at full size and passes
//   --record itself, so each full run appends; one named bench appends only when asked, and --smoke runs are
//   only recorded into a file named by $HEADRACE_BENCH_DOC (the smoke test's), never into the docs.
// Peak memory of a side: bench/lib/child.ts. A Python anchor's environment: bench/lib/python.ts.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { machine } from './machine';
import { summarize, type Summary } from './stats';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface BenchOptions {
  /** Tiny sizes and few rounds: the smoke test's mode; proves the script works, measures nothing worth keeping. */
  smoke: boolean;
  /** Append the run's section to docs/benchmarks.md (or $HEADRACE_BENCH_DOC). */
  record: boolean;
  /** Add a profiled pass where the bench has one. */
  profile: boolean;
  /** The arguments as given, for the recorded command line. */
  argv: string[];
}

export function benchOptions(argv: string[] = process.argv.slice(2)): BenchOptions {
  const known = new Set(['--smoke', '--record', '--profile']);
  const unknown = argv.filter((a) => a.startsWith('--') && !known.has(a));
  if (unknown.length) throw new Error(`unknown bench option ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  return { smoke: argv.includes('--smoke'), record: argv.includes('--record'), profile: argv.includes('--profile'), argv };
}

export interface Sample<T> {
  /** Wall time of the side's call, in ms. */
  ms: number;
  /** What the side returned. */
  result: T;
}

export async function alternate<O, A>(opts: {
  warmup: number;
  rounds: number;
  ours: () => O | Promise<O>;
  anchor: () => A | Promise<A>;
  /** Called after each kept round, e.g. to log progress. */
  onRound?: (round: number, ours: Sample<O>, anchor: Sample<A>) => void;
}): Promise<{ ours: Sample<O>[]; anchor: Sample<A>[] }> {
  const ours: Sample<O>[] = [];
  const anchor: Sample<A>[] = [];
  const timed = async <T>(fn: () => T | Promise<T>): Promise<Sample<T>> => {
    const t = performance.now();
    const result = await fn();
    return { ms: performance.now() - t, result };
  };
  for (let i = 0; i < opts.warmup + opts.rounds; i++) {
    let o: Sample<O>;
    let a: Sample<A>;
    if (i % 2 === 0) {
      o = await timed(opts.ours);
      a = await timed(opts.anchor);
    } else {
      a = await timed(opts.anchor);
      o = await timed(opts.ours);
    }
    if (i >= opts.warmup) {
      ours.push(o);
      anchor.push(a);
      opts.onRound?.(i - opts.warmup, o, a);
    }
  }
  return { ours, anchor };
}

/** One side alone (where the other can only be measured once, or not at all): `warmup` dropped, then `rounds`. */
export async function repeat<T>(opts: { warmup: number; rounds: number; run: () => T | Promise<T> }): Promise<Sample<T>[]> {
  const out: Sample<T>[] = [];
  for (let i = 0; i < opts.warmup + opts.rounds; i++) {
    const t = performance.now();
    const result = await opts.run();
    if (i >= opts.warmup) out.push({ ms: performance.now() - t, result });
  }
  return out;
}

/** The wall times of samples. */
export function times(samples: readonly Sample<unknown>[]): number[] {
  return samples.map((s) => s.ms);
}

export interface FigureInput {
  /** The bench this figure belongs to (its file name: `compile`, `orchestration`, `ingest`). */
  bench: string;
  /** The figure's name within the bench, e.g. `chain-1000.time`. */
  name: string;
  /** The unit of both sides' samples, e.g. `ms`, `rows/s`, `MiB`. */
  unit: string;
  ours: number[];
  anchor: number[];
  /** Which way the ratio is taken: the goal is stated on it. */
  ratio: 'anchor/ours' | 'ours/anchor';
  /** The goal in words, on the ratio or on ours, e.g. `≥ 100×`, `≤ 1.2×`, `≥ 150 MiB/s`. */
  goal: string;
  met: boolean;
  /** What ours measures, in words (for the docs table). */
  what?: string;
  /** What the anchor is, in words (for the docs table). */
  anchorWhat?: string;
}

export interface Figure extends FigureInput {
  oursSummary: Summary;
  anchorSummary: Summary;
  /** The ratio of the medians, taken as `ratio` says. */
  value: number;
}

const kept: Figure[] = [];

/** Three significant digits, no exponent. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(3);
}

function spreadOf(s: Summary): string {
  return s.n === 1 ? 'n=1' : `p25–p75 ${num(s.p25)}–${num(s.p75)}, min–max ${num(s.min)}–${num(s.max)}, n=${s.n}`;
}

/** The first line of a figure, exactly as the issue writes it. */
export function figureLine(f: Figure): string {
  return `bench ${f.bench}.${f.name}: ours ${num(f.oursSummary.median)} ${f.unit}, anchor ${num(f.anchorSummary.median)} ${f.unit}, ratio ${num(f.value)} (goal ${f.goal}: ${f.met ? 'met' : 'MISSED'})`;
}

export function figure(input: FigureInput): Figure {
  if (!input.ours.length || !input.anchor.length) throw new Error(`bench ${input.bench}.${input.name}: a figure needs samples on both sides`);
  const oursSummary = summarize(input.ours);
  const anchorSummary = summarize(input.anchor);
  const value = input.ratio === 'anchor/ours' ? anchorSummary.median / oursSummary.median : oursSummary.median / anchorSummary.median;
  const f: Figure = { ...input, oursSummary, anchorSummary, value };
  kept.push(f);
  console.log(figureLine(f));
  console.log(`    ours ${spreadOf(oursSummary)}; anchor ${spreadOf(anchorSummary)}; ratio = ${input.ratio} of the medians`);
  return f;
}

/** The figures kept so far in this process. */
export function figures(): readonly Figure[] {
  return kept;
}

/** Where `record` writes: $HEADRACE_BENCH_DOC or docs/benchmarks.md. */
export function benchDoc(): string {
  return process.env.HEADRACE_BENCH_DOC ? resolve(process.env.HEADRACE_BENCH_DOC) : resolve(ROOT, 'docs/benchmarks.md');
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const subject = execFileSync('git', ['log', '-1', '--format=%s'], { cwd: ROOT, encoding: 'utf8' }).trim();
    // Uncommitted changes in the code that is measured make the commit alone an incomplete description.
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'dsl', 'workers', 'server', 'bench', 'cli'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return `\`${sha}\` (${subject})${dirty ? ', with uncommitted changes in the measured code' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** `npm run bench -- NAME` plus the options this process was given. */
export function benchCommand(bench: string, opts: BenchOptions = benchOptions()): string {
  return ['npm run bench --', bench, ...opts.argv].join(' ');
}

const loadAtStart = loadavg()[0];

/**
 * Appends the dated section for `bench` with every figure kept so far, when the run was given --record (a smoke
 * run only into $HEADRACE_BENCH_DOC). Returns the section's text, written or not.
 */
export function record(
  bench: string,
  opts: { commands: string[]; notes?: string[]; title?: string; options?: BenchOptions; /** Markdown blocks after the notes. */ tables?: string[] },
): string {
  const options = opts.options ?? benchOptions();
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const cell = (s: Summary, unit: string) => `${num(s.median)} ${unit} (${spreadOf(s)})`;
  const rows = kept
    .filter((f) => f.bench === bench)
    .map(
      (f) =>
        `| ${f.name}${f.what ? ` — ${f.what}` : ''} | **${cell(f.oursSummary, f.unit)}** | ${cell(f.anchorSummary, f.unit)}${f.anchorWhat ? ` — ${f.anchorWhat}` : ''} | ${num(f.value)} (${f.ratio}) | ${f.goal}: ${f.met ? 'met' : '**missed**'} |`,
    );
  const text = [
    '',
    `## ${stamp} UTC — ${opts.title ?? bench}${options.smoke ? ' (smoke sizes: not a measurement)' : ''}`,
    '',
    `Commit: ${commit()}. The script wrote this section.`,
    '',
    `Machine: ${machine()}; 1-min load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (other work on the machine inflates every figure).`,
    '',
    'Commands:',
    '',
    ...opts.commands.map((c) => `- \`${c}\``),
    '',
    '| figure | ours (median) | anchor, same run (median) | ratio | goal |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...(opts.notes ?? []).map((n) => `- ${n}`),
    '',
    ...(opts.tables ?? []).flatMap((t) => [t, '']),
  ].join('\n');
  const doc = benchDoc();
  const allowed = options.record && (!options.smoke || process.env.HEADRACE_BENCH_DOC);
  if (allowed) {
    if (!existsSync(doc)) writeFileSync(doc, '# Benchmarks\n');
    const current = readFileSync(doc, 'utf8');
    appendFileSync(doc, (current.endsWith('\n') ? '' : '\n') + text);
    process.stderr.write(`[bench ${bench}] appended to ${doc}\n`);
  }
  return text;
}
