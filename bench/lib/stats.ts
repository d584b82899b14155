// Medians and spreads of samples (the figure lines themselves are bench/lib/harness.ts).

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

/** The q-quantile (0–1) of the samples, interpolated between the two nearest. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('no samples');
  return quantile([...samples].sort((a, b) => a - b), q);
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
