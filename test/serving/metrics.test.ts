// The serving metrics as GET /metrics will serve them: the text is parsed by a Prometheus text-format parser
// (prom2javascript) and carries each metric with its labels and values; the prediction log's drops
// reach their counter.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMetricsFromIterator, type PromData, type PromHistogramData, type PromMetrics } from 'prom2javascript';
import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS, createServingMetrics, statusClass } from '../../server/serving/metrics';
import { createPredictionLog } from '../../server/serving/prediction-log';

/** Parses the exposition line by line; it throws on a malformed line and on a histogram whose +Inf is not its count. */
function parse(text: string): Promise<PromMetrics> {
  return getMetricsFromIterator(text.split('\n')[Symbol.iterator]());
}

function family(families: PromMetrics, name: string) {
  const f = families[name];
  if (!f) throw new Error(`no metric ${name} in ${Object.keys(families).join(', ')}`);
  return f;
}

function sample<T extends PromData | PromHistogramData>(data: T[], labels: Record<string, string>): T {
  const s = data.find((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));
  if (!s) throw new Error(`no sample with ${JSON.stringify(labels)}: ${JSON.stringify(data)}`);
  return s;
}

const values = (families: PromMetrics, name: string) => family(families, name).data as PromData[];

describe('serving metrics', () => {
  it('serves Prometheus text that a parser reads, with every metric\'s labels and values', async () => {
    const m = createServingMetrics({ processMetrics: false, defaultLabels: { instance: 'serve-1' } });
    const base = { endpoint: 'penguins', version: 3, variant: 'primary' };
    m.observeRequest({ ...base, status: 200, latencyMs: 0.4 });
    m.observeRequest({ ...base, status: 200, latencyMs: 1.2 });
    m.observeRequest({ ...base, status: 200, latencyMs: 7 });
    m.observeRequest({ ...base, variant: 'canary', version: 4, status: 200, latencyMs: 2.5 });
    m.observeRequest({ ...base, status: 400, latencyMs: 0.1 });
    m.observeRequest({ endpoint: '', version: '', variant: '', status: 404, latencyMs: 0.05 });
    m.observeRequest({ ...base, status: 503, latencyMs: 30 });
    let depth = 17;
    m.queueDepthFrom('inference', () => depth);
    m.queueDepthFrom('prediction_log', () => {
      throw new Error('a failing reader must not fail the scrape');
    });
    m.queueDepth.set({ queue: 'shadow' }, 2);
    m.shadowDropped.inc({ endpoint: 'penguins', variant: 'challenger' }, 5);
    m.predictionLogDropped.inc({ endpoint: 'penguins' }, 9);

    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = await parse(await m.metricsText());

    const requests = family(families, 'headrace_predict_requests_total');
    expect(requests.type).toBe('counter');
    const req = requests.data as PromData[];
    expect(sample(req, { endpoint: 'penguins', version: '3', variant: 'primary', status: '2xx', instance: 'serve-1' }).value).toBe(3);
    expect(sample(req, { endpoint: 'penguins', version: '4', variant: 'canary', status: '2xx' }).value).toBe(1);
    expect(sample(req, { endpoint: 'penguins', version: '3', variant: 'primary', status: '4xx' }).value).toBe(1);
    expect(sample(req, { endpoint: '', version: '', variant: '', status: '4xx' }).value).toBe(1);
    expect(sample(req, { endpoint: 'penguins', status: '5xx' }).value).toBe(1);
    expect(req).toHaveLength(5);

    const errors = values(families, 'headrace_predict_errors_total');
    expect(errors.map((e) => e.labels.status).sort()).toEqual(['4xx', '4xx', '5xx']);

    const latency = family(families, 'headrace_predict_latency_seconds');
    expect(latency.type).toBe('histogram');
    const hist = latency.data as PromHistogramData[];
    // Answered requests only: the two variants that answered 2xx.
    expect(hist.map((h) => `${h.labels.variant}@${h.labels.version}`).sort()).toEqual(['canary@4', 'primary@3']);
    const primary = sample(hist, { endpoint: 'penguins', version: '3', variant: 'primary', instance: 'serve-1' });
    expect(primary.count).toBe(3);
    expect(primary.sum).toBeCloseTo(0.0086, 6);
    // Cumulative buckets: 0.4 ms ≤ 0.0005; 1.2 ms ≤ 0.0015; 7 ms ≤ 0.008.
    expect(primary.buckets['0.00025']).toBe(0);
    expect(primary.buckets['0.0005']).toBe(1);
    expect(primary.buckets['0.0015']).toBe(2);
    expect(primary.buckets['0.0065']).toBe(2);
    expect(primary.buckets['0.008']).toBe(3);
    expect(primary.buckets['+Inf']).toBe(3);
    expect(Object.keys(primary.buckets)).toHaveLength(LATENCY_BUCKETS.length + 1);
    expect(LATENCY_BUCKETS.filter((b) => b <= 0.01).length).toBeGreaterThanOrEqual(12);
    expect(sample(hist, { variant: 'canary' }).buckets).toMatchObject({ '0.002': 0, '0.003': 1 });

    const depthF = family(families, 'headrace_predict_queue_depth');
    expect(depthF.type).toBe('gauge');
    expect(sample(depthF.data as PromData[], { queue: 'inference' }).value).toBe(17);
    expect(sample(depthF.data as PromData[], { queue: 'shadow' }).value).toBe(2);
    expect(sample(values(families, 'headrace_shadow_dropped_total'), { endpoint: 'penguins', variant: 'challenger' }).value).toBe(5);
    expect(sample(values(families, 'headrace_prediction_log_dropped_total'), { endpoint: 'penguins' }).value).toBe(9);

    // A gauge read at scrape time follows its source.
    depth = 3;
    expect(sample(values(await parse(await m.metricsText()), 'headrace_predict_queue_depth'), { queue: 'inference' }).value).toBe(3);
  });

  it('adds the process metrics by default, so one scrape also shows CPU, memory and event-loop lag', async () => {
    // Read as text: before its first sample prom-client writes the event-loop lag as `Nan`, which Prometheus reads
    // (it parses floats case-insensitively) but prom2javascript refuses.
    const text = await createServingMetrics().metricsText();
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE process_resident_memory_bytes gauge');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_p99_seconds gauge');
    expect(text).toContain('# TYPE headrace_predict_requests_total counter');
  });

  it('keeps one registry per server: two sets of metrics count apart', async () => {
    const a = createServingMetrics({ processMetrics: false });
    const b = createServingMetrics({ processMetrics: false });
    a.observeRequest({ endpoint: 'x', version: 1, variant: 'primary', status: 200, latencyMs: 1 });
    const ta = await parse(await a.metricsText());
    const tb = await parse(await b.metricsText());
    expect(sample(values(ta, 'headrace_predict_requests_total'), { endpoint: 'x' }).value).toBe(1);
    expect(values(tb, 'headrace_predict_requests_total')).toEqual([]);
    expect(Object.keys(ta).some((name) => name.startsWith('process_'))).toBe(false);
    expect(statusClass(201)).toBe('2xx');
    expect(statusClass(429)).toBe('4xx');
  });

  it('counts the prediction log\'s dropped rows when wired to its onDrop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'headrace-metrics-'));
    try {
      const m = createServingMetrics({ processMetrics: false });
      const log = createPredictionLog({
        dir, maxQueue: 4, flushRows: 100, flushMs: 0,
        onDrop: (endpoint, rows) => m.predictionLogDropped.inc({ endpoint }, rows),
      });
      m.queueDepthFrom('prediction_log', () => log.stats().queuedRows);
      const entry = (i: number) => ({
        requestId: `r${i}`, endpoint: 'churn', variant: 'primary', modelVersionId: 'mv', modelVersion: 1, latencyMs: 1,
        features: [{ a: i }, { a: i + 1 }], predictions: [{ label: 'yes' }, { label: 'no' }],
      });
      const answers = [0, 1, 2, 3].map((i) => log.log(entry(i)));
      expect(answers).toEqual([true, true, false, false]);
      const families = await parse(await m.metricsText());
      expect(sample(values(families, 'headrace_prediction_log_dropped_total'), { endpoint: 'churn' }).value).toBe(4);
      expect(sample(values(families, 'headrace_predict_queue_depth'), { queue: 'prediction_log' }).value).toBe(4);
      expect(log.stats().droppedRows).toBe(4);
      await log.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
