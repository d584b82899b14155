// The routing settings a deployment's `config` holds for the data plane, and the sticky key of a request.
// `config.sticky.header` names a request header (e.g. x-user-id); `config.sticky.field` names a field of the body,
// looked up where each protocol lets a caller put it (first match wins):
//   1. a top-level field of the body: {"rows": [...], "user": "u-42"} (plain), {"dataframe_records": [...], "user": …}
//   2. a request parameter: V2 `parameters.user`, MLflow `params.user`
//   3. the first row's value: plain `rows[0].user`, MLflow `dataframe_records[0]`, `instances[0]`,
//      `dataframe_split` (its column), `inputs` (a column or the first record), V2 the input tensor named so.
// With both set, the header is read first. A key is a string, a finite number or a boolean (compared as text);
// a request without one is drawn at random by weight. docs/serving.md, "Routing".
import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../protocols/rows';

export interface StickySettings {
  /** Lower-case header name. */
  header?: string;
  field?: string;
}

export interface RoutingConfig {
  sticky?: StickySettings;
  /** Most shadow copies pending (waiting or running) per endpoint; a copy past it is dropped and counted. */
  shadowQueue: number;
}

export const DEFAULT_SHADOW_QUEUE = 1000;

/** The data plane's reading of a deployment's config; malformed keys are ignored (the control plane checks them). */
export function routingConfig(config: unknown): RoutingConfig {
  const c = isObject(config) ? config : {};
  const out: RoutingConfig = { shadowQueue: DEFAULT_SHADOW_QUEUE };
  if (isObject(c.sticky)) {
    const header = typeof c.sticky.header === 'string' && c.sticky.header.trim() !== '' ? c.sticky.header.trim().toLowerCase() : undefined;
    const field = typeof c.sticky.field === 'string' && c.sticky.field !== '' ? c.sticky.field : undefined;
    if (header !== undefined || field !== undefined) {
      out.sticky = { ...(header !== undefined ? { header } : {}), ...(field !== undefined ? { field } : {}) };
    }
  }
  if (isObject(c.shadow) && typeof c.shadow.queue === 'number' && Number.isInteger(c.shadow.queue) && c.shadow.queue >= 0) {
    out.shadowQueue = c.shadow.queue;
  }
  return out;
}

/** A value usable as a key, as text; undefined for anything else. */
function keyText(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** The first scalar of a possibly nested array (a V2 tensor's `data`, a column). */
function firstScalar(v: unknown): unknown {
  let x = v;
  while (Array.isArray(x)) x = x[0];
  return x;
}

/** The sticky field of a parsed JSON body (see the header of this file), or undefined. */
export function fieldKey(body: unknown, field: string): string | undefined {
  if (!isObject(body)) return undefined;
  if (Object.hasOwn(body, field)) {
    const k = keyText(body[field]);
    if (k !== undefined) return k;
  }
  for (const p of [body.parameters, body.params]) {
    if (isObject(p) && Object.hasOwn(p, field)) {
      const k = keyText(p[field]);
      if (k !== undefined) return k;
    }
  }
  for (const rows of [body.rows, body.dataframe_records, body.instances]) {
    if (Array.isArray(rows) && isObject(rows[0]) && Object.hasOwn(rows[0], field)) return keyText(rows[0][field]);
  }
  const split = body.dataframe_split;
  if (isObject(split) && Array.isArray(split.columns) && Array.isArray(split.data)) {
    const i = split.columns.indexOf(field);
    if (i >= 0 && Array.isArray(split.data[0])) return keyText(split.data[0][i]);
  }
  const inputs = body.inputs;
  if (isObject(inputs) && Object.hasOwn(inputs, field)) return keyText(firstScalar(inputs[field]));
  if (Array.isArray(inputs)) {
    const first = inputs[0];
    // V2: tensors named by feature; MLflow: records.
    const tensor = inputs.find((t) => isObject(t) && t.name === field && 'data' in t);
    if (isObject(tensor)) return keyText(firstScalar(tensor.data));
    if (isObject(first) && !('datatype' in first) && Object.hasOwn(first, field)) return keyText(first[field]);
  }
  return undefined;
}

/** The request's sticky key under `sticky`: its header, else its body field; undefined when it has none. */
export function stickyKey(sticky: StickySettings | undefined, headers: IncomingHttpHeaders, body: unknown): string | undefined {
  if (!sticky) return undefined;
  if (sticky.header !== undefined) {
    const h = headers[sticky.header];
    const k = keyText(Array.isArray(h) ? h[0] : h);
    if (k !== undefined) return k;
  }
  return sticky.field !== undefined ? fieldKey(body, sticky.field) : undefined;
}

/**
 * The body without its top-level sticky field, so that the protocols (which refuse fields they do not know) read
 * the rest; the same body when the field is not there as a key (a row's field stays: it is a feature).
 */
export function withoutStickyField(body: unknown, sticky: StickySettings | undefined): unknown {
  const field = sticky?.field;
  if (field === undefined || !isObject(body) || !Object.hasOwn(body, field) || keyText(body[field]) === undefined) return body;
  const { [field]: _key, ...rest } = body;
  return rest;
}
