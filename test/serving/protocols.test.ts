// The row codecs and the three wire formats: every bad input gets its one sentence (status 400), and each protocol's
// round trip (parse → engine on a real ONNX model → predictions → response) answers what a direct run answers.
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBodyHeaders } from '../../server/serving/http/body';
import { binaryOutputs, binaryResponse, splitBinaryBody, withBinaryInputs } from '../../server/serving/protocols/v2-binary';
import { InferenceEngine } from '../../server/serving/engine';
import {
  formatMlflowResponse, formatPlainResponse, formatV2InferResponse, parseMlflowRequest, parsePlainRequest,
  parseV2InferRequest, ProtocolError, recordsToMatrix, toPredictions, v2Error, v2ModelMetadata, type ClassPrediction, type Matrix, type ModelSchema,
} from '../../server/serving/protocols';
import { exportLogistic } from '../../workers/compute/ml/export';
import type { LogisticModel } from '../../workers/compute/ml/logistic';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';

const m = {
  features: ['a', 'b', 'c'], classes: ['x', 'y', 'z'],
  weights: Float32Array.from([0.9, -0.4, 0.1, 0.3, 0.8, -0.6, -0.5, 0.2, 0.7]), bias: Float32Array.from([0.1, -0.2, 0.05]),
  mean: Float32Array.from([1, 2, 0.5]), std: Float32Array.from([2, 3, 0.5]),
  lossCurve: [], startEpoch: 0, epochs: 0, device: 'cpu', trainMillis: 0,
} satisfies LogisticModel;
const { bytes, signature } = exportLogistic(m, { target: 'kind' });
const schema: ModelSchema = {
  signature, features: [{ name: 'a', type: 'number' }, { name: 'b', type: 'integer' }, { name: 'c', type: 'boolean' }],
};
const model = { name: 'penguins', version: 3 };
const ROWS = [{ a: 1.5, b: 2, c: true }, { a: -3, b: 7, c: false }, { a: 10.25, b: -1, c: true }];
const X_EXPECTED = Float32Array.from([1.5, 2, 1, -3, 7, 0, 10.25, -1, 1]);

/** The sentence a bad input gets (and that it is a 400 ProtocolError). */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).status).toBe(400);
    return (err as Error).message;
  }
  throw new Error('expected a ProtocolError');
}

let engine: InferenceEngine;
let direct: { label: string[]; probabilities: number[][] };
beforeAll(async () => {
  engine = new InferenceEngine({ threads: 1 });
  await engine.load('v3', bytes);
  const { session } = await openSession(bytes);
  const out = await session.run({ features: new ort.Tensor('float32', X_EXPECTED, [3, 3]) });
  await session.release();
  const p = [...(out.probabilities.data as Float32Array)];
  direct = {
    label: [...(out.label.data as BigInt64Array)].map((k) => m.classes[Number(k)]),
    probabilities: [0, 1, 2].map((r) => p.slice(r * 3, r * 3 + 3)),
  };
});
afterAll(async () => {
  await engine.close();
});

/** The classifier's predictions (this file's model is a classifier). */
async function predict(matrix: Matrix) {
  return toPredictions(await engine.predict('v3', matrix.X, matrix.rows), signature) as ClassPrediction[];
}

describe('row codec', () => {
  it('turns records into the float32 matrix in signature order (booleans as 1/0, keys in any order)', () => {
    const shuffled = ROWS.map(({ a, b, c }) => ({ c, b, a }));
    expect(recordsToMatrix(shuffled, schema)).toEqual({ X: X_EXPECTED, rows: 3 });
  });

  it('names the feature and what was expected for every bad input', () => {
    const bad = (row: Record<string, unknown>) => refusal(() => recordsToMatrix([ROWS[0], row], schema));
    expect(bad({ a: 1, b: 2 })).toBe('Row 1 is missing feature "c" (true or false).');
    expect(bad({ a: 1, b: 2, c: true, d: 4 })).toBe('Row 1 has unknown feature "d"; the model takes a, b, c.');
    expect(bad({ a: 'abc', b: 2, c: true })).toBe('Feature "a" in row 1 must be a number, not the string "abc".');
    expect(bad({ a: 1, b: 2.5, c: true })).toBe('Feature "b" in row 1 must be an integer, not 2.5.');
    expect(bad({ a: 1, b: 2, c: 1 })).toBe('Feature "c" in row 1 must be true or false, not 1.');
    expect(bad({ a: null, b: 2, c: true })).toBe('Feature "a" in row 1 is null, but the model takes no missing values (a number expected).');
    expect(bad({ a: 'NaN', b: 2, c: true })).toBe('Feature "a" in row 1 is NaN, but the model takes only finite numbers (a number expected).');
    expect(bad({ a: JSON.parse('1e999') as number, b: 2, c: true })).toBe('Feature "a" in row 1 is Infinity, but the model takes only finite numbers (a number expected).');
    expect(bad({ a: [1], b: 2, c: true })).toBe('Feature "a" in row 1 must be a number, not an array.');
    expect(refusal(() => recordsToMatrix([ROWS[0], [1, 2, 3]], schema))).toBe('Row 1 must be an object of feature values ({"a": …}), not an array.');
    expect(refusal(() => recordsToMatrix([], schema))).toBe('"rows" must be a non-empty array of objects, one per row.');
    expect(refusal(() => recordsToMatrix({ a: 1 }, schema))).toBe('"rows" must be a non-empty array of objects, one per row, not an object.');
  });

  it('reads a version registered without feature types as all numbers', () => {
    expect(recordsToMatrix([{ a: 1, b: 2.5, c: 0 }], { signature }).X).toEqual(Float32Array.from([1, 2.5, 0]));
  });

  it('maps class indices to names and probabilities to their classes', async () => {
    const preds = await predict({ X: X_EXPECTED, rows: 3 });
    expect(preds.map((p) => p.label)).toEqual(direct.label);
    preds.forEach((p, r) => expect(Object.entries(p.probabilities)).toEqual(m.classes.map((c, k) => [c, direct.probabilities[r][k]])));
  });
});

describe('plain protocol', () => {
  it('round trip: {"rows"} → predictions, model and request id', async () => {
    const preds = await predict(parsePlainRequest({ rows: ROWS }, schema));
    const res = formatPlainResponse(preds, model, 'req-1');
    expect(res.model).toEqual({ name: 'penguins', version: 3 });
    expect(res.requestId).toBe('req-1');
    expect((res.predictions as ClassPrediction[]).map((p) => p.label)).toEqual(direct.label);
    expect((res.predictions[2] as ClassPrediction).probabilities.z).toBe(direct.probabilities[2][2]);
    expect(JSON.parse(JSON.stringify(res))).toEqual(res);
  });

  it('refuses bodies of the wrong shape', () => {
    expect(refusal(() => parsePlainRequest([ROWS], schema))).toBe('The body must be a JSON object {"rows": [{…}, …]} with one object of feature values per row.');
    expect(refusal(() => parsePlainRequest({ rows: ROWS, extra: 1 }, schema))).toBe('Unknown field "extra" in the body; it takes only "rows".');
    expect(refusal(() => parsePlainRequest({}, schema))).toBe('"rows" must be a non-empty array of objects, one per row, not missing.');
  });
});

describe('MLflow scoring protocol', () => {
  const split = { columns: ['c', 'a', 'b'], data: ROWS.map((r) => [r.c, r.a, r.b]) };
  const inputs: Array<[string, unknown]> = [
    ['dataframe_split', { dataframe_split: split }],
    ['dataframe_split without columns', { dataframe_split: { data: ROWS.map((r) => [r.a, r.b, r.c]) } }],
    ['dataframe_records', { dataframe_records: ROWS }],
    ['instances (lists)', { instances: ROWS.map((r) => [r.a, r.b, r.c]) }],
    ['instances (records)', { instances: ROWS }],
    ['inputs (columns)', { inputs: { a: ROWS.map((r) => r.a), b: ROWS.map((r) => r.b), c: ROWS.map((r) => r.c) }, params: {} }],
  ];

  it.each(inputs)('round trip: %s → {"predictions": [labels]}', async (_, body) => {
    const matrix = parseMlflowRequest(body, schema);
    expect(matrix).toEqual({ X: X_EXPECTED, rows: 3 });
    const preds = await predict(matrix);
    expect(formatMlflowResponse(preds, signature.classes)).toEqual({ predictions: direct.label });
  });

  it('answers probabilities or records when asked', async () => {
    const preds = await predict(parseMlflowRequest({ dataframe_records: ROWS }, schema));
    expect(formatMlflowResponse(preds, signature.classes, 'probabilities')).toEqual({ predictions: direct.probabilities });
    expect(formatMlflowResponse(preds, signature.classes, 'records').predictions[0]).toEqual(preds[0]);
  });

  it('refuses each bad input with its sentence', () => {
    const bad = (body: unknown) => refusal(() => parseMlflowRequest(body, schema));
    expect(bad({})).toBe('The body must hold one of "dataframe_split", "dataframe_records", "instances", "inputs".');
    expect(bad({ instances: [[1, 2, true]], inputs: [[1, 2, true]] })).toBe('The body holds "instances" and "inputs"; give exactly one input format.');
    expect(bad({ data: [] })).toBe('Unknown field "data" in the body; it takes one of "dataframe_split", "dataframe_records", "instances", "inputs" (and "params").');
    expect(bad({ dataframe_split: { columns: ['a', 'b', 'x'], data: [[1, 2, true]] } })).toBe('Unknown feature "x" in "columns"; the model takes a, b, c.');
    expect(bad({ dataframe_split: { columns: ['a', 'b'], data: [[1, 2]] } })).toBe('Feature "c" (true or false) is missing from "columns".');
    expect(bad({ dataframe_split: { columns: ['a', 'b', 'c'], data: [[1, 2]] } })).toBe('Row 0 has 2 value(s), but "columns" names 3.');
    expect(bad({ instances: [[1, 2]] })).toBe('Row 0 has 2 value(s), but the model takes 3 features in this order: a, b, c.');
    expect(bad({ instances: [[1, 'two', true]] })).toBe('Feature "b" in row 0 must be an integer, not the string "two".');
    expect(bad({ inputs: { a: [1, 2], b: [1], c: [true, false] } })).toBe('Feature "b" in "inputs" has 1 value(s) where "a" has 2; every feature needs one value per row.');
    expect(bad({ inputs: { a: [1], b: [1] } })).toBe('Feature "c" (true or false) is missing from "inputs".');
    expect(bad({ dataframe_records: [{ a: 1, b: 2, c: null }] })).toBe('Feature "c" in row 0 is null, but the model takes no missing values (true or false expected).');
    expect(bad({ dataframe_split: [[1, 2, true]] })).toBe('"dataframe_split" must be an object {"columns": [...], "data": [[...], ...]}.');
  });
});

describe('Open Inference Protocol (V2)', () => {
  it('metadata: one input per feature named by its column, shape [-1]; label and probabilities outputs', () => {
    expect(v2ModelMetadata(model, schema)).toEqual({
      name: 'penguins', versions: ['3'], platform: 'onnxruntime',
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [-1] }, { name: 'b', datatype: 'INT64', shape: [-1] }, { name: 'c', datatype: 'BOOL', shape: [-1] },
      ],
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [-1], parameters: { content_type: 'str' } },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
      ],
      parameters: { content_type: 'pd' },
    });
  });

  const perFeature = {
    id: 'abc',
    inputs: [
      { name: 'c', datatype: 'BOOL', shape: [3], data: ROWS.map((r) => r.c) },
      { name: 'a', datatype: 'FP64', shape: [3, 1], data: ROWS.map((r) => [r.a]) },
      { name: 'b', datatype: 'INT64', shape: [3], data: ROWS.map((r) => r.b) },
    ],
  };

  it('round trip with per-feature tensors', async () => {
    const req = parseV2InferRequest(perFeature, schema);
    expect(req).toEqual({ matrix: { X: X_EXPECTED, rows: 3 }, id: 'abc' });
    const preds = await predict(req.matrix);
    expect(formatV2InferResponse(preds, { modelName: 'penguins', modelVersion: 3, id: req.id!, classes: signature.classes })).toEqual({
      model_name: 'penguins', model_version: '3', id: 'abc', parameters: {},
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [3], data: direct.label, parameters: { content_type: 'str' } },
        { name: 'probabilities', datatype: 'FP32', shape: [3, 3], data: direct.probabilities.flat() },
      ],
    });
  });

  it('round trip with a single [N, F] tensor, and only the outputs asked for', async () => {
    const req = parseV2InferRequest({
      inputs: [{ name: 'features', datatype: 'FP32', shape: [3, 3], data: ROWS.map((r) => [r.a, r.b, r.c ? 1 : 0]) }],
      outputs: [{ name: 'probabilities' }],
    }, schema);
    expect(req.matrix).toEqual({ X: X_EXPECTED, rows: 3 });
    const res = formatV2InferResponse(await predict(req.matrix), {
      modelName: 'penguins', modelVersion: 3, id: 'gen-1', classes: signature.classes, outputs: req.outputs,
    });
    expect(res.outputs).toEqual([{ name: 'probabilities', datatype: 'FP32', shape: [3, 3], data: direct.probabilities.flat() }]);
    expect(res.id).toBe('gen-1');
  });

  it('refuses each bad input with its sentence, and wraps it as {"error"}', () => {
    const bad = (body: unknown) => refusal(() => parseV2InferRequest(body, schema));
    const withInput = (i: number, patch: Record<string, unknown>) => ({
      inputs: perFeature.inputs.map((t, k) => (k === i ? { ...t, ...patch } : t)),
    });
    expect(bad({ inputs: [] })).toBe('"inputs" must be a non-empty array of tensors, one per feature or a single [N, F] tensor.');
    expect(bad({ inputs: perFeature.inputs.slice(1) })).toBe('Input "c" is missing (BOOL, shape [-1]: true or false per row).');
    expect(bad({ inputs: [...perFeature.inputs, { name: 'd', datatype: 'FP32', shape: [3], data: [1, 2, 3] }] }))
      .toBe('Unknown input "d"; the model takes one input per feature: a, b, c.');
    expect(bad(withInput(1, { datatype: 'BYTES', data: ['1', '2', '3'], shape: [3] }))).toBe('Input "a" has datatype BYTES, but the feature is a number (FP32).');
    expect(bad(withInput(2, { datatype: 'FP32' }))).toBe('Input "b" has datatype FP32, but the feature is an integer (INT64).');
    expect(bad(withInput(2, { shape: [2] }))).toBe('Input "b" has shape [2] (2 values) but 3 value(s) in "data".');
    expect(bad(withInput(2, { shape: [2], data: [1, 2] }))).toBe('Input "b" has 2 row(s) where "a" has 3; every feature needs one value per row.');
    expect(bad(withInput(1, { data: [1, null, 3], shape: [3] }))).toBe('Feature "a" in row 1 is null, but the model takes no missing values (a number expected).');
    expect(bad(withInput(1, { data: [1, 'NaN', 3], shape: [3] }))).toBe('Feature "a" in row 1 is NaN, but the model takes only finite numbers (a number expected).');
    expect(bad(withInput(2, { data: [1, 2.5, 3] }))).toBe('Input "b" is INT64 but holds 2.5 in row 1; expected integers.');
    expect(bad(withInput(0, { data: [true, 1, false] }))).toBe('Input "c" is BOOL but holds 1 in row 1; BOOL values are true or false.');
    expect(bad(withInput(1, { datatype: 'FLOAT' }))).toBe('Input "a" has datatype "FLOAT"; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES.');
    expect(bad({ inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }] }))
      .toBe('Input "features" is not a feature of the model, so it must be one [N, 3] tensor of all features (a, b, c), but its shape is [1, 4].');
    expect(bad({ inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 3], data: [1, 2, 0.5] }] }))
      .toBe('Feature "c" in row 0 of input "features" must be 0 or 1 (false or true), not 0.5.');
    expect(bad({ ...perFeature, outputs: [{ name: 'scores' }] })).toBe('Unknown output "scores"; the model gives "label" and "probabilities".');
    expect(bad({ ...perFeature, id: 7 })).toBe('"id" must be a string.');
    expect(bad({ ...perFeature, model: 'x' })).toBe('Unknown field "model" in the request; it takes "id", "parameters", "inputs" and "outputs".');
    expect(v2Error(new ProtocolError('Input "c" is given twice.'))).toEqual({ error: 'Input "c" is given twice.' });
  });
});

describe('request body headers', () => {
  const headers = (h: Record<string, string>) => ({ headers: h }) as unknown as IncomingMessage;
  const status = (h: Record<string, string>) => {
    try {
      checkBodyHeaders(headers(h), 1024);
    } catch (err) {
      expect(err).toBeInstanceOf(ProtocolError);
      return [(err as ProtocolError).status, (err as Error).message];
    }
    return 'accepted';
  };

  it('takes JSON, or no content type (V2 clients send none), within the limit', () => {
    expect(status({ 'content-type': 'application/json', 'content-length': '1024' })).toBe('accepted');
    expect(status({ 'content-length': '10' })).toBe('accepted');
  });

  it('takes the binary tensor extension with any content type, and refuses a bad header length, a non-JSON type and a size over the limit', () => {
    expect(status({ 'inference-header-content-length': '376', 'content-type': 'application/octet-stream', 'content-length': '400' })).toBe('accepted');
    expect(status({ 'inference-header-content-length': 'many' })).toEqual([400, 'Inference-Header-Content-Length is "many"; it must be the JSON header\'s length in bytes.']);
    expect(status({ 'content-type': 'text/csv' })).toEqual([415, 'The body must be JSON (Content-Type: application/json), not text/csv.']);
    expect(status({ 'content-length': '1025' })).toEqual([413, 'The body is 1025 bytes, more than the limit of 1024 bytes.']);
  });
});

describe('the V2 binary tensor extension', () => {
  /** A body as tritonclient sends it: the JSON header, then each binary input's bytes in order. */
  function binaryBody(header: Record<string, unknown>, chunks: Buffer[]): { raw: Buffer; length: number } {
    const head = Buffer.from(JSON.stringify(header));
    return { raw: Buffer.concat([head, ...chunks]), length: head.length };
  }
  const f64 = (xs: number[]) => Buffer.from(Float64Array.from(xs).buffer);
  const i64 = (xs: number[]) => Buffer.from(BigInt64Array.from(xs.map(BigInt)).buffer);
  const bools = (xs: boolean[]) => Buffer.from(xs.map((x) => (x ? 1 : 0)));
  const tensors = [
    { name: 'c', datatype: 'BOOL', shape: [3], parameters: { binary_data_size: 3 } },
    { name: 'a', datatype: 'FP64', shape: [3, 1], parameters: { binary_data_size: 24 } },
    { name: 'b', datatype: 'INT64', shape: [3], parameters: { binary_data_size: 24 } },
  ];
  const parts = [bools(ROWS.map((r) => r.c)), f64(ROWS.map((r) => r.a)), i64(ROWS.map((r) => r.b))];
  const decoded = (header: Record<string, unknown>, chunks: Buffer[]) => {
    const { raw, length } = binaryBody(header, chunks);
    const { header: json, binary } = splitBinaryBody(raw, length);
    return withBinaryInputs(json, binary);
  };

  it('reads binary inputs into the same matrix as their JSON form, and answers binary outputs a client can split', async () => {
    const body = decoded({ id: 'bin', inputs: tensors, outputs: [{ name: 'label', parameters: { binary_data: true } }, { name: 'probabilities' }] }, parts);
    const req = parseV2InferRequest(body, schema);
    expect(req.matrix).toEqual({ X: X_EXPECTED, rows: 3 });
    const answer = formatV2InferResponse(await predict(req.matrix), { modelName: 'penguins', modelVersion: 3, id: 'bin', classes: signature.classes, outputs: req.outputs });
    // Only `label` was asked in binary: it leaves the JSON, `probabilities` stays in it.
    const out = binaryResponse(answer, binaryOutputs(body))!;
    const header = JSON.parse(out.body.subarray(0, out.headerLength).toString()) as { outputs: Array<Record<string, unknown>> };
    expect(header.outputs[0]).toEqual({ name: 'label', datatype: 'BYTES', shape: [3], parameters: { content_type: 'str', binary_data_size: out.body.length - out.headerLength } });
    expect(header.outputs[1]).toMatchObject({ name: 'probabilities', data: direct.probabilities.flat() });
    const labels: string[] = [];
    for (let at = out.headerLength; at < out.body.length;) {
      const n = out.body.readUInt32LE(at);
      labels.push(out.body.toString('utf8', at + 4, at + 4 + n));
      at += 4 + n;
    }
    expect(labels).toEqual(direct.label);
    // Every output in binary under binary_data_output: FP32 probabilities, little-endian, row-major.
    const all = binaryResponse(answer, binaryOutputs({ parameters: { binary_data_output: true } }))!;
    const head = JSON.parse(all.body.subarray(0, all.headerLength).toString()) as { outputs: Array<{ parameters: { binary_data_size: number } }> };
    const probsAt = all.headerLength + head.outputs[0].parameters.binary_data_size;
    const probs = all.body.subarray(probsAt);
    expect([...new Float32Array(probs.buffer.slice(probs.byteOffset, probs.byteOffset + probs.byteLength))]).toEqual(direct.probabilities.flat());
    // Nothing asked in binary: JSON.
    expect(binaryResponse(answer, binaryOutputs({}))).toBeUndefined();
    expect([binaryOutputs({}).any, binaryOutputs(body).any]).toEqual([false, true]);
    // Written from the engine's float32 tensors (as the server does for a binary answer): the same bytes; an output
    // left in JSON still carries plain numbers.
    const outputs = await engine.predict('v3', req.matrix.X, req.matrix.rows);
    const fromTensors = formatV2InferResponse(toPredictions(outputs, signature), {
      modelName: 'penguins', modelVersion: 3, id: 'bin', classes: signature.classes, tensors: outputs,
    });
    expect(fromTensors.outputs[1].data).toBeInstanceOf(Float32Array);
    expect(binaryResponse(fromTensors, binaryOutputs({ parameters: { binary_data_output: true } }))!.body.equals(all.body)).toBe(true);
    expect(binaryResponse(fromTensors, binaryOutputs(body))!.body.equals(out.body)).toBe(true);
  });

  it('refuses binary data that does not fit its header, with the input named', () => {
    expect(refusal(() => splitBinaryBody(Buffer.from('{}'), 10))).toBe('Inference-Header-Content-Length is 10, but the body holds only 2 bytes.');
    expect(refusal(() => splitBinaryBody(Buffer.from('{"a"}xyz'), 5))).toMatch(/^The body's first 5 bytes \(Inference-Header-Content-Length\) are not valid JSON/);
    expect(refusal(() => decoded({ inputs: tensors }, parts.slice(0, 2)))).toBe('Input "b" needs 24 bytes of binary data, but only 0 are left after the header.');
    expect(refusal(() => decoded({ inputs: tensors }, [...parts, Buffer.from([1, 2])]))).toBe('The body has 2 bytes after the header that no input\'s binary_data_size accounts for.');
    const short = [{ ...tensors[0], parameters: { binary_data_size: 2 } }, tensors[1], tensors[2]];
    expect(refusal(() => decoded({ inputs: short }, [parts[0].subarray(0, 2), parts[1], parts[2]]))).toBe('Input "c" has 3 BOOL values in its shape (3 bytes) but binary_data_size 2.');
    const both = [{ ...tensors[0], data: [true, false, true] }, tensors[1], tensors[2]];
    expect(refusal(() => decoded({ inputs: both }, parts))).toBe('Input "c" has both "data" and binary_data_size; send its values one way.');
  });
});

