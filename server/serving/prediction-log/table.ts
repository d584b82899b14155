// Prediction log entries ↔ Arrow tables. One table row per predicted row (a request of 64 rows is 64 table rows
// sharing its request id, with `row` 0…63). Columns (docs/serving.md, "Prediction log"):
//   request_id Utf8, row Int32, time Timestamp<ms> (UTC), endpoint Utf8, variant Utf8, model_version_id Utf8,
//   model_version Int32, latency_ms Float64, feature.NAME (one per feature: Float64, Bool or Utf8 as the entries
//   carry them), label (Utf8, or Float64 for numeric labels), probabilities Utf8 (JSON object class → p, or null).
import { Table, TimestampMillisecond, vectorFromArray, type Vector } from 'apache-arrow';
import { float64Vector, int32Vector, utf8Vector } from './vectors';
import { columnValues, inferVector, isEndpointName, type FeatureValue, type LabelValue } from './files';

export const FEATURE_PREFIX = 'feature.';

/** The features of a request: one record per row, or the matrix the protocols built with its feature names. */
export type EntryFeatures =
  | ReadonlyArray<Readonly<Record<string, FeatureValue>>>
  | { names: readonly string[]; X: ArrayLike<number>; rows: number };

/** One row's answer, as the protocols' `toPredictions` gives it. */
export interface LoggedPrediction {
  label: LabelValue | null;
  probabilities?: Readonly<Record<string, number>> | null;
}

/** What the predict server logs for one request (or for one variant's answer to it, shadow copies included). */
export interface PredictionEntry {
  requestId: string;
  /** ms since the epoch; stamped by `log()` when absent. Decides the day file. */
  time?: number;
  endpoint: string;
  variant: string;
  modelVersionId: string;
  /** The model version's number. */
  modelVersion: number;
  latencyMs: number;
  features: EntryFeatures;
  /** One per row, in the rows' order. */
  predictions: readonly LoggedPrediction[];
}

/** One logged row, as `readPredictions` returns it. */
export interface PredictionRow {
  requestId: string;
  row: number;
  time: number;
  endpoint: string;
  variant: string;
  modelVersionId: string;
  modelVersion: number;
  latencyMs: number;
  features: Record<string, FeatureValue>;
  label: LabelValue | null;
  probabilities: Record<string, number> | null;
}

function isMatrix(f: EntryFeatures): f is { names: readonly string[]; X: ArrayLike<number>; rows: number } {
  return !Array.isArray(f);
}

/**
 * The number of rows an entry carries, or -1 when it is not a well-formed entry. Cheap (no loop over rows): it
 * runs on the request path.
 */
export function entryRows(e: PredictionEntry): number {
  if (e === null || typeof e !== 'object') return -1;
  if (typeof e.requestId !== 'string' || e.requestId.length === 0 || !isEndpointName(e.endpoint)) return -1;
  if (typeof e.variant !== 'string' || typeof e.modelVersionId !== 'string') return -1;
  if (typeof e.modelVersion !== 'number' || typeof e.latencyMs !== 'number') return -1;
  if (e.time !== undefined && !Number.isFinite(e.time)) return -1;
  if (!Array.isArray(e.predictions) || e.predictions.length === 0) return -1;
  const n = e.predictions.length;
  const f = e.features;
  if (f === null || typeof f !== 'object') return -1;
  if (isMatrix(f)) {
    if (f.rows !== n || !Array.isArray(f.names) || !f.X || f.X.length < n * f.names.length) return -1;
  } else if (f.length !== n) return -1;
  return n;
}

/** The table of a batch of entries (all of one endpoint and day, though nothing here depends on it). */
export function entriesToTable(entries: readonly PredictionEntry[]): Table {
  let n = 0;
  for (const e of entries) n += e.predictions.length;
  const requestId = new Array<string>(n);
  const row = new Array<number>(n);
  const time = new Array<number>(n);
  const endpoint = new Array<string>(n);
  const variant = new Array<string>(n);
  const versionId = new Array<string>(n);
  const version = new Array<number>(n);
  const latency = new Array<number>(n);
  const label = new Array<LabelValue | null>(n);
  const probabilities = new Array<string | null>(n);
  const features = new Map<string, Array<FeatureValue>>();
  const column = (name: string): Array<FeatureValue> => {
    let c = features.get(name);
    if (!c) {
      c = new Array<FeatureValue>(n).fill(null);
      features.set(name, c);
    }
    return c;
  };

  let i = 0;
  for (const e of entries) {
    const rows = e.predictions.length;
    const f = e.features;
    for (let r = 0; r < rows; r++, i++) {
      requestId[i] = e.requestId;
      row[i] = r;
      time[i] = e.time ?? 0;
      endpoint[i] = e.endpoint;
      variant[i] = e.variant;
      versionId[i] = e.modelVersionId;
      version[i] = e.modelVersion;
      latency[i] = e.latencyMs;
      const p = e.predictions[r];
      label[i] = p?.label ?? null;
      probabilities[i] = p?.probabilities ? JSON.stringify(p.probabilities) : null;
      if (isMatrix(f)) {
        const F = f.names.length;
        for (let j = 0; j < F; j++) column(f.names[j])[i] = f.X[r * F + j];
      } else {
        const rec = f[r];
        for (const k of Object.keys(rec)) column(k)[i] = rec[k] ?? null;
      }
    }
  }

  const cols: Record<string, Vector> = {
    request_id: utf8Vector(requestId),
    row: int32Vector(row),
    time: vectorFromArray(time, new TimestampMillisecond()),
    endpoint: utf8Vector(endpoint),
    variant: utf8Vector(variant),
    model_version_id: utf8Vector(versionId),
    model_version: int32Vector(version),
    latency_ms: float64Vector(latency),
  };
  for (const [name, values] of features) cols[FEATURE_PREFIX + name] = inferVector(values);
  cols.label = inferVector(label);
  cols.probabilities = utf8Vector(probabilities);
  return new Table(cols);
}

/** The rows of a prediction table, as JS objects. */
export function tableToRows(table: Table): PredictionRow[] {
  const n = table.numRows;
  const requestId = columnValues(table, 'request_id') as string[];
  const row = columnValues(table, 'row') as number[];
  const time = columnValues(table, 'time') as number[];
  const endpoint = columnValues(table, 'endpoint') as string[];
  const variant = columnValues(table, 'variant') as string[];
  const versionId = columnValues(table, 'model_version_id') as string[];
  const version = columnValues(table, 'model_version') as number[];
  const latency = columnValues(table, 'latency_ms') as number[];
  const label = columnValues(table, 'label') as Array<LabelValue | null>;
  const probabilities = columnValues(table, 'probabilities') as Array<string | null>;
  const featureCols = table.schema.fields
    .filter((f) => f.name.startsWith(FEATURE_PREFIX))
    .map((f) => ({ name: f.name.slice(FEATURE_PREFIX.length), values: columnValues(table, f.name) as FeatureValue[] }));
  const out = new Array<PredictionRow>(n);
  for (let i = 0; i < n; i++) {
    const features: Record<string, FeatureValue> = {};
    // A feature absent from a row (another variant's model, another request's fields) is null: left out.
    for (const c of featureCols) if (c.values[i] !== null) features[c.name] = c.values[i];
    out[i] = {
      requestId: requestId[i], row: row[i], time: time[i], endpoint: endpoint[i], variant: variant[i],
      modelVersionId: versionId[i], modelVersion: version[i], latencyMs: latency[i], features,
      label: label[i], probabilities: probabilities[i] === null ? null : (JSON.parse(probabilities[i] as string) as Record<string, number>),
    };
  }
  return out;
}
