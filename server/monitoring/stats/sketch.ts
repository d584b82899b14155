// A window's values of one feature, gathered against the feature's reference profile, and the drift they show.
// Pure TypeScript: no Node, no I/O.
import { DEFAULT_THRESHOLDS } from '../../../dsl/monitor';
import { byCountDesc, categoryOf, MAX_CATEGORIES } from './profile';
import { chi2Test, EMPTY_SHARE, jensenShannon, ks2, psi } from './tests';
import type {
  CategoricalProfile,
  DatasetDrift,
  DriftThresholds,
  FeatureDrift,
  FeatureProfile,
  NumericProfile,
  TestResult,
} from './types';

export interface WindowSketch {
  add(value: number | string | boolean | null): void;
  /** Non-null values added. */
  readonly rows: number;
  readonly nulls: number;
}

/** The label of the bin that gathers the values a categorical reference did not keep. */
export const OTHER_LABEL = '(other)';

/**
 * A numeric window: its values (the KS test compares their exact CDF with the reference's quantiles) and their
 * counts per reference bin. Booleans count as 1 / 0, numeric strings as their number; anything else (NaN and
 * ±Infinity included) as null.
 */
class NumericSketch implements WindowSketch {
  rows = 0;
  nulls = 0;
  values = new Float64Array(1024);
  readonly counts: number[];
  private readonly edges: number[];
  private readonly last: number;

  constructor(readonly reference: NumericProfile) {
    this.edges = reference.edges;
    this.counts = new Array<number>(Math.max(reference.edges.length - 1, 0)).fill(0);
    this.last = this.counts.length - 1;
  }

  add(value: number | string | boolean | null): void {
    let x: number;
    if (typeof value === 'number') x = value;
    else if (typeof value === 'boolean') x = value ? 1 : 0;
    else if (typeof value === 'string' && value.trim() !== '') x = Number(value);
    else x = Number.NaN;
    if (!Number.isFinite(x)) {
      this.nulls++;
      return;
    }
    if (this.rows === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.rows++] = x;
    if (this.last > 0) {
      // At most 9 interior edges: a short scan beats a search.
      const e = this.edges;
      let b = 0;
      while (b < this.last && x >= e[b + 1]) b++;
      this.counts[b]++;
    } else if (this.last === 0) {
      this.counts[0]++;
    }
  }

  /** The window's values, sorted. */
  sorted(): Float64Array {
    return this.values.slice(0, this.rows).sort();
  }
}

/** A categorical window: counts per value (at most MAX_CATEGORIES values the reference lacks; the rest as other). */
class CategoricalSketch implements WindowSketch {
  rows = 0;
  nulls = 0;
  readonly counts = new Map<string, number>();
  private readonly known: Set<string>;
  private unknown = 0;
  other = 0;

  constructor(readonly reference: CategoricalProfile) {
    this.known = new Set(Object.keys(reference.counts));
  }

  add(value: number | string | boolean | null): void {
    const c = categoryOf(value);
    if (c === null) {
      this.nulls++;
      return;
    }
    this.rows++;
    const n = this.counts.get(c);
    if (n !== undefined) {
      this.counts.set(c, n + 1);
    } else if (this.known.has(c) || this.unknown < MAX_CATEGORIES) {
      if (!this.known.has(c)) this.unknown++;
      this.counts.set(c, 1);
    } else {
      this.other++;
    }
  }
}

/** An empty sketch for a window of the feature this profile describes. */
export function createWindowSketch(reference: FeatureProfile): WindowSketch {
  return reference.kind === 'numeric' ? new NumericSketch(reference) : new CategoricalSketch(reference);
}

const shares = (counts: number[]): number[] => {
  const t = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (t > 0 ? c / t : 0));
};

const fmt = (x: number) => String(Number(x.toPrecision(4)));

/** Labels of the numeric bins: "< e1", "[e1, e2)", …, "≥ e(B−1)" (the end bins are open); one bin is "all". */
export function binLabels(edges: number[]): string[] {
  const bins = edges.length - 1;
  if (bins <= 1) return bins === 1 ? ['all'] : [];
  return Array.from({ length: bins }, (_, i) =>
    i === 0 ? `< ${fmt(edges[1])}` : i === bins - 1 ? `≥ ${fmt(edges[i])}` : `[${fmt(edges[i])}, ${fmt(edges[i + 1])})`,
  );
}

const NOT_JUDGED: TestResult = { statistic: 0, pvalue: 1 };

/**
 * One feature's drift in a window against its reference profile: PSI and Jensen–Shannon over the reference's bins
 * (numeric) or categories, plus KS (numeric) or chi-squared (categorical). The feature drifts when any test crosses
 * its threshold (PSI or JS above, p-value below). A window without a non-null value, or a reference without one, is
 * not judged: zero statistics, p-value 1, not drifted.
 */
export function featureDrift(reference: FeatureProfile, window: WindowSketch, t: DriftThresholds = {}): FeatureDrift {
  const th = {
    psi: t.psi ?? DEFAULT_THRESHOLDS.psi,
    js: t.js ?? DEFAULT_THRESHOLDS.js,
    ksPValue: t.ksPValue ?? DEFAULT_THRESHOLDS.ksPValue,
    chi2PValue: t.chi2PValue ?? DEFAULT_THRESHOLDS.chi2PValue,
  };
  if (reference.kind === 'numeric') {
    if (!(window instanceof NumericSketch) || window.counts.length !== Math.max(reference.edges.length - 1, 0)) {
      throw new TypeError('featureDrift: the window sketch was not created for this numeric profile');
    }
    const ref = reference.counts;
    const cur = window.counts;
    const labels = binLabels(reference.edges);
    const bins = { labels, reference: shares(ref), current: shares(cur) };
    if (window.rows === 0 || reference.count === 0) {
      return { kind: 'numeric', rows: window.rows, nulls: window.nulls, psi: 0, js: 0, ks: { ...NOT_JUDGED }, drifted: false, reasons: [], bins };
    }
    const p = psi(ref, cur);
    const js = jensenShannon(ref, cur);
    const ks = ks2(reference.quantiles, reference.count, window.sorted());
    const reasons: string[] = [];
    if (p > th.psi) reasons.push('psi');
    if (js > th.js) reasons.push('js');
    if (ks.pvalue < th.ksPValue) reasons.push('ks');
    return { kind: 'numeric', rows: window.rows, nulls: window.nulls, psi: p, js, ks, drifted: reasons.length > 0, reasons, bins };
  }

  if (!(window instanceof CategoricalSketch)) {
    throw new TypeError('featureDrift: the window sketch was not created for this categorical profile');
  }
  // Bins: the reference's categories (most frequent first); then, when the reference kept every value it saw, each
  // value new in the window (sorted) — else new values may be among the reference's `other`, and go there.
  const refEntries = Object.entries(reference.counts).sort(byCountDesc);
  const known = new Set(refEntries.map(([k]) => k));
  const labels = refEntries.map(([k]) => k);
  const ref = refEntries.map(([, n]) => n);
  const cur = refEntries.map(([k]) => window.counts.get(k) ?? 0);
  let curOther = window.other;
  const fresh = [...window.counts.keys()].filter((k) => !known.has(k)).sort();
  if (reference.other > 0) {
    for (const k of fresh) curOther += window.counts.get(k) ?? 0;
  } else {
    for (const k of fresh) {
      labels.push(k);
      ref.push(0);
      cur.push(window.counts.get(k) ?? 0);
    }
  }
  if (reference.other > 0 || curOther > 0) {
    labels.push(OTHER_LABEL);
    ref.push(reference.other);
    cur.push(curOther);
  }
  const bins = { labels, reference: shares(ref), current: shares(cur) };
  if (window.rows === 0 || reference.count === 0) {
    return { kind: 'categorical', rows: window.rows, nulls: window.nulls, psi: 0, js: 0, chi2: { ...NOT_JUDGED }, drifted: false, reasons: [], bins };
  }
  const p = psi(ref, cur);
  const js = jensenShannon(ref, cur);
  // A value the reference never had would make the statistic infinite: give it EMPTY_SHARE of the reference.
  const expected = bins.reference.map((s) => (s > 0 ? s : EMPTY_SHARE));
  const chi2 = labels.length < 2 ? { ...NOT_JUDGED } : chi2Test(expected, cur);
  const reasons: string[] = [];
  if (p > th.psi) reasons.push('psi');
  if (js > th.js) reasons.push('js');
  if (chi2.pvalue < th.chi2PValue) reasons.push('chi2');
  return { kind: 'categorical', rows: window.rows, nulls: window.nulls, psi: p, js, chi2, drifted: reasons.length > 0, reasons, bins };
}

/**
 * Dataset drift by Evidently's share-of-features rule: drifted when at least `share` of the features drifted
 * (and there is at least one feature).
 */
export function datasetDrift(features: Record<string, FeatureDrift>, share: number): DatasetDrift {
  const names = Object.keys(features);
  const driftedFeatures = names.filter((n) => features[n].drifted);
  const drifted = names.length === 0 ? 0 : driftedFeatures.length / names.length;
  return { drifted: names.length > 0 && drifted >= share, share: drifted, threshold: share, driftedFeatures };
}
