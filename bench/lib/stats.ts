// Medians and spreads of timing samples, and the one line each figure prints.

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p25: number;
  p75: number;
}

function quantile(sorted: readonly number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), min: s[0], max: s.at(-1)!, p25: quantile(s, 0.25), p75: quantile(s, 0.75) };
}

export function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** `median (p25–p75, min–max, n)`. */
export function spread(s: Summary): string {
  return `p25–p75 ${ms(s.p25)}–${ms(s.p75)}, min–max ${ms(s.min)}–${ms(s.max)}, n=${s.n}`;
}

export interface Figure {
  name: string;
  /** What is timed, in words (for the docs table). */
  what: string;
  ours: Summary;
  anchor: Summary;
  /** What the anchor is, in words. */
  anchorWhat: string;
  /** The goal on `ours`, in ms (ours must be below it). */
  goalMs: number;
  /** How the goal applies: the median or every run. */
  goalOn: 'median' | 'max';
}

export function ratio(f: Figure): number {
  return f.ours.median / f.anchor.median;
}

export function meetsGoal(f: Figure): boolean {
  return (f.goalOn === 'median' ? f.ours.median : f.ours.max) < f.goalMs;
}

/** The line the benches print for a figure. */
export function figureLine(f: Figure): string {
  const goal = `goal < ${f.goalMs} ms${f.goalOn === 'max' ? ' every run' : ' median'}: ${meetsGoal(f) ? 'met' : 'MISSED'}`;
  return (
    `bench ${f.name}: ours ${ms(f.ours.median)} ms, anchor ${ms(f.anchor.median)} ms, ratio ${ratio(f).toFixed(2)} (${goal})\n` +
    `    ours:   median ${ms(f.ours.median)} ms (${spread(f.ours)}) — ${f.what}\n` +
    `    anchor: median ${ms(f.anchor.median)} ms (${spread(f.anchor)}) — ${f.anchorWhat}`
  );
}
