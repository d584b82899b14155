// One monitoring window of an endpoint (docs/monitoring.md, "Windows and the monitor workflow"): the predictions the
// log holds for [start, end) with the labels attached to them so far, measured against the training profile of the
// model version that answered most of them — per-feature drift, the dataset-drift rule, the drift of the predicted
// labels, quality from the labelled rows — and the serving health predict servers recorded for the span. Used by
// the monitor workflow's activity (every window) and by the API's on-demand window (`headrace monitor --since`).
import { eq } from 'drizzle-orm';
import { DURATION } from '../../dsl/grammar';
import { DEFAULT_THRESHOLDS, thresholdsFor, type AlertSeverity, type MonitorSpec } from '../../dsl/monitor';
import type { Db } from '../db/client';
import type { AlertInput } from '../db/repo/monitors';
import { emptyLatencyCounts, LATENCY_BOUNDS_MS, quantileOf, summarizeServing } from '../db/repo/serving-windows';
import { modelVersions } from '../db/schema';
import type { LabelledPrediction, PredictionStore } from '../serving/prediction-log';
import { createWindowSketch, datasetDrift, featureDrift } from './stats';
import type { DataProfile, DatasetDrift, DriftThresholds, FeatureDrift, FeatureProfile, MonitorWindow, WindowHealth, WindowQuality } from './stats/types';

export { profileColumn, profileOfTable } from './profile';

/** Probabilities are clipped to [EPS, 1 − EPS] for log loss (as the evaluation step does). */
export const LOG_LOSS_EPS = 1e-15;

/** The slowest latency a window reports: the histogram's last bound; slower requests read as this (10 s or more). */
const LATENCY_CAP_MS = LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];

export interface WindowDeps {
  db: Db;
  predictions: PredictionStore;
}

export interface WindowQuery {
  endpoint: string;
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
  spec: MonitorSpec;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A spec's window: a length in ms (`"1h"`), or a number of predictions (`{ predictions: N }`). */
export function windowOf(spec: Pick<MonitorSpec, 'window'>): { ms: number } | { predictions: number } {
  const w = spec.window ?? '1h';
  if (typeof w === 'object') return { predictions: w.predictions };
  const m = DURATION.exec(w);
  if (!m) throw new Error(`not a duration: ${JSON.stringify(w)}`);
  return { ms: Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]) };
}

/** The stored training profile of a model version, or null (none stored: registered before profiles existed). */
export async function profileOfVersion(db: Db, modelVersionId: string): Promise<DataProfile | null> {
  const [row] = await db.select({ profile: modelVersions.profile }).from(modelVersions).where(eq(modelVersions.id, modelVersionId));
  const p = row?.profile as DataProfile | null | undefined;
  return p && p.version === 1 ? p : null;
}

/** The model version that answered most rows (ties: the higher version number), or null without rows. */
export function referenceVersion(rows: readonly Pick<LabelledPrediction, 'modelVersionId' | 'modelVersion'>[]): string | null {
  const counts = new Map<string, { n: number; version: number }>();
  for (const r of rows) {
    const c = counts.get(r.modelVersionId);
    if (c) c.n++;
    else counts.set(r.modelVersionId, { n: 1, version: r.modelVersion });
  }
  let best: string | null = null;
  let bestN = -1;
  let bestVersion = -Infinity;
  for (const [id, c] of counts) {
    if (c.n > bestN || (c.n === bestN && c.version > bestVersion)) {
      best = id;
      bestN = c.n;
      bestVersion = c.version;
    }
  }
  return best;
}

/**
 * Drift of one column of the window against its reference profile, or null when no row of the window has it. A
 * row of another model version that lacks the feature is left out rather than counted as a null; a column only
 * null in the window is kept with its nulls, not judged (statistics 0, not drifted).
 */
function driftOf(
  reference: FeatureProfile,
  rows: readonly LabelledPrediction[],
  value: (r: LabelledPrediction) => unknown,
  referenceId: string,
  t: DriftThresholds,
): FeatureDrift | null {
  const sketch = createWindowSketch(reference);
  for (const r of rows) {
    const v = value(r);
    if (v === undefined) {
      if (r.modelVersionId !== referenceId) continue;
      sketch.add(null);
    } else sketch.add(v as number | string | boolean | null);
  }
  if (sketch.rows === 0 && sketch.nulls === 0) return null;
  return featureDrift(reference, sketch, t);
}

const emptyDataset = (threshold: number): DatasetDrift => ({ drifted: false, share: 0, threshold, driftedFeatures: [] });

/** Accuracy, macro F1 and log loss of a classifier, or RMSE and MAE of a regressor, over the labelled rows. */
export function qualityOf(rows: readonly LabelledPrediction[], target: FeatureProfile | undefined): WindowQuality {
  const labelled = rows.filter((r) => r.actual !== null && r.label !== null);
  const quality: WindowQuality = { labelled: labelled.length };
  if (labelled.length === 0) return quality;
  const regressor = target ? target.kind === 'numeric' : labelled.every((r) => typeof r.actual === 'number' && typeof r.label === 'number');
  if (regressor) {
    let se = 0;
    let ae = 0;
    for (const r of labelled) {
      const d = Number(r.label) - Number(r.actual);
      se += d * d;
      ae += Math.abs(d);
    }
    quality.rmse = Math.sqrt(se / labelled.length);
    quality.mae = ae / labelled.length;
    return quality;
  }
  // Classes: those of the truth and of the predictions (as scikit-learn's f1_score with average="macro").
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let correct = 0;
  let lossSum = 0;
  let lossRows = 0;
  for (const r of labelled) {
    const truth = String(r.actual);
    const predicted = String(r.label);
    tp.set(truth, tp.get(truth) ?? 0);
    tp.set(predicted, tp.get(predicted) ?? 0);
    if (truth === predicted) {
      correct++;
      inc(tp, truth);
    } else {
      inc(fp, predicted);
      inc(fn, truth);
    }
    if (r.probabilities) {
      const p = r.probabilities[truth] ?? 0;
      lossSum -= Math.log(Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
      lossRows++;
    }
  }
  let f1Sum = 0;
  for (const [cls, t] of tp) {
    const denominator = 2 * t + (fp.get(cls) ?? 0) + (fn.get(cls) ?? 0);
    f1Sum += denominator === 0 ? 0 : (2 * t) / denominator;
  }
  quality.accuracy = correct / labelled.length;
  quality.f1Macro = f1Sum / tp.size;
  if (lossRows > 0) quality.logLoss = lossSum / lossRows;
  return quality;
}

/** Requests, errors and latency percentiles of the endpoint's answering variants, from serving windows ending in (start, end]. */
export async function healthOf(db: Db, endpoint: string, start: Date, end: Date): Promise<WindowHealth> {
  const variants = await summarizeServing(db, { endpoint, since: new Date(start.getTime() + 1), until: end });
  const counts = emptyLatencyCounts();
  let requests = 0;
  let errors = 0;
  for (const v of variants) {
    if (v.role === 'shadow') continue;
    requests += v.requests;
    errors += v.errors;
    v.latencyCounts.forEach((c, i) => { counts[i] += c; });
  }
  const q = (x: number) => {
    const ms = quantileOf(counts, x);
    return ms === null ? null : Math.min(ms, LATENCY_CAP_MS);
  };
  return { requests, errors, errorRate: requests > 0 ? errors / requests : 0, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99) };
}

/**
 * Computes one window of an endpoint: its predictions in [start, end) with the labels attached so far, against
 * the profile of the version that answered most of them. Nothing is stored (the activity records it).
 */
export async function computeWindow(deps: WindowDeps, q: WindowQuery): Promise<MonitorWindow> {
  const { endpoint, start, end, spec } = q;
  const share = spec.drift?.share ?? 0.5;
  const { rows } = await deps.predictions.joinLabels(endpoint, { from: start, to: end });
  const referenceId = referenceVersion(rows);
  const profile = referenceId ? await profileOfVersion(deps.db, referenceId) : null;

  const features: Record<string, FeatureDrift> = {};
  let prediction: FeatureDrift | null = null;
  if (profile && referenceId) {
    for (const [name, reference] of Object.entries(profile.features)) {
      const d = driftOf(reference, rows, (r) => r.features[name], referenceId, thresholdsFor(spec, name));
      if (d) features[name] = d;
    }
    if (profile.target) {
      const t = { ...DEFAULT_THRESHOLDS, ...(spec.prediction ?? {}) };
      prediction = driftOf(profile.target, rows, (r) => r.label, referenceId, t);
    }
  }
  const dataset = Object.keys(features).length > 0 ? datasetDrift(features, share) : emptyDataset(share);
  return {
    start: start.toISOString(),
    end: end.toISOString(),
    rows: rows.length,
    modelVersionId: referenceId,
    features,
    dataset,
    prediction,
    quality: qualityOf(rows, profile?.target),
    health: await healthOf(deps.db, endpoint, start, end),
  };
}

export type WindowAlert = Omit<AlertInput, 'windowId'>;

type Bound = { min?: number; max?: number; severity?: AlertSeverity };

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, ''));

function crossed(b: Bound, value: number): string | null {
  if (b.min !== undefined && value < b.min) return `below its minimum ${fmt(b.min)}`;
  if (b.max !== undefined && value > b.max) return `above its maximum ${fmt(b.max)}`;
  return null;
}

function statsOf(f: FeatureDrift): Record<string, unknown> {
  return { psi: f.psi, js: f.js, ...(f.ks ? { ks: f.ks } : {}), ...(f.chi2 ? { chi2: f.chi2 } : {}), reasons: f.reasons, rows: f.rows };
}

/**
 * The alerts a window raises under its spec, each with a dedup key that names the endpoint, the window's start,
 * the kind and the subject, so computing the window again (a retried activity) raises nothing twice. Pure.
 * - `drift`: one per drifted feature (warning), and one for the dataset (subject null) when the share-of-features
 *   rule holds (`drift.severity`, default critical);
 * - `prediction_drift`: the predicted labels drifted from the training target (warning);
 * - `quality`: a figure out of its bound, judged only with at least `quality.minLabelled` labelled rows;
 * - `health`: the error rate or p99 latency out of bounds (judged with requests), or the request count.
 */
export function alertsOf(endpoint: string, w: MonitorWindow, spec: MonitorSpec): WindowAlert[] {
  const out: WindowAlert[] = [];
  const key = (kind: string, subject: string | null) => `${endpoint}/${w.start}/${kind}/${subject ?? '*'}`;
  const span = `the window ${w.start} – ${w.end}`;
  for (const [name, f] of Object.entries(w.features)) {
    if (!f.drifted) continue;
    out.push({
      endpoint, kind: 'drift', severity: 'warning', subject: name,
      message: `feature "${name}" of ${endpoint} drifted in ${span} (${f.reasons.join(', ')}; PSI ${fmt(f.psi)}, JS ${fmt(f.js)})`,
      details: { window: { start: w.start, end: w.end }, ...statsOf(f) },
      dedupKey: key('drift', name),
    });
  }
  if (w.dataset.drifted) {
    const n = Object.keys(w.features).length;
    out.push({
      endpoint, kind: 'drift', severity: spec.drift?.severity ?? 'critical', subject: null,
      message: `dataset drift on ${endpoint} in ${span}: ${w.dataset.driftedFeatures.length} of ${n} features drifted ` +
        `(${fmt(w.dataset.share * 100)}% ≥ ${fmt(w.dataset.threshold * 100)}%): ${w.dataset.driftedFeatures.join(', ')}`,
      details: { window: { start: w.start, end: w.end }, ...w.dataset },
      dedupKey: key('drift', null),
    });
  }
  if (w.prediction?.drifted) {
    out.push({
      endpoint, kind: 'prediction_drift', severity: 'warning', subject: 'prediction',
      message: `the predictions of ${endpoint} drifted from the training target in ${span} (${w.prediction.reasons.join(', ')})`,
      details: { window: { start: w.start, end: w.end }, ...statsOf(w.prediction) },
      dedupKey: key('prediction_drift', 'prediction'),
    });
  }
  const qs = spec.quality;
  if (qs && w.quality.labelled >= (qs.minLabelled ?? 30)) {
    for (const metric of ['accuracy', 'f1Macro', 'logLoss', 'rmse', 'mae'] as const) {
      const bound = qs[metric];
      const value = w.quality[metric];
      if (!bound || value === undefined) continue;
      const why = crossed(bound, value);
      if (!why) continue;
      out.push({
        endpoint, kind: 'quality', severity: bound.severity ?? 'warning', subject: metric,
        message: `${metric} of ${endpoint} is ${fmt(value)} over ${w.quality.labelled} labelled rows in ${span}, ${why}`,
        details: { window: { start: w.start, end: w.end }, metric, value, labelled: w.quality.labelled, bound },
        dedupKey: key('quality', metric),
      });
    }
  }
  const hs = spec.health;
  if (hs) {
    const figures: Array<['errorRate' | 'p99Ms' | 'requests', number | null]> = [
      ['errorRate', w.health.requests > 0 ? w.health.errorRate : null],
      ['p99Ms', w.health.p99Ms],
      ['requests', w.health.requests],
    ];
    for (const [metric, value] of figures) {
      const bound = hs[metric];
      if (!bound || value === null) continue;
      const why = crossed(bound, value);
      if (!why) continue;
      out.push({
        endpoint, kind: 'health', severity: bound.severity ?? 'warning', subject: metric,
        message: `${metric} of ${endpoint} is ${fmt(value)} in ${span}, ${why}`,
        details: { window: { start: w.start, end: w.end }, metric, value, bound, requests: w.health.requests },
        dedupKey: key('health', metric),
      });
    }
  }
  return out;
}
