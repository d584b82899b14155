// The Open Inference Protocol (V2, as KServe, Triton and Seldon MLServer serve it), JSON over REST:
//   GET  /v2/models/NAME[/versions/V]        → v2ModelMetadata
//   POST /v2/models/NAME[/versions/V]/infer  → parseV2InferRequest, then formatV2InferResponse
// Inputs follow MLServer's pandas codec: one tensor per feature, named by its column, shape [-1] (a request may
// send [N] or [N, 1]); a single 2-D tensor [N, F] in the signature's feature order is accepted too. Outputs:
// `label` (BYTES [N], the class names) and `probabilities` (FP32 [N, C], columns in signature.classes order) for a
// classifier; `prediction` (FP32 [N]) for a regressor.
// Errors are {"error": "one sentence"} with the status of the ProtocolError (v2Error).
import {
  emptyMatrix, expected, featureKinds, setCell, isObject, isRegressor, isValuePrediction, ProtocolError, type ClassPrediction, type FeatureKind, type Matrix,
  type ModelSchema, type Prediction,
} from './rows';
import type { ModelOutputs } from '../engine';

export type V2Datatype =
  | 'BOOL' | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'INT8' | 'INT16' | 'INT32' | 'INT64'
  | 'FP16' | 'FP32' | 'FP64' | 'BYTES';

const DATATYPES = new Set<string>([
  'BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES',
]);
const INTEGER_TYPES = new Set(['UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64']);
const FLOAT_TYPES = new Set(['FP16', 'FP32', 'FP64']);

export interface V2TensorMetadata {
  name: string;
  datatype: V2Datatype;
  shape: number[];
  parameters?: Record<string, unknown>;
}

export interface V2ModelMetadata {
  name: string;
  versions: string[];
  platform: string;
  inputs: V2TensorMetadata[];
  outputs: V2TensorMetadata[];
  parameters: Record<string, unknown>;
}

export interface V2InferRequest {
  /** The matrix for the engine. */
  matrix: Matrix;
  /** The request's `id`, when it gave one (echoed in the response). */
  id?: string;
  /** The outputs asked for by name (`outputs` in the request); absent = all. */
  outputs?: string[];
}

export interface V2OutputTensor {
  name: string;
  datatype: V2Datatype;
  shape: number[];
  /** A Float32Array only where the caller passed the engine's tensors for a binary answer (JSON needs arrays). */
  data: Array<string | number> | Float32Array;
  parameters?: Record<string, unknown>;
}

export interface V2InferResponse {
  model_name: string;
  model_version: string;
  id: string;
  parameters: Record<string, unknown>;
  outputs: V2OutputTensor[];
}

/** The datatype a feature's input tensor is declared with. */
export function v2Datatype(kind: FeatureKind): V2Datatype {
  return kind === 'integer' ? 'INT64' : kind === 'boolean' ? 'BOOL' : kind === 'text' ? 'BYTES' : 'FP32';
}

/** The outputs a model gives over V2: a classifier's class names and probabilities, or a regressor's values. */
const outputsOf = (schema: ModelSchema): string[] => (isRegressor(schema.signature) ? ['prediction'] : ['label', 'probabilities']);

/** Model metadata: one input per feature (named by its column, shape [-1]) and the outputs. */
export function v2ModelMetadata(model: { name: string; version: number }, schema: ModelSchema): V2ModelMetadata {
  return {
    name: model.name,
    versions: [String(model.version)],
    platform: 'onnxruntime',
    inputs: featureKinds(schema).map(({ name, kind }) => ({ name, datatype: v2Datatype(kind), shape: [-1] })),
    outputs: isRegressor(schema.signature)
      ? [{ name: 'prediction', datatype: 'FP32', shape: [-1] }]
      : [
          { name: 'label', datatype: 'BYTES', shape: [-1], parameters: { content_type: 'str' } },
          { name: 'probabilities', datatype: 'FP32', shape: [-1, schema.signature.classes.length] },
        ],
    parameters: { content_type: 'pd' },
  };
}

/** The error body of the protocol. */
export function v2Error(err: ProtocolError | string): { error: string } {
  return { error: typeof err === 'string' ? err : err.message };
}

interface Tensor {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
}

/** Flattens nested data row-major; the count must match the shape. */
function flatten(data: unknown, name: string, shape: number[]): unknown[] {
  if (!Array.isArray(data)) throw new ProtocolError(`Input "${name}" needs "data" as an array of values.`);
  const flat = data.some(Array.isArray) ? (data as unknown[]).flat(shape.length) : data;
  const count = shape.reduce((a, b) => a * b, 1);
  if (flat.length !== count) {
    throw new ProtocolError(`Input "${name}" has shape [${shape.join(', ')}] (${count} values) but ${flat.length} value(s) in "data".`);
  }
  return flat;
}

function tensor(v: unknown, i: number): Tensor {
  if (!isObject(v)) throw new ProtocolError(`"inputs[${i}]" must be an object {"name", "shape", "datatype", "data"}.`);
  const name = typeof v.name === 'string' ? v.name : undefined;
  if (!name) throw new ProtocolError(`"inputs[${i}]" needs a "name" string.`);
  if (typeof v.datatype !== 'string' || !DATATYPES.has(v.datatype)) {
    throw new ProtocolError(`Input "${name}" has datatype ${JSON.stringify(v.datatype)}; expected one of ${[...DATATYPES].join(', ')}.`);
  }
  if (!Array.isArray(v.shape) || v.shape.length === 0 || !v.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new ProtocolError(`Input "${name}" needs "shape" as a non-empty array of non-negative integers.`);
  }
  const shape = v.shape as number[];
  return { name, datatype: v.datatype, shape, data: flatten(v.data, name, shape) };
}

/** A value of a tensor with the given datatype, checked against the datatype; the feature's own checks are setCell's. */
function value(v: unknown, t: Tensor, where: string): unknown {
  if (t.datatype === 'BOOL') {
    if (typeof v !== 'boolean' && v !== null) throw new ProtocolError(`Input "${t.name}" is BOOL but holds ${JSON.stringify(v)} ${where}; BOOL values are true or false.`);
    return v;
  }
  if (INTEGER_TYPES.has(t.datatype) && typeof v === 'number' && !Number.isInteger(v)) {
    throw new ProtocolError(`Input "${t.name}" is ${t.datatype} but holds ${v} ${where}; expected integers.`);
  }
  return v;
}

/** A BOOL tensor's value for a feature that is not boolean: 1 or 0. */
const asNumber = (v: unknown, kind: FeatureKind) => (typeof v === 'boolean' && kind !== 'boolean' ? (v ? 1 : 0) : v);

/** The datatypes a feature of this kind takes. */
function accepts(kind: FeatureKind, datatype: string): boolean {
  if (kind === 'boolean') return datatype === 'BOOL';
  if (kind === 'text') return datatype === 'BYTES';
  if (kind === 'integer') return INTEGER_TYPES.has(datatype);
  return INTEGER_TYPES.has(datatype) || FLOAT_TYPES.has(datatype);
}

/** The request body (parsed JSON) → the engine's matrix and the request's id and outputs, or a ProtocolError (400). */
export function parseV2InferRequest(body: unknown, schema: ModelSchema): V2InferRequest {
  if (!isObject(body)) throw new ProtocolError('The body must be a JSON object with an "inputs" array of tensors.');
  for (const key of Object.keys(body)) {
    if (key !== 'id' && key !== 'inputs' && key !== 'outputs' && key !== 'parameters') {
      throw new ProtocolError(`Unknown field "${key}" in the request; it takes "id", "parameters", "inputs" and "outputs".`);
    }
  }
  if (body.id !== undefined && typeof body.id !== 'string') throw new ProtocolError('"id" must be a string.');
  if (body.parameters !== undefined && !isObject(body.parameters)) throw new ProtocolError('"parameters" must be an object.');
  const outputs = requestedOutputs(body.outputs, outputsOf(schema));
  if (!Array.isArray(body.inputs) || body.inputs.length === 0) {
    throw new ProtocolError('"inputs" must be a non-empty array of tensors, one per feature or a single [N, F] tensor.');
  }
  const tensors = body.inputs.map(tensor);
  // One tensor that is not named after a feature is the whole [N, F] matrix.
  const single = tensors.length === 1 && !schema.signature.features.includes(tensors[0].name) ? tensors[0] : undefined;
  const matrix = single ? fromMatrixTensor(single, schema) : fromFeatureTensors(tensors, schema);
  return { matrix, ...(body.id !== undefined ? { id: body.id as string } : {}), ...(outputs ? { outputs } : {}) };
}

function requestedOutputs(v: unknown, given: string[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new ProtocolError('"outputs" must be an array of {"name": …} objects.');
  return v.map((o, i) => {
    const name = isObject(o) ? o.name : undefined;
    if (typeof name !== 'string') throw new ProtocolError(`"outputs[${i}]" needs a "name" string.`);
    if (!given.includes(name)) {
      throw new ProtocolError(`Unknown output "${name}"; the model gives ${given.map((n) => `"${n}"`).join(' and ')}.`);
    }
    return name;
  });
}

/** A single 2-D tensor [N, F], columns in the signature's feature order. */
function fromMatrixTensor(t: Tensor, schema: ModelSchema): Matrix {
  const feats = featureKinds(schema);
  const F = feats.length;
  if (feats.some((f) => f.kind === 'text')) {
    throw new ProtocolError(`Input "${t.name}" is not a feature of the model; this model takes text features, so send one input per feature: ${schema.signature.features.join(', ')}.`);
  }
  if (t.shape.length !== 2 || t.shape[1] !== F) {
    throw new ProtocolError(`Input "${t.name}" is not a feature of the model, so it must be one [N, ${F}] tensor of all features (${schema.signature.features.join(', ')}), but its shape is [${t.shape.join(', ')}].`);
  }
  if (!INTEGER_TYPES.has(t.datatype) && !FLOAT_TYPES.has(t.datatype)) {
    throw new ProtocolError(`Input "${t.name}" has datatype ${t.datatype}; a [N, ${F}] tensor of all features must be numeric (FP32, FP64 or an integer type).`);
  }
  const rows = t.shape[0];
  if (rows < 1) throw new ProtocolError(`Input "${t.name}" holds no rows.`);
  const m = emptyMatrix(rows, feats);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < F; j++) {
      const { name, kind } = feats[j];
      const v = t.data[r * F + j];
      const where = `in row ${r} of input "${t.name}"`;
      // Booleans travel as 0/1 in a numeric tensor.
      if (kind === 'boolean') m.X[r * F + j] = bit(v, name, where);
      else setCell(m, feats, r, j, value(v, t, where), where);
    }
  }
  return m;
}

function bit(v: unknown, name: string, where: string): number {
  if (v === 0 || v === 1) return v;
  throw new ProtocolError(`Feature "${name}" ${where} must be 0 or 1 (false or true), not ${JSON.stringify(v)}.`);
}

/** One tensor per feature, named by the column, shape [N] or [N, 1]. */
function fromFeatureTensors(tensors: Tensor[], schema: ModelSchema): Matrix {
  const feats = featureKinds(schema);
  const F = feats.length;
  const byName = new Map<string, Tensor>();
  for (const t of tensors) {
    if (!schema.signature.features.includes(t.name)) {
      throw new ProtocolError(`Unknown input "${t.name}"; the model takes one input per feature: ${schema.signature.features.join(', ')}.`);
    }
    if (byName.has(t.name)) throw new ProtocolError(`Input "${t.name}" is given twice.`);
    byName.set(t.name, t);
  }
  let rows = -1;
  let first = '';
  for (const { name, kind } of feats) {
    const t = byName.get(name);
    if (!t) throw new ProtocolError(`Input "${name}" is missing (${v2Datatype(kind)}, shape [-1]: ${expected(kind)} per row).`);
    if (!(t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1))) {
      throw new ProtocolError(`Input "${name}" has shape [${t.shape.join(', ')}]; a feature's input has shape [N] or [N, 1].`);
    }
    if (!accepts(kind, t.datatype)) {
      throw new ProtocolError(`Input "${name}" has datatype ${t.datatype}, but the feature is ${expected(kind)} (${v2Datatype(kind)}).`);
    }
    if (rows === -1) {
      rows = t.shape[0];
      first = name;
    } else if (t.shape[0] !== rows) {
      throw new ProtocolError(`Input "${name}" has ${t.shape[0]} row(s) where "${first}" has ${rows}; every feature needs one value per row.`);
    }
  }
  if (rows < 1) throw new ProtocolError('The inputs hold no rows.');
  const m = emptyMatrix(rows, feats);
  feats.forEach(({ name, kind }, j) => {
    const t = byName.get(name)!;
    for (let r = 0; r < rows; r++) setCell(m, feats, r, j, asNumber(value(t.data[r], t, `in row ${r}`), kind), `in row ${r}`);
  });
  return m;
}

/** The infer response: the asked-for outputs (all by default) for the rows, in request order. */
export function formatV2InferResponse(
  predictions: Prediction[],
  opts: {
    modelName: string; modelVersion: number; id: string; classes: string[]; outputs?: string[];
    /**
     * The engine's outputs, for an answer in binary: FP32 outputs then carry the engine's own float32 data (its
     * probability columns are in `classes` order) instead of numbers copied out of the predictions.
     */
    tensors?: ModelOutputs;
  },
): V2InferResponse {
  const N = predictions.length;
  const head = { model_name: opts.modelName, model_version: String(opts.modelVersion), id: opts.id, parameters: {} };
  if (predictions.some(isValuePrediction)) {
    const values = float32Of(opts.tensors?.prediction, N) ?? predictions.map((p) => (isValuePrediction(p) ? p.value : NaN));
    return { ...head, outputs: [{ name: 'prediction', datatype: 'FP32', shape: [N], data: values }] };
  }
  const rows = predictions as ClassPrediction[];
  const want = opts.outputs ?? ['label', 'probabilities'];
  const C = opts.classes.length;
  const outputs: V2OutputTensor[] = want.map((name) => {
    if (name === 'label') {
      return { name, datatype: 'BYTES', shape: [N], data: rows.map((p) => p.label), parameters: { content_type: 'str' } };
    }
    let data: number[] | Float32Array | undefined = float32Of(opts.tensors?.probabilities, N * C);
    if (!data) {
      const copy = new Array<number>(N * C);
      for (let r = 0; r < N; r++) for (let k = 0; k < C; k++) copy[r * C + k] = rows[r].probabilities[opts.classes[k]];
      data = copy;
    }
    return { name, datatype: 'FP32', shape: [N, C], data };
  });
  return { ...head, outputs };
}

/** An engine tensor's data when it is float32 with the expected number of values. */
function float32Of(t: ModelOutputs[string] | undefined, count: number): Float32Array | undefined {
  return t && t.data instanceof Float32Array && t.data.length === count ? t.data : undefined;
}
