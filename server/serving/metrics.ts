// The predict server's Prometheus metrics (prom-client), served as text on GET /metrics. One registry per server
// (not prom-client's global one), so several servers in one process (tests, benches) keep their own counts.
// Names and labels: docs/serving.md, "Metrics".
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Latency buckets in seconds, dense below 10 ms where serving answers (100 µs … 10 ms), then coarse up to 2.5 s so
 * a slow request is still placed.
 */
export const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0065, 0.008, 0.01,
  0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

type RequestLabel = 'endpoint' | 'version' | 'variant' | 'status';

/** The queues whose depth the server reports: requests waiting for inference, shadow copies, prediction-log rows. */
export type QueueName = 'inference' | 'shadow' | 'prediction_log';

export interface RequestObservation {
  /** The endpoint name; use '' for a request to no known endpoint (a 404), so a URL cannot mint label values. */
  endpoint: string;
  /** The model version number that answered ('' when none did). */
  version: string | number;
  /** The variant that answered ('' when none did). */
  variant: string;
  /** The HTTP status sent. */
  status: number;
  /** Time from the request's arrival to its answer. */
  latencyMs: number;
}

export interface ServingMetrics {
  readonly registry: Registry;
  /** `headrace_predict_requests_total{endpoint,version,variant,status}`; status is the class: 2xx, 4xx, 5xx. */
  readonly requests: Counter<RequestLabel>;
  /** `headrace_predict_errors_total{endpoint,version,variant,status}`: the requests answered 4xx or 5xx. */
  readonly errors: Counter<RequestLabel>;
  /** `headrace_predict_latency_seconds{endpoint,version,variant}`: the answered (2xx) requests. */
  readonly latency: Histogram<'endpoint' | 'version' | 'variant'>;
  /** `headrace_predict_queue_depth{queue}`. */
  readonly queueDepth: Gauge<'queue'>;
  /** `headrace_shadow_dropped_total{endpoint,variant}`: shadow copies dropped by a full shadow queue. */
  readonly shadowDropped: Counter<'endpoint' | 'variant'>;
  /** `headrace_prediction_log_dropped_total{endpoint}`: rows the prediction log dropped (full queue). */
  readonly predictionLogDropped: Counter<'endpoint'>;
  /** Counts one request: requests, errors for 4xx/5xx, and its latency when it was answered. */
  observeRequest(o: RequestObservation): void;
  /** Reads a queue's depth at every scrape (replaces an earlier reader of the same queue). */
  queueDepthFrom(queue: QueueName, read: () => number): void;
  /** The Prometheus text exposition (format 0.0.4) of every metric. */
  metricsText(): Promise<string>;
  /** The Content-Type to serve metricsText() with. */
  readonly contentType: string;
}

export interface ServingMetricsOptions {
  /** Also export the process metrics (CPU, memory, event-loop lag, GC: prom-client's defaults). Default true. */
  processMetrics?: boolean;
  /** Labels added to every metric (e.g. `{ instance: 'serve-1' }`). */
  defaultLabels?: Record<string, string>;
}

/** The HTTP status class as a label value: 200 → '2xx'. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export function createServingMetrics(opts: ServingMetricsOptions = {}): ServingMetrics {
  const registry = new Registry();
  if (opts.defaultLabels) registry.setDefaultLabels(opts.defaultLabels);
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: 'headrace_predict_requests_total',
    help: 'Prediction requests answered, by endpoint, model version, variant and HTTP status class.',
    labelNames: ['endpoint', 'version', 'variant', 'status'] as const,
    registers,
  });
  const errors = new Counter({
    name: 'headrace_predict_errors_total',
    help: 'Prediction requests answered with a 4xx or 5xx status, by endpoint, model version, variant and status class.',
    labelNames: ['endpoint', 'version', 'variant', 'status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'headrace_predict_latency_seconds',
    help: 'Time from a prediction request\'s arrival to its answer, for answered (2xx) requests.',
    labelNames: ['endpoint', 'version', 'variant'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const readers = new Map<QueueName, () => number>();
  const queueDepth = new Gauge({
    name: 'headrace_predict_queue_depth',
    help: 'Items waiting in a queue of the predict server: inference requests, shadow copies, prediction-log rows.',
    labelNames: ['queue'] as const,
    registers,
    collect() {
      for (const [queue, read] of readers) {
        try {
          this.set({ queue }, read());
        } catch {
          // A reader that fails leaves the last value; a scrape must not fail for it.
        }
      }
    },
  });
  const shadowDropped = new Counter({
    name: 'headrace_shadow_dropped_total',
    help: 'Shadow copies of requests dropped because the shadow queue was full.',
    labelNames: ['endpoint', 'variant'] as const,
    registers,
  });
  const predictionLogDropped = new Counter({
    name: 'headrace_prediction_log_dropped_total',
    help: 'Prediction rows not logged because the prediction log\'s queue was full.',
    labelNames: ['endpoint'] as const,
    registers,
  });

  return {
    registry, requests, errors, latency, queueDepth, shadowDropped, predictionLogDropped,
    contentType: registry.contentType,
    observeRequest(o) {
      const labels = { endpoint: o.endpoint, version: String(o.version), variant: o.variant, status: statusClass(o.status) };
      requests.inc(labels);
      if (o.status >= 400) errors.inc(labels);
      else latency.observe({ endpoint: o.endpoint, version: labels.version, variant: o.variant }, o.latencyMs / 1000);
    },
    queueDepthFrom(queue, read) {
      readers.set(queue, read);
    },
    metricsText: () => registry.metrics(),
  };
}
