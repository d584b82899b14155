// The predict server (data plane): an HTTP server on node:http that answers prediction requests for every endpoint
// with the model versions its current deployment names. It follows deployments from the database
// (./deployments), loads each new version into the inference engine (./engine) BEFORE the endpoint's route moves to
// it, and unloads the version it replaced once that version's requests have drained: a deploy or a rollback drops
// no request and never serves a half-loaded model. Requests are read and answered through the three wire formats
// of ./protocols. Every answered prediction is counted in the serving metrics (./metrics, GET /metrics) and, when
// the endpoint's sample rate takes it, queued to the prediction log (./prediction-log) after the answer is sent;
// POST /v1/endpoints/NAME/labels attaches ground truth to logged predictions. A request goes to one answering
// variant by weight, sticky by a request key when the deployment names one (./routing); shadow variants get a
// sampled copy after the answer is sent (./shadow.ts); each variant's requests, errors and latency are flushed to
// serving_windows every statsIntervalMs (./windows.ts); faults may be injected to rehearse a rollback (./faults.ts);
// endpoints that require a token take one with the predict scope (./http/token.ts). docs/serving.md ("Predict
// server", "Routing", "Shadow", "Serving windows", "Fault injection") describes the routes and answers;
// docs/decisions.md why node:http.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ModelSignature } from '../../dsl/refs';
import { sha256Hex, type ArtifactStore } from '../artifacts/store';
import type { Db } from '../db/client';
import { followDeployments, type DeploymentFollower, type EndpointState, type FollowOptions } from './deployments';
import { EngineError, InferenceEngine, type EngineOptions, type ModelOutputs } from './engine';
import { applyFault, faultsFromEnv, InjectedFault, parseFaults, type Faults } from './faults';
import { checkBodyHeaders, DEFAULT_MAX_BODY_BYTES, readRequestBody } from './http/body';
import { binaryOutputs, binaryResponse, withBinaryInputs } from './protocols/v2-binary';
import { isPredictionRoute, matchRoute, type RouteMatch } from './http/routes';
import { createTokenCheck, type TokenCheckOptions } from './http/token';
import { createServingMetrics, type ServingMetricsOptions } from './metrics';
import {
  createPredictionLog, predictionLogDir, shouldLog, type LabelInput, type PredictionLog, type PredictionLogOptions,
} from './prediction-log';
import {
  featureKinds, formatMlflowResponse, formatPlainResponse, formatV2InferResponse, isValuePrediction, parseMlflowRequest, parsePlainRequest,
  parseV2InferRequest, ProtocolError, toPredictions, v2ModelMetadata, type ClassPrediction, type FeatureColumn, type Matrix,
  type MlflowOutput, type ModelSchema,
} from './protocols';
import { keyPoint, pickAt, totalWeight } from './routing/pick';
import { routingConfig, stickyKey, withoutStickyField, type RoutingConfig } from './routing/sticky';
import { createShadowQueue, type ShadowTarget } from './shadow';
import { createServingWindows, statsIntervalFromEnv, type WindowKey } from './windows';

export const DEFAULT_SERVE_HOST = '127.0.0.1';
export const DEFAULT_SERVE_PORT = 8080;

export interface PredictServerOptions {
  db: Db;
  artifacts: ArtifactStore;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default HEADRACE_SERVE_PORT, else 8080; 0 takes any free port. */
  port?: number;
  /** Inference worker threads (default: one per core). */
  threads?: number;
  /** Largest request body in bytes (default 8 MiB); a bigger one is refused with 413. */
  maxBodyBytes?: number;
  /** The rest of the engine's settings (batch window, memory bound). */
  engine?: Omit<EngineOptions, 'threads' | 'onEvict'>;
  /** The deployment follower's settings (poll periods). */
  follow?: Omit<FollowOptions, 'onError'>;
  /** Where the server reports loads, swaps and failures (default: console.error for failures only). */
  log?: (line: string) => void;
  /**
   * The prediction log's settings (batching, queue bound, `dir`); by default it lies in `predictions/` beside a
   * local artifact store's root. `false` keeps no log (nothing is logged and the labels route answers 503).
   */
  predictionLog?: Omit<PredictionLogOptions, 'artifacts' | 'onDrop'> | false;
  /** The serving metrics' settings (process metrics, default labels). */
  metrics?: ServingMetricsOptions;
  /**
   * How often the per-variant serving windows are written to serving_windows (ms); default
   * HEADRACE_SERVE_STATS_INTERVAL_MS, else 5000.
   */
  statsIntervalMs?: number;
  /** This server's name in serving_windows (default `host:pid`, `/N` added for the N-th server of a process). */
  serverName?: string;
  /**
   * Faults to inject per variant name, for rehearsing a rollback: `{ "VARIANT": { errorRate?: 0–1, delayMs? } }`.
   * Default HEADRACE_SERVE_FAULTS (JSON), else none.
   */
  faults?: Faults;
  /** The token check's cache (for endpoints that require a token). */
  tokens?: TokenCheckOptions;
}

export interface PredictServer {
  url: string;
  port: number;
  /**
   * Stops taking connections, answers the requests in flight, stops following deployments and the engine, then
   * writes what the prediction log still holds.
   */
  close(): Promise<void>;
}

/** The port `headrace serve` takes when none is given: HEADRACE_SERVE_PORT, else 8080. */
export function servePortFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.HEADRACE_SERVE_PORT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SERVE_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`HEADRACE_SERVE_PORT must be a port number (0-65535), not ${JSON.stringify(raw)}`);
  }
  return port;
}

/** One model version answering for an endpoint. */
interface Served {
  versionId: string;
  /** The deployment's name for this variant (the `variant` of metrics and prediction-log rows). */
  variant: string;
  model: string;
  version: number;
  weight: number;
  schema: ModelSchema;
  /** Its serving-window key (endpoint, deployment, variant, role). */
  key: WindowKey;
}

/** What an endpoint answers with now: only versions already loaded in every engine worker. */
interface Route {
  endpoint: string;
  revision: number;
  requireToken: boolean;
  variants: Served[];
  totalWeight: number;
  /** The shadow variants that loaded: each gets a sampled copy of the requests, answered or not. */
  shadows: Array<Served & ShadowTarget>;
  config: RoutingConfig;
}

type Variant = NonNullable<EndpointState['deployment']>['variants'][number];

/** The prediction routes, by the protocol their body speaks. */
type ShadowKind = 'infer' | 'invocations' | 'predict';

/** Whether two versions read a body into the same matrix (same features, same order, same kinds, same nulls). */
function sameInput(a: ModelSchema, b: ModelSchema): boolean {
  if (a === b) return true;
  const fa = featureKinds(a);
  const fb = featureKinds(b);
  return fa.length === fb.length && fa.every((f, i) => f.name === fb[i].name && f.kind === fb[i].kind && f.nullable === fb[i].nullable);
}

/** A body read for a version in its protocol (a ProtocolError when it does not fit that version). */
function parseFor(kind: ShadowKind, body: unknown, schema: ModelSchema): Matrix {
  if (kind === 'infer') return parseV2InferRequest(body, schema).matrix;
  if (kind === 'invocations') return parseMlflowRequest(body, schema);
  return parsePlainRequest(body, schema);
}

const REQUEST_ID_RE = /^[\x21-\x7e]{1,200}$/;

export async function startPredictServer(opts: PredictServerOptions): Promise<PredictServer> {
  const host = opts.host ?? DEFAULT_SERVE_HOST;
  const port = opts.port ?? servePortFromEnv();
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = opts.log ?? (() => undefined);
  const warn = opts.log ?? ((line: string) => console.error(line));
  const faults = opts.faults !== undefined ? parseFaults(opts.faults) : faultsFromEnv();
  const hasFaults = faults !== undefined && Object.keys(faults).length > 0;
  const statsIntervalMs = opts.statsIntervalMs ?? statsIntervalFromEnv();

  /** The newest state of every endpoint, as the follower reported it. */
  const latest = new Map<string, EndpointState>();
  /** What each endpoint answers with now. */
  const routes = new Map<string, Route>();
  /** Versions being loaded for a deployment not yet switched to: never unloaded meanwhile. */
  const pins = new Map<string, number>();
  /** Loads in progress, by version id. */
  const loading = new Map<string, Promise<void>>();
  /** Why an endpoint's current deployment could not be loaded (cleared when it is). */
  const failures = new Map<string, string>();
  const chains = new Map<string, Promise<void>>();
  const retries = new Map<string, { timer: NodeJS.Timeout; delay: number }>();
  let closing = false;

  const engine = new InferenceEngine({
    ...opts.engine,
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    onEvict: (id) => log(`model version ${id} evicted by the memory bound; it is loaded again when next asked for`),
  });
  const versionOf = new Map<string, Variant>();

  const metrics = createServingMetrics(opts.metrics);
  let plog: PredictionLog | null = null;
  if (opts.predictionLog !== false) {
    const settings = opts.predictionLog ?? {};
    let dir: string | undefined;
    try {
      dir = predictionLogDir({ dir: settings.dir, artifacts: opts.artifacts });
    } catch {
      warn('predict server: the artifact store has no local folder and no prediction log folder was given: predictions are not logged');
    }
    if (dir !== undefined) {
      plog = createPredictionLog({
        ...settings,
        dir,
        onDrop: (endpoint, rows) => metrics.predictionLogDropped.inc({ endpoint }, rows),
      });
    }
  }
  metrics.queueDepthFrom('inference', () => engine.stats().queuedRows);
  const windows = createServingWindows({
    db: opts.db, warn, intervalMs: statsIntervalMs,
    ...(opts.serverName !== undefined ? { server: opts.serverName } : {}),
  });
  const checkToken = createTokenCheck(opts.db, opts.tokens);
  /** What a shadow copy needs to run: the body as the caller sent it, its protocol, and the caller's matrix. */
  interface ShadowPayload {
    kind: ShadowKind;
    body: unknown;
    schema: ModelSchema;
    matrix: Matrix;
  }
  const shadows = createShadowQueue<ShadowPayload>({
    windows,
    onDrop: (endpoint, variant) => metrics.shadowDropped.inc({ endpoint, variant }),
    run: async (target, payload) => {
      const shadow = target as Served & ShadowTarget;
      // A deploy moved on and unloaded it meanwhile: the copy is not counted.
      if (!engine.has(shadow.versionId) || closing) return null;
      // The caller's matrix when the shadow reads the same features the same way, else the body read again.
      const matrix = sameInput(payload.schema, shadow.schema) ? payload.matrix : parseFor(payload.kind, payload.body, shadow.schema);
      const started = performance.now();
      if (hasFaults && faults[shadow.variant]) await applyFault(faults, shadow.variant);
      const outputs = await engine.predict(shadow.versionId, matrix.X, matrix.rows, matrix.text);
      const inferMs = performance.now() - started;
      return { predictions: toPredictions(outputs, shadow.schema.signature), inferMs };
    },
  });
  metrics.queueDepthFrom('shadow', () => shadows.depth());
  if (plog) {
    const log = plog;
    metrics.queueDepthFrom('prediction_log', () => log.stats().queuedRows);
  }

  const ensureLoaded = (v: Variant): Promise<void> => {
    versionOf.set(v.modelVersionId, v);
    if (engine.has(v.modelVersionId)) return Promise.resolve();
    const running = loading.get(v.modelVersionId);
    if (running) return running;
    const p = (async () => {
      const signature = ModelSignature.safeParse(v.signature);
      if (!signature.success) throw new Error(`${v.model}@${v.version} has no usable signature`);
      const bytes = await opts.artifacts.get(v.artifactUri);
      if (sha256Hex(bytes) !== v.artifactHash) {
        throw new Error(`the artifact of ${v.model}@${v.version} does not match its recorded hash ${v.artifactHash}`);
      }
      const info = await engine.load(v.modelVersionId, bytes);
      if (info.features !== signature.data.features.length) {
        await engine.unload(v.modelVersionId);
        throw new Error(`${v.model}@${v.version} takes ${info.features} features but its signature lists ${signature.data.features.length}`);
      }
      log(`loaded ${v.model}@${v.version} (${v.modelVersionId})`);
    })().finally(() => loading.delete(v.modelVersionId));
    loading.set(v.modelVersionId, p);
    return p;
  };

  /** Unloads every version no route answers with and no pending switch needs; each after its requests drain. */
  const releaseUnused = () => {
    const used = new Set<string>(pins.keys());
    for (const r of routes.values()) for (const s of [...r.variants, ...r.shadows]) used.add(s.versionId);
    for (const { id, state } of engine.stats().versions) {
      if (used.has(id) || state === 'unloading' || loading.has(id)) continue;
      void engine.unload(id).then(
        () => log(`unloaded model version ${id}`),
        (err: unknown) => warn(`predict server: unloading model version ${id} failed: ${(err as Error).message}`),
      );
    }
  };

  const answering = (state: EndpointState): Variant[] => {
    const variants = state.deployment?.variants ?? [];
    const live = variants.filter((v) => v.role !== 'shadow' && v.weight > 0);
    return live.length > 0 ? live : variants.filter((v) => v.role === 'primary');
  };

  /** Brings the endpoint's route to its newest state: loads first, switches after, unloads what it replaced. */
  const apply = async (name: string): Promise<void> => {
    const state = latest.get(name);
    const route = routes.get(name);
    if (!state || !state.deployment) {
      if (route) {
        routes.delete(name);
        releaseUnused();
      }
      failures.delete(name);
      return;
    }
    if (route && route.revision >= state.revision) return;
    const deployment = state.deployment;
    const variants = answering(state);
    if (variants.length === 0) throw new Error(`deployment #${deployment.number} has no primary or canary variant to answer with`);
    // Shadows load beside the answering variants, but one that fails to load only goes unshadowed.
    const shadowed = deployment.variants.filter((v) => v.role === 'shadow' && v.weight > 0 && !variants.includes(v));
    const ids = [...variants, ...shadowed].map((v) => v.modelVersionId);
    for (const id of ids) pins.set(id, (pins.get(id) ?? 0) + 1);
    try {
      const [, shadowLoads] = await Promise.all([
        Promise.all(variants.map(ensureLoaded)),
        Promise.allSettled(shadowed.map(ensureLoaded)),
      ]);
      // A newer state arrived while loading: the next link of the chain switches to that one instead.
      if ((latest.get(name)?.revision ?? -1) > state.revision || closing) return;
      const toServed = (v: Variant): Served => ({
        versionId: v.modelVersionId,
        variant: v.name,
        model: v.model,
        version: v.version,
        weight: v.weight,
        schema: { signature: ModelSignature.parse(v.signature), features: v.features as FeatureColumn[] },
        key: { endpoint: name, deploymentId: deployment.id, variant: v.name, role: v.role, modelVersionId: v.modelVersionId },
      });
      const served = variants.map(toServed);
      const shadowServed: Route['shadows'] = [];
      shadowed.forEach((v, i) => {
        const loaded = shadowLoads[i];
        if (loaded.status === 'fulfilled') shadowServed.push({ ...toServed(v), name: v.name });
        else warn(`predict server: endpoint ${name} runs without its shadow ${v.name}: loading ${v.model}@${v.version} failed: ${(loaded.reason as Error).message}`);
      });
      routes.set(name, {
        endpoint: name,
        revision: state.revision,
        requireToken: state.requireToken,
        variants: served,
        totalWeight: totalWeight(served),
        shadows: shadowServed,
        config: routingConfig(deployment.config),
      });
      failures.delete(name);
      const was = route?.variants.map((s) => `${s.model}@${s.version}`).join(', ');
      const shadowNote = shadowServed.length > 0 ? `, shadowed by ${shadowServed.map((s) => `${s.model}@${s.version}`).join(', ')}` : '';
      log(`endpoint ${name} now answers with ${served.map((s) => `${s.model}@${s.version}`).join(', ')}${shadowNote}${was ? ` (was ${was})` : ''}`);
    } finally {
      for (const id of ids) {
        const n = (pins.get(id) ?? 1) - 1;
        if (n <= 0) pins.delete(id);
        else pins.set(id, n);
      }
      releaseUnused();
    }
  };

  const enqueue = (name: string) => {
    const prev = chains.get(name) ?? Promise.resolve();
    const next = prev.then(() => apply(name)).then(
      () => {
        const r = retries.get(name);
        if (r) clearTimeout(r.timer);
        retries.delete(name);
      },
      (err: unknown) => {
        const message = (err as Error).message;
        failures.set(name, message);
        warn(`predict server: endpoint ${name} keeps its previous version: loading revision ${latest.get(name)?.revision} failed: ${message}`);
        if (closing) return;
        // Try again with a growing delay (the artifact may be on its way, the memory freed).
        const delay = Math.min(30_000, (retries.get(name)?.delay ?? 500) * 2);
        const timer = setTimeout(() => enqueue(name), delay);
        timer.unref();
        retries.set(name, { timer, delay });
      },
    );
    chains.set(name, next);
  };

  /** What a failed start leaves running: the engine's threads and the prediction log's timer. */
  const abandon = async (err: unknown): Promise<never> => {
    closing = true;
    for (const r of retries.values()) clearTimeout(r.timer);
    await Promise.allSettled([engine.close(), plog?.close(), windows.close()]);
    throw err;
  };

  const follower: DeploymentFollower = await followDeployments(opts.db, (state) => {
    latest.set(state.name, state);
    enqueue(state.name);
  }, { ...opts.follow, onError: (err) => warn(`predict server: following deployments: ${(err as Error).message}`) })
    .catch(abandon);

  const ready = (): { ready: boolean; endpoints: Array<{ name: string; ready: boolean; error?: string }> } => {
    const endpoints = [...latest.values()].filter((s) => s.deployment).map((s) => {
      const ok = (routes.get(s.name)?.revision ?? -1) >= s.revision;
      const error = failures.get(s.name);
      return { name: s.name, ready: ok, ...(!ok && error ? { error } : {}) };
    });
    return { ready: endpoints.every((e) => e.ready), endpoints };
  };

  // ---- requests ---------------------------------------------------------------------------------------------------

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };

  /** The error body in the request's protocol. */
  const errorBody = (kind: RouteMatch['kind'] | undefined, status: number, message: string, requestId: string) => {
    if (kind === 'invocations') return { error_code: status === 400 ? 'BAD_REQUEST' : status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_PARAMETER_VALUE', message };
    if (kind === 'predict' || kind === 'labels') return { error: message, requestId };
    return { error: message };
  };

  class HttpError extends Error {
    constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
      super(message);
    }
  }

  /** The route of an endpoint that is ready to answer, or an HttpError saying why not. */
  const routeOf = (name: string): Route => {
    const route = routes.get(name);
    const state = latest.get(name);
    if (!route) {
      if (!state) throw new HttpError(404, `No endpoint named ${name}.`);
      if (!state.deployment) throw new HttpError(503, `Endpoint ${name} has no deployment yet: deploy a model version to it (headrace deploy ${name} MODEL@VERSION).`, { 'retry-after': '5' });
      const failed = failures.get(name);
      throw new HttpError(503, failed ? `Endpoint ${name} could not load its model version: ${failed}.` : `Endpoint ${name} is loading its model version; try again in a moment.`, { 'retry-after': '1' });
    }
    return route;
  };

  /**
   * Refuses a request to an endpoint that requires a token unless its Authorization header carries one with the
   * predict scope: 401 without a token or with a bad one, 403 with a token lacking the scope.
   */
  const authorize = async (requireToken: boolean, req: IncomingMessage): Promise<void> => {
    if (!requireToken) return;
    const verdict = await checkToken(req.headers.authorization);
    if (!verdict.ok) {
      throw new HttpError(verdict.status, verdict.message, verdict.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
    }
  };

  /**
   * The variant a request goes to: the version the path names; else, with a sticky key, the variant its hash
   * lands on; else one drawn by the variants' weights.
   */
  const pick = (route: Route, version: string | undefined, key?: string): Served => {
    if (version !== undefined) {
      const found = route.variants.find((s) => String(s.version) === version || `v${s.version}` === version);
      if (!found) {
        throw new HttpError(404, `Endpoint ${route.endpoint} does not serve version ${version}; it serves ${route.variants.map((s) => `${s.model}@${s.version}`).join(', ')}.`);
      }
      return found;
    }
    if (route.variants.length === 1) return route.variants[0];
    return pickAt(route.variants, key !== undefined ? keyPoint(key) : Math.random(), route.totalWeight);
  };

  const infer = async (served: Served, matrix: Matrix): Promise<ModelOutputs> => {
    try {
      return await engine.predict(served.versionId, matrix.X, matrix.rows, matrix.text);
    } catch (err) {
      // Evicted by the memory bound since it was routed: load it again once and retry.
      const v = versionOf.get(served.versionId);
      if (err instanceof EngineError && err.code === 'not_loaded' && v && !closing) {
        await ensureLoaded(v);
        return engine.predict(served.versionId, matrix.X, matrix.rows, matrix.text);
      }
      throw err;
    }
  };

  const modelHeaders = (served: Served, requestId: string) => ({
    'x-request-id': requestId,
    'x-model-name': served.model,
    'x-model-version': String(served.version),
    'x-headrace-variant': served.variant,
  });

  /**
   * Queues an answered request to the prediction log when the endpoint's sample rate takes it. Called after the
   * answer is sent; log() only encodes the entry into a bounded queue (no I/O, no await; it copies the matrix's
   * numbers into its own buffer), so the request's objects are garbage once it returns.
   */
  const logPrediction = (
    name: string, served: Served, requestId: string, matrix: Matrix, predictions: ReturnType<typeof toPredictions>,
    latencyMs: number,
  ) => {
    if (!plog || !shouldLog(latest.get(name)?.logSampleRate ?? 0, requestId)) return;
    plog.log({
      requestId, endpoint: name, variant: served.variant, modelVersionId: served.versionId,
      modelVersion: served.version, latencyMs,
      features: matrix.text ? matrixRecords(served.schema.signature.features, matrix) : { names: served.schema.signature.features, X: matrix.X, rows: matrix.rows },
      // A regressor's value is the logged label (the column monitoring reads as the predicted value), with no probabilities.
      predictions: predictions.some(isValuePrediction)
        ? predictions.map((p) => (isValuePrediction(p) ? { label: p.value, probabilities: null } : p))
        : (predictions as ClassPrediction[]),
    });
  };

  /** A matrix with text features as one record per row (missing values null): the log's general form. */
  const matrixRecords = (names: readonly string[], m: Matrix) => Array.from({ length: m.rows }, (_, r) => {
    const rec: Record<string, string | number | null> = {};
    names.forEach((name, j) => {
      const text = m.text?.[j];
      const x = m.X[r * names.length + j];
      rec[name] = text ? (text[r] === '' ? null : text[r]) : Number.isNaN(x) ? null : x;
    });
    return rec;
  });

  /** POST /v1/endpoints/NAME/labels {"labels": [{"requestId", "row"?, "label"}]} → { attached, unknown, unknownIds }. */
  const attachLabels = async (name: string, body: unknown, requestId: string, res: ServerResponse) => {
    const state = latest.get(name);
    if (!state) throw new HttpError(404, `No endpoint named ${name}.`);
    if (!plog) throw new HttpError(503, 'This predict server keeps no prediction log, so it cannot attach labels.');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ProtocolError('The body must be a JSON object {"labels": [{"requestId": "…", "label": "…"}, …]}.');
    }
    for (const key of Object.keys(body)) {
      if (key !== 'labels') throw new ProtocolError(`Unknown field "${key}" in the body; it takes only "labels".`);
    }
    const labels = (body as { labels?: unknown }).labels;
    if (!Array.isArray(labels)) {
      throw new ProtocolError('"labels" must be an array of {"requestId", "label"} objects (and "row" for a row other than the first).');
    }
    labels.forEach((l: unknown, i) => {
      if (typeof l !== 'object' || l === null || Array.isArray(l)) return; // the store names it
      for (const key of Object.keys(l)) {
        if (key !== 'requestId' && key !== 'row' && key !== 'label') {
          throw new ProtocolError(`Unknown field "${key}" in labels[${i}]; a label takes "requestId", "row" and "label".`);
        }
      }
    });
    const result = await plog.attachLabels(name, labels as LabelInput[]);
    send(res, 200, result, { 'x-request-id': requestId });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, requestIdIn: string | undefined) => {
    const arrived = performance.now();
    let requestId = requestIdIn ?? randomUUID();
    const url = new URL(req.url ?? '/', 'http://predict.invalid');
    const match = matchRoute(url.pathname);
    /** What the metrics count this request under; an endpoint the follower does not know stays '' (no new labels). */
    const counted = match && isPredictionRoute(match.kind)
      ? { endpoint: latest.has(match.endpoint!) ? match.endpoint! : '', version: '' as string | number, variant: '' }
      : undefined;
    const elapsed = () => performance.now() - arrived;
    /** The variant chosen for the request, once one is. */
    let answeredBy: Served | undefined;
    try {
      if (!match) throw new HttpError(404, `No route ${req.method} ${url.pathname}; the predict server answers /v2/… (Open Inference Protocol) and /v1/endpoints/NAME/predict|invocations.`);
      const method = req.method === 'HEAD' && match.method === 'GET' ? 'GET' : req.method;
      if (method !== match.method) {
        throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}; use ${match.method}.`, { allow: match.method });
      }
      const base = { 'x-request-id': requestId };
      switch (match.kind) {
        case 'live':
          return send(res, 200, { live: true }, base);
        case 'ready': {
          const r = ready();
          return send(res, r.ready ? 200 : 503, r, base);
        }
        case 'server':
          return send(res, 200, { name: 'headrace', version: '1', extensions: [] }, base);
        case 'metrics': {
          const text = await metrics.metricsText();
          res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(text) });
          res.end(text);
          return;
        }
        case 'model':
        case 'model_ready': {
          const name = match.endpoint!;
          const route = routes.get(name);
          const state = latest.get(name);
          if (!route && !state) throw new HttpError(404, `No endpoint named ${name}.`);
          if (match.kind === 'model_ready') {
            const ok = !!route && route.revision >= (state?.revision ?? 0);
            if (ok && match.version !== undefined) pick(route!, match.version);
            return send(res, ok ? 200 : 503, { name, ready: ok }, base);
          }
          const current = routeOf(name);
          await authorize(current.requireToken, req);
          // Without a version in the path: the first variant's schema, and every version the endpoint serves.
          const served = match.version !== undefined ? pick(current, match.version) : current.variants[0];
          const meta = v2ModelMetadata({ name, version: served.version }, served.schema);
          if (match.version === undefined) meta.versions = current.variants.map((s) => String(s.version));
          return send(res, 200, meta, modelHeaders(served, requestId));
        }
        default:
          break;
      }
      // The predictions: JSON bodies, or V2 infer with binary tensors, bounded.
      checkBodyHeaders(req, maxBodyBytes);
      const read = await readRequestBody(req, maxBodyBytes);
      if (read.binary && match.kind !== 'infer') {
        throw new ProtocolError('The binary tensor extension (Inference-Header-Content-Length) is spoken on /v2/models/NAME/infer only; this route takes JSON.', 415);
      }
      const body = read.binary ? withBinaryInputs(read.json, read.binary) : read.json;
      const name = match.endpoint!;
      if (match.kind === 'labels') {
        await authorize(latest.get(name)?.requireToken ?? false, req);
        return await attachLabels(name, body, requestId, res);
      }
      const route = routeOf(name);
      await authorize(route.requireToken, req);
      const sticky = route.config.sticky;
      const served = pick(route, match.version, sticky ? stickyKey(sticky, req.headers, body) : undefined);
      const input = sticky ? withoutStickyField(body, sticky) : body;
      answeredBy = served;
      if (counted) {
        counted.version = served.version;
        counted.variant = served.variant;
      }
      const { signature } = served.schema;
      const kind = match.kind as ShadowKind;
      let matrix: Matrix;
      let v2: ReturnType<typeof parseV2InferRequest> | undefined;
      let output: MlflowOutput = 'label';
      if (kind === 'infer') {
        v2 = parseV2InferRequest(input, served.schema);
        if (requestIdIn === undefined && v2.id !== undefined && REQUEST_ID_RE.test(v2.id)) requestId = v2.id;
        matrix = v2.matrix;
      } else if (kind === 'invocations') {
        const asked = url.searchParams.get('output') ?? 'label';
        if (asked !== 'label' && asked !== 'probabilities' && asked !== 'records') {
          throw new ProtocolError(`The query parameter output is ${JSON.stringify(asked)}; it takes label, probabilities or records.`);
        }
        output = asked;
        matrix = parseMlflowRequest(input, served.schema);
      } else {
        matrix = parsePlainRequest(input, served.schema);
      }
      const inferStart = performance.now();
      if (hasFaults && faults[served.variant]) await applyFault(faults, served.variant);
      const outputs = await infer(served, matrix);
      const predictions = toPredictions(outputs, signature);
      const inferMs = performance.now() - inferStart;
      const headers = modelHeaders(served, requestId);
      if (v2) {
        const inBinary = binaryOutputs(input);
        const answer = formatV2InferResponse(predictions, {
          modelName: name, modelVersion: served.version, id: v2.id ?? requestId, classes: signature.classes,
          ...(v2.outputs ? { outputs: v2.outputs } : {}),
          // Binary outputs are written from the engine's float32 tensors as they are.
          ...(inBinary.any ? { tensors: outputs } : {}),
        });
        const binary = binaryResponse(answer, inBinary);
        if (binary) {
          res.writeHead(200, {
            'content-type': 'application/octet-stream', 'content-length': binary.body.length,
            'inference-header-content-length': binary.headerLength, ...headers,
          });
          res.end(binary.body);
        } else send(res, 200, answer, headers);
      } else if (kind === 'invocations') {
        send(res, 200, formatMlflowResponse(predictions, signature.classes, output), headers);
      } else {
        send(res, 200, formatPlainResponse(predictions, { name: served.model, version: served.version, variant: served.variant }, requestId), headers);
      }
      logPrediction(name, served, requestId, matrix, predictions, elapsed());
      if (route.shadows.length > 0) {
        shadows.offer({
          endpoint: name, limit: route.config.shadowQueue, primary: predictions, primaryMs: inferMs,
          payload: { kind, body: input, schema: served.schema, matrix },
        }, route.shadows);
      }
    } catch (err) {
      let status = 500;
      let message: string;
      let headers: Record<string, string> = {};
      if (err instanceof ProtocolError || err instanceof HttpError) {
        status = err.status;
        message = err.message;
        if (err instanceof HttpError) headers = err.headers;
      } else if (err instanceof InjectedFault) {
        message = err.message;
      } else if (err instanceof EngineError && (err.code === 'capacity' || err.code === 'closed')) {
        status = 503;
        message = `The predict server cannot take this request now (${err.message}).`;
      } else {
        message = `The prediction failed inside the server (${(err as Error).message}).`;
        warn(`predict server: ${req.method} ${url.pathname} (request ${requestId}) failed: ${(err as Error).stack ?? String(err)}`);
      }
      if (status === 413) {
        // The rest of the body is never read: the connection closes once the answer is out.
        headers.connection = 'close';
        res.once('finish', () => {
          req.socket.end();
          setTimeout(() => req.socket.destroy(), 2000).unref();
        });
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A refusal or failure after a variant was chosen says which one, as an answer does.
      const which = answeredBy ? modelHeaders(answeredBy, requestId) : { 'x-request-id': requestId };
      send(res, status, errorBody(match?.kind, status, message, requestId), { ...headers, ...which });
    } finally {
      const latencyMs = elapsed();
      if (counted) metrics.observeRequest({ ...counted, status: res.statusCode, latencyMs });
      // The variant's window: answers and failures of the model (5xx); a 4xx is the caller's and is not counted.
      if (answeredBy && res.statusCode < 400) windows.observe(answeredBy.key, latencyMs, false);
      else if (answeredBy && res.statusCode >= 500) windows.observe(answeredBy.key, latencyMs, true);
    }
  };

  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    const header = req.headers['x-request-id'];
    const given = typeof header === 'string' && REQUEST_ID_RE.test(header) ? header : undefined;
    void handle(req, res, given);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await follower.close();
    await Promise.allSettled([...chains.values()]);
    return abandon(err);
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${bound}`,
    port: bound,
    close() {
      closed ??= (async () => {
        closing = true;
        for (const r of retries.values()) clearTimeout(r.timer);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 5_000);
        force.unref();
        await follower.close();
        await stopped;
        clearTimeout(force);
        await Promise.allSettled([...chains.values()]);
        // Copies still running finish (those waiting are forgotten) before the engine stops.
        await shadows.close();
        await engine.close();
        await windows.close();
        // Every answered request is queued by now: write what waits.
        await plog?.close().catch((err: unknown) => warn(`predict server: ${(err as Error).message}`));
      })();
      return closed;
    },
  };
}
