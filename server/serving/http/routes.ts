// The predict server's routes: a path → which answer, for which endpoint (and version), and the methods it allows.
// NAME is an endpoint name (lower-case letters, digits, '.', '_', '-'); V a model version number.

export type RouteKind =
  | 'server' // GET /v2: server metadata
  | 'live' // GET /v2/health/live
  | 'ready' // GET /v2/health/ready
  | 'model' // GET /v2/models/NAME[/versions/V]: model metadata
  | 'model_ready' // GET /v2/models/NAME[/versions/V]/ready
  | 'infer' // POST /v2/models/NAME[/versions/V]/infer
  | 'invocations' // POST /v1/endpoints/NAME/invocations (MLflow scoring JSON)
  | 'predict' // POST /v1/endpoints/NAME/predict (plain)
  | 'labels' // POST /v1/endpoints/NAME/labels: ground truth for logged predictions
  | 'metrics'; // GET /metrics: Prometheus text

export interface RouteMatch {
  kind: RouteKind;
  /** The endpoint named in the path. */
  endpoint?: string;
  /** The version named in the path (`/versions/V`), as written. */
  version?: string;
  method: 'GET' | 'POST';
}

const SEGMENT = '([^/]+)';
const TABLE: Array<[RegExp, RouteKind, 'GET' | 'POST']> = [
  [/^\/v2\/?$/, 'server', 'GET'],
  [/^\/v2\/health\/live$/, 'live', 'GET'],
  [/^\/v2\/health\/ready$/, 'ready', 'GET'],
  [new RegExp(`^/v2/models/${SEGMENT}(?:/versions/${SEGMENT})?$`), 'model', 'GET'],
  [new RegExp(`^/v2/models/${SEGMENT}(?:/versions/${SEGMENT})?/ready$`), 'model_ready', 'GET'],
  [new RegExp(`^/v2/models/${SEGMENT}(?:/versions/${SEGMENT})?/infer$`), 'infer', 'POST'],
  [new RegExp(`^/v1/endpoints/${SEGMENT}/invocations$`), 'invocations', 'POST'],
  [new RegExp(`^/v1/endpoints/${SEGMENT}/predict$`), 'predict', 'POST'],
  [new RegExp(`^/v1/endpoints/${SEGMENT}/labels$`), 'labels', 'POST'],
  [/^\/metrics$/, 'metrics', 'GET'],
];

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The routes that answer predictions: the ones the serving metrics count. */
export function isPredictionRoute(kind: RouteKind): boolean {
  return kind === 'infer' || kind === 'invocations' || kind === 'predict';
}

/** The route a path names, or undefined for a path the server does not serve. */
export function matchRoute(pathname: string): RouteMatch | undefined {
  for (const [re, kind, method] of TABLE) {
    const m = re.exec(pathname);
    if (m) return { kind, endpoint: decode(m[1]), version: decode(m[2]), method };
  }
  return undefined;
}
