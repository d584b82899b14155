// Sketches stay close to the exact statistics on a million reference rows: the profile keeps 1001 quantiles and
// 10 bin counts instead of the rows, and the window sketch is compared with it. The exact figures come from the raw
// rows with the same raw statistics (each checked against scipy in stats.test.ts): KS within 0.01 of the statistic
// on the raw rows, PSI and Jensen–Shannon within 1 % relative.
import { describe, expect, it } from 'vitest';
import {
  binIndex,
  createWindowSketch,
  featureDrift,
  jensenShannon,
  ks2,
  profileCategorical,
  profileNumeric,
  psi,
  PSI_BINS,
  quantileSorted,
} from '../../server/monitoring/stats';
import { mulberry32 } from '../../workers/compute/random';

const REFERENCE_ROWS = 1_000_000;
const CURRENT_ROWS = 100_000;

function normals(n: number, seed: number, mean: number, sd: number, round?: number): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const x = mean + sd * z;
    out[i] = round ? Math.round(x * round) / round : x;
  }
  return out;
}

/** PSI and JS over equal-frequency bins taken from the raw reference rows. */
function exactBinned(reference: Float64Array, current: Float64Array) {
  const sortedRef = reference.slice().sort();
  const edges: number[] = [];
  for (let k = 0; k <= PSI_BINS; k++) {
    const e = quantileSorted(sortedRef, k / PSI_BINS);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  const r = new Array<number>(edges.length - 1).fill(0);
  const c = new Array<number>(edges.length - 1).fill(0);
  for (const x of reference) r[binIndex(edges, x)]++;
  for (const x of current) c[binIndex(edges, x)]++;
  return { psi: psi(r, c), js: jensenShannon(r, c), sortedRef };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('sketches against the exact statistics on 1 M reference rows', () => {
  const cases = [
    { name: 'continuous, shifted and wider', ref: [0, 1], cur: [0.05, 1.1], round: undefined },
    { name: 'continuous, a larger shift', ref: [10, 3], cur: [11, 3], round: undefined },
    { name: 'heavy ties (rounded to 0.5)', ref: [0, 1], cur: [0.1, 1], round: 2 },
  ] as const;

  it.each(cases.map((c) => [c.name, c] as const))('numeric: %s', (_, c) => {
    const reference = normals(REFERENCE_ROWS, 11, c.ref[0], c.ref[1], c.round);
    const current = normals(CURRENT_ROWS, 12, c.cur[0], c.cur[1], c.round);

    const profile = profileNumeric(reference);
    const w = createWindowSketch(profile);
    for (const x of current) w.add(x);
    const sketched = featureDrift(profile, w);

    const exact = exactBinned(reference, current);
    const exactKs = ks2(exact.sortedRef, REFERENCE_ROWS, current.slice().sort());

    expect(Math.abs(sketched.ks!.statistic - exactKs.statistic)).toBeLessThanOrEqual(0.01);
    expect(relative(sketched.psi, exact.psi)).toBeLessThanOrEqual(0.01);
    expect(relative(sketched.js, exact.js)).toBeLessThanOrEqual(0.01);
    // The drift is real, and both see it.
    expect(exactKs.statistic).toBeGreaterThan(0.01);
    expect(sketched.drifted).toBe(true);
  });

  it('categorical: counts are exact', () => {
    const rand = mulberry32(21);
    const pick = (shares: number[]) => {
      const u = rand();
      let acc = 0;
      for (let i = 0; i < shares.length; i++) {
        acc += shares[i];
        if (u < acc) return `c${i}`;
      }
      return `c${shares.length - 1}`;
    };
    const refShares = [0.4, 0.3, 0.2, 0.1];
    const curShares = [0.35, 0.3, 0.2, 0.15];
    const reference = Array.from({ length: REFERENCE_ROWS }, () => pick(refShares));
    const current = Array.from({ length: CURRENT_ROWS }, () => pick(curShares));

    const profile = profileCategorical(reference);
    const w = createWindowSketch(profile);
    for (const x of current) w.add(x);
    const sketched = featureDrift(profile, w);

    const labels = ['c0', 'c1', 'c2', 'c3'];
    const r = labels.map((l) => reference.filter((x) => x === l).length);
    const c = labels.map((l) => current.filter((x) => x === l).length);
    expect(sketched.bins.labels).toEqual(labels);
    expect(relative(sketched.psi, psi(r, c))).toBeLessThanOrEqual(1e-12);
    expect(relative(sketched.js, jensenShannon(r, c))).toBeLessThanOrEqual(1e-12);
    expect(sketched.drifted).toBe(true);
  });
});
