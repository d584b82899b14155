// The drift statistics against reference values computed once with numpy and scipy (test/fixtures/drift/stats.json,
// written by make_fixtures.py beside it), and their behaviour at the edges.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  binLabels,
  chi2Test,
  createWindowSketch,
  datasetDrift,
  EMPTY_SHARE,
  featureDrift,
  jensenShannon,
  kolmogorovSf,
  ks2,
  MAX_CATEGORIES,
  OTHER_LABEL,
  profileCategorical,
  profileNumeric,
  psi,
  QUANTILE_POINTS,
  type FeatureDrift,
  type NumericProfile,
  type TestResult,
} from '../../server/monitoring/stats';

interface Fixtures {
  emptyShare: number;
  histograms: Array<{ name: string; reference: number[]; current: number[]; psi: number; js: number }>;
  chi2: Array<{ name: string; expectedShares: number[]; observed: number[]; statistic: number; pvalue: number }>;
  ks: Array<{ name: string; reference: number[]; current: number[]; statistic: number; pvalue: number }>;
  kstwo: Array<{ n: number; x: number; sf: number }>;
  profiles: Array<Omit<NumericProfile, 'kind'> & { name: string; values: Array<number | null> }>;
  drift: {
    numeric: Array<{ name: string; reference: number[]; current: number[]; psi: number; js: number; ks: TestResult }>;
    categorical: Array<{
      name: string;
      reference: string[];
      current: string[];
      labels: string[];
      psi: number;
      js: number;
      chi2: TestResult;
    }>;
  };
}

const fx = JSON.parse(readFileSync(new URL('../fixtures/drift/stats.json', import.meta.url), 'utf8')) as Fixtures;

/** |actual − expected| ≤ tol, relative to the expected value once it exceeds 1. */
function expectClose(actual: number, expected: number, tol: number, what: string) {
  const err = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
  expect(err, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

describe('raw statistics against scipy', () => {
  it('uses the documented empty-bin share', () => {
    expect(EMPTY_SHARE).toBe(fx.emptyShare);
  });

  it.each(fx.histograms.map((c) => [c.name, c] as const))('PSI and Jensen–Shannon: %s', (_, c) => {
    expectClose(psi(c.reference, c.current), c.psi, 1e-6, 'psi');
    expectClose(jensenShannon(c.reference, c.current), c.js, 1e-6, 'js');
  });

  it.each(fx.chi2.map((c) => [c.name, c] as const))('chi-squared: %s', (_, c) => {
    const r = chi2Test(c.expectedShares, c.observed);
    expectClose(r.statistic, c.statistic, 1e-6, 'statistic');
    expectClose(r.pvalue, c.pvalue, 1e-6, 'p-value');
  });

  it.each(fx.ks.map((c) => [c.name, c] as const))('two-sample KS on raw samples: %s', (_, c) => {
    const ref = sorted(c.reference);
    const r = ks2(ref, ref.length, sorted(c.current));
    expectClose(r.statistic, c.statistic, 1e-6, 'statistic');
    expectClose(r.pvalue, c.pvalue, 1e-4, 'p-value');
  });

  it('the two-sided KS distribution over its regions (kstwo.sf)', () => {
    expect(fx.kstwo.length).toBeGreaterThan(200);
    for (const c of fx.kstwo) expectClose(kolmogorovSf(c.n, c.x), c.sf, 1e-4, `n=${c.n} x=${c.x}`);
  });
});

describe('profiles against numpy', () => {
  it.each(fx.profiles.map((c) => [c.name, c] as const))('numeric profile: %s', (_, c) => {
    const p = profileNumeric(c.values.map((v) => (v === null ? Number.NaN : v)));
    expect([p.kind, p.count, p.nulls]).toEqual(['numeric', c.count, c.nulls]);
    expectClose(p.min, c.min, 1e-12, 'min');
    expectClose(p.max, c.max, 1e-12, 'max');
    expectClose(p.mean, c.mean, 1e-9, 'mean');
    expectClose(p.std, c.std, 1e-9, 'std');
    expect(p.quantiles).toHaveLength(QUANTILE_POINTS + 1);
    p.quantiles.forEach((q, k) => expectClose(q, c.quantiles[k], 1e-9, `quantile ${k}`));
    expect(p.edges).toHaveLength(c.edges.length);
    p.edges.forEach((e, k) => expectClose(e, c.edges[k], 1e-9, `edge ${k}`));
    expect(p.counts).toEqual(c.counts);
    expect(p.counts.reduce((a, b) => a + b, 0)).toBe(c.count);
  });

  it('counts skipped nulls and NaN; an all-null column has an empty profile', () => {
    expect(profileNumeric([1, Number.NaN, 3, Number.POSITIVE_INFINITY], 2)).toMatchObject({ count: 2, nulls: 4, min: 1, max: 3, mean: 2, std: 1 });
    expect(profileNumeric([Number.NaN], 4)).toEqual({
      kind: 'numeric', count: 0, nulls: 5, min: 0, max: 0, mean: 0, std: 0, quantiles: [], edges: [], counts: [],
    });
  });
});

describe('a feature\'s drift from its profile and a window sketch, against scipy', () => {
  it.each(fx.drift.numeric.map((c) => [c.name, c] as const))('numeric: %s', (_, c) => {
    const profile = profileNumeric(c.reference);
    const w = createWindowSketch(profile);
    for (const v of c.current) w.add(v);
    const d = featureDrift(profile, w);
    expect([d.kind, d.rows, d.nulls]).toEqual(['numeric', c.current.length, 0]);
    expectClose(d.psi, c.psi, 1e-6, 'psi');
    expectClose(d.js, c.js, 1e-6, 'js');
    expectClose(d.ks!.statistic, c.ks.statistic, 1e-6, 'ks statistic');
    expectClose(d.ks!.pvalue, c.ks.pvalue, 1e-4, 'ks p-value');
    const reasons = [c.psi > 0.2 && 'psi', c.js > 0.1 && 'js', c.ks.pvalue < 0.05 && 'ks'].filter(Boolean);
    expect(d.reasons).toEqual(reasons);
    expect(d.drifted).toBe(reasons.length > 0);
    expect(d.bins.labels).toHaveLength(profile.counts.length);
    expect(d.bins.current.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(d.chi2).toBeUndefined();
  });

  it('flags a mean shift, not the same distribution', () => {
    const shifted = fx.drift.numeric.find((c) => c.name === 'mean shift')!;
    const profile = profileNumeric(shifted.reference);
    const w = createWindowSketch(profile);
    shifted.current.forEach((v) => w.add(v));
    expect(featureDrift(profile, w).reasons).toContain('ks');
  });

  it.each(fx.drift.categorical.map((c) => [c.name, c] as const))('categorical: %s', (_, c) => {
    const profile = profileCategorical(c.reference);
    const w = createWindowSketch(profile);
    for (const v of c.current) w.add(v);
    const d = featureDrift(profile, w);
    expect([d.kind, d.rows, d.nulls]).toEqual(['categorical', c.current.length, 0]);
    expect(d.bins.labels).toEqual(c.labels);
    expectClose(d.psi, c.psi, 1e-6, 'psi');
    expectClose(d.js, c.js, 1e-6, 'js');
    expectClose(d.chi2!.statistic, c.chi2.statistic, 1e-6, 'chi2 statistic');
    expectClose(d.chi2!.pvalue, c.chi2.pvalue, 1e-6, 'chi2 p-value');
    const reasons = [c.psi > 0.2 && 'psi', c.js > 0.1 && 'js', c.chi2.pvalue < 0.05 && 'chi2'].filter(Boolean);
    expect(d.reasons).toEqual(reasons);
    expect(d.ks).toBeUndefined();
  });

  it('flags a category the reference never saw', () => {
    const c = fx.drift.categorical.find((x) => x.name === 'a new category')!;
    const profile = profileCategorical(c.reference);
    const w = createWindowSketch(profile);
    c.current.forEach((v) => w.add(v));
    const d = featureDrift(profile, w);
    expect(d.bins.labels.at(-1)).toBe('violet');
    expect(d.bins.reference.at(-1)).toBe(0);
    expect(d.drifted).toBe(true);
    expect(Number.isFinite(d.chi2!.statistic)).toBe(true);
  });
});

describe('edges', () => {
  it('identical samples: no drift at all', () => {
    const values = Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 10);
    const profile = profileNumeric(values);
    const w = createWindowSketch(profile);
    values.forEach((v) => w.add(v));
    const d = featureDrift(profile, w);
    expect(d.psi).toBeCloseTo(0, 12);
    expect(d.js).toBeCloseTo(0, 7);
    // The reference is its 1001 quantiles: the KS statistic stays within a few thousandths of 0.
    expect(d.ks!.statistic).toBeLessThan(0.003);
    expect(d.drifted).toBe(false);
  });

  it('empty bins on either side keep PSI finite; JS needs no epsilon', () => {
    expect(Number.isFinite(psi([0, 5], [5, 0]))).toBe(true);
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 12);
    expect(psi([1, 2], [0, 0])).toBeNaN();
    expect(jensenShannon([0, 0], [1, 2])).toBeNaN();
    expect(() => psi([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => jensenShannon([1], [1, 2])).toThrow(RangeError);
  });

  it('chi-squared follows scipy where the expected count is zero, and with one bin', () => {
    expect(chi2Test([1, 0], [5, 5])).toEqual({ statistic: Number.POSITIVE_INFINITY, pvalue: 0 });
    expect(chi2Test([1], [5]).pvalue).toBeNaN();
    expect(() => chi2Test([1, 2], [1])).toThrow(RangeError);
  });

  it('KS of an empty side is not judged; the p-value distribution is bounded', () => {
    expect(ks2([1, 2, 3], 3, new Float64Array(0))).toEqual({ statistic: 0, pvalue: 1 });
    expect(ks2([], 0, Float64Array.of(1))).toEqual({ statistic: 0, pvalue: 1 });
    expect(ks2([0, 1], 2, Float64Array.of(5, 6))).toMatchObject({ statistic: 1 });
    expect(kolmogorovSf(10, 0)).toBe(1);
    expect(kolmogorovSf(10, 1)).toBe(0);
    expect(kolmogorovSf(2.5, 0.3)).toBeNaN();
  });

  it('a window with no value, or a reference with none, is not judged', () => {
    const profile = profileNumeric([1, 2, 3, 4, 5]);
    const w = createWindowSketch(profile);
    w.add(null);
    const d = featureDrift(profile, w);
    expect(d).toMatchObject({ rows: 0, nulls: 1, psi: 0, js: 0, ks: { statistic: 0, pvalue: 1 }, drifted: false, reasons: [] });

    const empty = profileNumeric([], 3);
    const w2 = createWindowSketch(empty);
    w2.add(1);
    expect(featureDrift(empty, w2)).toMatchObject({ rows: 1, drifted: false, bins: { labels: [] } });

    const cat = profileCategorical(['a', 'b']);
    const w3 = createWindowSketch(cat);
    expect(featureDrift(cat, w3)).toMatchObject({ rows: 0, chi2: { statistic: 0, pvalue: 1 }, drifted: false });
  });

  it('a constant reference has one bin; a shift shows in KS', () => {
    const profile = profileNumeric(new Array(500).fill(2));
    expect(profile.edges).toEqual([2, 2]);
    expect(profile.counts).toEqual([500]);
    const w = createWindowSketch(profile);
    for (let i = 0; i < 200; i++) w.add(3);
    const d = featureDrift(profile, w);
    expect(d.bins.labels).toEqual(['all']);
    expect(d.psi).toBe(0);
    expect(d.ks!.statistic).toBe(1);
    expect(d.reasons).toEqual(['ks']);
  });

  it('numeric sketches take numbers, booleans and numeric strings; the rest is null', () => {
    const profile = profileNumeric(Array.from({ length: 100 }, (_, i) => i));
    const w = createWindowSketch(profile);
    for (const v of [1, true, false, '2.5', '', 'abc', null, Number.NaN, Number.NEGATIVE_INFINITY]) w.add(v);
    expect([w.rows, w.nulls]).toEqual([4, 5]);
    // The buffer grows past its first size.
    for (let i = 0; i < 5000; i++) w.add(i % 100);
    expect(featureDrift(profile, w).rows).toBe(5004);
  });

  it('numeric values beyond the reference land in the open end bins', () => {
    const profile = profileNumeric(Array.from({ length: 1000 }, (_, i) => i));
    const w = createWindowSketch(profile);
    w.add(-1e9);
    w.add(1e9);
    const d = featureDrift(profile, w);
    expect(d.bins.current[0]).toBe(0.5);
    expect(d.bins.current.at(-1)).toBe(0.5);
    expect(d.bins.labels[0].startsWith('< ')).toBe(true);
    expect(d.bins.labels.at(-1)!.startsWith('≥ ')).toBe(true);
  });

  it('categorical profiles: booleans and numbers spelled, nulls counted, at most MAX_CATEGORIES kept', () => {
    const p = profileCategorical([true, false, true, 1, 2.5, null, Number.NaN, '__proto__', 'x']);
    expect(p.count).toBe(7);
    expect(p.nulls).toBe(2);
    const expected: Array<[string, number]> = [['true', 2], ['false', 1], ['1', 1], ['2.5', 1], ['__proto__', 1], ['x', 1]];
    expect(Object.entries(p.counts).sort()).toEqual(expected.sort());
    expect(Object.hasOwn(p.counts, '__proto__')).toBe(true);

    const many = profileCategorical(Array.from({ length: MAX_CATEGORIES + 50 }, (_, i) => `v${i}`).concat(['v7', 'v7']));
    expect(Object.keys(many.counts)).toHaveLength(MAX_CATEGORIES);
    expect(many.counts.v7).toBe(3);
    expect(many.other).toBe(50);
  });

  it('values new to a reference with `other` go to the other bin', () => {
    const values = Array.from({ length: MAX_CATEGORIES + 10 }, (_, i) => `v${i}`);
    const profile = profileCategorical(values);
    const w = createWindowSketch(profile);
    w.add('v1');
    w.add('never-seen');
    const d = featureDrift(profile, w);
    expect(d.bins.labels.at(-1)).toBe(OTHER_LABEL);
    expect(d.bins.labels).toHaveLength(MAX_CATEGORIES + 1);
    expect(d.bins.current.at(-1)).toBe(0.5);
  });

  it('thresholds decide, per test', () => {
    const c = fx.drift.numeric.find((x) => x.name === 'mean shift')!;
    const profile = profileNumeric(c.reference);
    const w = createWindowSketch(profile);
    c.current.forEach((v) => w.add(v));
    expect(featureDrift(profile, w, { psi: 100, js: 1, ksPValue: 1e-300 }).drifted).toBe(false);
    expect(featureDrift(profile, w, { psi: 1e-9, js: 1, ksPValue: 1e-300 }).reasons).toEqual(['psi']);
  });

  it('refuses a sketch made for another kind of profile', () => {
    const num = profileNumeric([1, 2, 3]);
    const cat = profileCategorical(['a']);
    expect(() => featureDrift(num, createWindowSketch(cat))).toThrow(TypeError);
    expect(() => featureDrift(cat, createWindowSketch(num))).toThrow(TypeError);
  });

  it('bin labels name the open end bins', () => {
    expect(binLabels([0, 1, 2.5, 4])).toEqual(['< 1', '[1, 2.5)', '≥ 2.5']);
    expect(binLabels([1, 1])).toEqual(['all']);
    expect(binLabels([])).toEqual([]);
  });
});

describe('dataset drift', () => {
  const f = (drifted: boolean) => ({ drifted }) as FeatureDrift;

  it('drifts when at least the share of features drifted', () => {
    expect(datasetDrift({ a: f(true), b: f(false), c: f(true), d: f(false) }, 0.5)).toEqual({
      drifted: true, share: 0.5, threshold: 0.5, driftedFeatures: ['a', 'c'],
    });
    expect(datasetDrift({ a: f(true), b: f(false), c: f(false) }, 0.5)).toMatchObject({ drifted: false, driftedFeatures: ['a'] });
    expect(datasetDrift({}, 0.5)).toEqual({ drifted: false, share: 0, threshold: 0.5, driftedFeatures: [] });
  });
});
