// One monitoring window computed from a real prediction log (written by createPredictionLog, labels attached by
// request id) against a registered version's training profile, on PGlite and PostgreSQL: drift flagged on the
// shifted feature only, a canary's rows without a feature left out of it, the predicted labels' drift, quality
// from the labels, health from serving_windows, the alerts it raises (keys deterministic per window), and the
// window stored and read back through the repository.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MonitorSpec } from '../../dsl/monitor';
import { openDatabase, type Database } from '../../server/db/client';
import { listMonitorWindows, recordMonitorWindow } from '../../server/db/repo/monitors';
import { emptyLatencyCounts, latencyBucket, recordServingWindows } from '../../server/db/repo/serving-windows';
import { alertsOf, computeWindow, qualityOf, windowOf } from '../../server/monitoring/window';
import type { MonitorWindow } from '../../server/monitoring/stats/types';
import { createPredictionLog, openPredictionStore, type LabelledPrediction, type PredictionStore } from '../../server/serving/prediction-log';
import { CLASSES, classOf, entries, registerWithProfile, trainingData, type Training } from './window-fixtures';

describe('quality of a window', () => {
  const row = (label: string | number, actual: string | number | null, probabilities: Record<string, number> | null = null) =>
    ({ label, actual, probabilities }) as LabelledPrediction;

  it('scores a classifier: accuracy, macro F1 over the classes of truth and predictions, log loss', () => {
    // truth A A B B C, predicted A B B B A: A has tp 1 fp 1 fn 1 (F1 1/2), B tp 2 fp 1 (F1 4/5), C fn 1 (F1 0).
    const p = { A: 0.5, B: 0.25, C: 0.25 };
    const q = qualityOf([row('A', 'A', p), row('B', 'A', p), row('B', 'B', p), row('B', 'B', p), row('A', 'C', p), row('A', null, p)], undefined);
    expect(q.labelled).toBe(5);
    expect(q.accuracy).toBeCloseTo(3 / 5, 12);
    expect(q.f1Macro).toBeCloseTo((0.5 + 0.8 + 0) / 3, 12);
    // -ln p(truth): A, A, B, B, C.
    expect(q.logLoss).toBeCloseTo(-(2 * Math.log(0.5) + 2 * Math.log(0.25) + Math.log(0.25)) / 5, 12);
    expect(q.rmse).toBeUndefined();
  });

  it('scores a regressor: RMSE and MAE', () => {
    const q = qualityOf([row(1, 2), row(5, 2), row(3, 3)], undefined);
    expect(q).toEqual({ labelled: 3, rmse: Math.sqrt((1 + 9 + 0) / 3), mae: (1 + 3 + 0) / 3 });
  });

  it('says nothing but the count without labels', () => {
    expect(qualityOf([row('A', null)], undefined)).toEqual({ labelled: 0 });
  });
});

describe('the window of a spec', () => {
  it('reads durations and prediction counts', () => {
    expect(windowOf(MonitorSpec.parse({ monitor: 'x' }))).toEqual({ ms: 3_600_000 });
    expect(windowOf(MonitorSpec.parse({ monitor: 'x', window: '2s' }))).toEqual({ ms: 2000 });
    expect(windowOf(MonitorSpec.parse({ monitor: 'x', window: '1.5m' }))).toEqual({ ms: 90_000 });
    expect(windowOf(MonitorSpec.parse({ monitor: 'x', window: { predictions: 500 } }))).toEqual({ predictions: 500 });
  });
});

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
];

describe.each(backends)('a monitoring window on %s', (_name, url) => {
  let database: Database;
  let dir: string;
  let store: PredictionStore;
  let training: Training;
  const endpoint = `win-${randomUUID().slice(0, 8)}`;
  const N = 600;
  const LABELLED = 400;
  // Two hours ago, so labels (looked up over the last 30 days) find the predictions.
  const t0 = Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000;
  const start = new Date(t0);
  const end = new Date(t0 + 60_000);
  let v1: { id: string; number: number };
  let v2: { id: string; number: number };
  const spec = MonitorSpec.parse({
    monitor: endpoint,
    window: '1m',
    quality: { minLabelled: 100, accuracy: { min: 0.8, severity: 'critical' }, logLoss: { max: 5 } },
    health: { errorRate: { max: 0.05 }, requests: { min: 1000 } },
  });
  let w: MonitorWindow;

  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
    dir = await mkdtemp(join(tmpdir(), 'headrace-window-'));
    training = trainingData();
    const model = `win-model-${randomUUID().slice(0, 8)}`;
    const r1 = await registerWithProfile(database.db, model, training.profile, 1);
    const r2 = await registerWithProfile(database.db, model, training.profile, 2);
    v1 = { id: r1.id, number: r1.version };
    v2 = { id: r2.id, number: r2.version };

    // 600 rows 100 ms apart: every sixth answered by the canary v2, whose model has no feature c; b shifted by 2 σ.
    const rows = entries(training, {
      endpoint, n: N, time: (i) => t0 + i * 100, shift: 4, version: (i) => (i % 6 === 5 ? v2 : v1),
    });
    for (const [i, e] of rows.entries()) if (i % 6 === 5) delete (e.features as unknown as Array<Record<string, number>>)[0].c;
    // Outside the window: just before its start, and at its (exclusive) end.
    const outside = entries(training, { endpoint, n: 2, time: (i) => (i === 0 ? t0 - 1 : t0 + 60_000), shift: 100, version: () => v1, prefix: 'out' });
    const log = createPredictionLog({ dir, inlineWriter: true, flushMs: 0 });
    for (const e of [...rows, ...outside]) expect(log.log(e)).toBe(true);
    await log.close();

    // Labels for the first 400 rows: every fourth one wrong (the next class).
    store = openPredictionStore({ dir });
    const labels = Array.from({ length: LABELLED }, (_, i) => {
      const predicted = CLASSES.indexOf(classOf(i));
      return { requestId: `r-${i}`, label: i % 4 === 0 ? CLASSES[(predicted + 1) % 3] : CLASSES[predicted] };
    });
    expect((await store.attachLabels(endpoint, labels)).attached).toBe(LABELLED);

    // Serving windows: the primary and the canary inside the span, a shadow and a later window left out.
    const sw = (variant: string, role: 'primary' | 'canary' | 'shadow', endMs: number, requests: number, errors: number, latencyMs: number) => {
      const counts = emptyLatencyCounts();
      counts[latencyBucket(latencyMs)] = requests;
      return {
        endpoint, deploymentId: null, variant, role, modelVersionId: null, server: 'test:1',
        windowStart: new Date(endMs - 5000), windowEnd: new Date(endMs), requests, errors, latencyCounts: counts, latencySumMs: requests * latencyMs,
      };
    };
    await recordServingWindows(database.db, [
      sw('v1', 'primary', t0 + 30_000, 100, 2, 2),
      sw('v2', 'canary', t0 + 60_000, 50, 0, 5),
      sw('shadow', 'shadow', t0 + 30_000, 70, 70, 900),
      sw('v1', 'primary', t0 + 65_000, 1000, 1000, 900),
    ]);

    w = await computeWindow({ db: database.db, predictions: store }, { endpoint, start, end, spec });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts the rows of [start, end) and takes the profile of the version that answered most', () => {
    expect(w.start).toBe(start.toISOString());
    expect(w.end).toBe(end.toISOString());
    expect(w.rows).toBe(N);
    expect(w.modelVersionId).toBe(v1.id);
  });

  it('flags drift on the shifted feature only', () => {
    expect(Object.keys(w.features).sort()).toEqual(['a', 'b', 'c']);
    expect(w.features.b.drifted).toBe(true);
    expect(w.features.b.reasons).toContain('psi');
    expect(w.features.b.reasons).toContain('ks');
    expect(w.features.b.ks!.statistic).toBeGreaterThan(0.5);
    for (const f of ['a', 'c']) {
      expect(w.features[f].drifted, f).toBe(false);
      expect(w.features[f].reasons, f).toEqual([]);
      expect(w.features[f].ks!.statistic, f).toBeLessThan(0.02);
      expect(w.features[f].psi, f).toBeLessThan(0.01);
    }
    for (const f of ['a', 'b', 'c']) expect(w.features[f].kind).toBe('numeric');
    // The canary's rows have no c: left out of c, not counted as nulls.
    expect(w.features.a.rows).toBe(N);
    expect(w.features.c.rows).toBe(N - N / 6);
    expect(w.features.c.nulls).toBe(0);
    // One feature of three: under the default share of one half.
    expect(w.dataset).toMatchObject({ drifted: false, threshold: 0.5, driftedFeatures: ['b'] });
    expect(w.dataset.share).toBeCloseTo(1 / 3, 12);
  });

  it('measures the predicted labels against the training target', () => {
    // 40/30/30 % predicted, as trained.
    expect(w.prediction).not.toBeNull();
    expect(w.prediction!.kind).toBe('categorical');
    expect(w.prediction!.drifted).toBe(false);
    expect(w.prediction!.chi2!.statistic).toBeCloseTo(0, 9);
    expect(w.prediction!.rows).toBe(N);
  });

  it('scores the labelled rows', () => {
    expect(w.quality.labelled).toBe(LABELLED);
    expect(w.quality.accuracy).toBeCloseTo(0.75, 12);
    expect(w.quality.logLoss).toBeCloseTo(-(300 * Math.log(0.8) + 100 * Math.log(0.1)) / LABELLED, 9);
    // Macro F1 from the confusion of the 400 labelled rows, class by class.
    let f1 = 0;
    for (const k of CLASSES) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (let i = 0; i < LABELLED; i++) {
        const predicted = classOf(i);
        const truth = i % 4 === 0 ? CLASSES[(CLASSES.indexOf(predicted) + 1) % 3] : predicted;
        if (predicted === k && truth === k) tp++;
        else if (predicted === k) fp++;
        else if (truth === k) fn++;
      }
      f1 += (2 * tp) / (2 * tp + fp + fn);
    }
    expect(w.quality.f1Macro).toBeCloseTo(f1 / 3, 12);
  });

  it('reads health from the serving windows of its span, shadows left out', () => {
    expect(w.health).toEqual({ requests: 150, errors: 2, errorRate: 2 / 150, p50Ms: 2, p95Ms: 5, p99Ms: 5 });
  });

  it('raises the alerts its spec asks for, each under a key naming the window', () => {
    const alerts = alertsOf(endpoint, w, spec);
    expect(alerts.map((a) => [a.kind, a.subject, a.severity])).toEqual([
      ['drift', 'b', 'warning'],
      ['quality', 'accuracy', 'critical'],
      ['health', 'requests', 'warning'],
    ]);
    expect(alerts.map((a) => a.dedupKey)).toEqual([
      `${endpoint}/${w.start}/drift/b`, `${endpoint}/${w.start}/quality/accuracy`, `${endpoint}/${w.start}/health/requests`,
    ]);
    expect(alerts[1].message).toContain('accuracy of');
    expect(alerts[1].message).toContain('below its minimum 0.8');
    // The same window computed again raises the same keys.
    expect(alertsOf(endpoint, JSON.parse(JSON.stringify(w)) as MonitorWindow, spec)).toEqual(alerts);
    // Too few labels: quality is not judged.
    const strict = MonitorSpec.parse({ ...spec, quality: { ...spec.quality, minLabelled: LABELLED + 1 } });
    expect(alertsOf(endpoint, w, strict).map((a) => a.kind)).not.toContain('quality');
  });

  it('is plain JSON and is stored and read back whole', async () => {
    expect(JSON.parse(JSON.stringify(w))).toEqual(w);
    const id = await recordMonitorWindow(database.db, endpoint, null, w);
    const [stored] = await listMonitorWindows(database.db, endpoint);
    expect(stored.id).toBe(id);
    const { id: _id, computedAt: _at, ...back } = stored;
    expect(back).toEqual(w);
  });

  it('is empty, not wrong, over a span without predictions', async () => {
    const later = new Date(t0 + 3_600_000);
    const empty = await computeWindow({ db: database.db, predictions: store }, { endpoint, start: later, end: new Date(later.getTime() + 60_000), spec });
    expect(empty).toMatchObject({ rows: 0, modelVersionId: null, prediction: null });
    expect(empty.features).toEqual({});
    expect(empty.quality).toEqual({ labelled: 0 });
    expect(empty.dataset.drifted).toBe(false);
    expect(empty.health).toEqual({ requests: 0, errors: 0, errorRate: 0, p50Ms: null, p95Ms: null, p99Ms: null });
    expect(alertsOf(endpoint, empty, spec).map((a) => a.subject)).toEqual(['requests']);
  });
});
