// The Open Inference Protocol's binary tensor extension (as Triton and KServe speak it; tritonclient sends inputs
// this way by default): the body is a JSON header of `Inference-Header-Content-Length` bytes, then the raw bytes
// of every input whose `parameters.binary_data_size` says how many, in the order of `inputs`. Values are
// little-endian; a BYTES element is a 4-byte length then its bytes. Answers go back the same way for the outputs
// asked in binary (`parameters.binary_data: true` on an output, or `binary_data_output: true` on the request).
import { isObject, ProtocolError } from './rows';
import type { V2InferResponse } from './v2';

const WIDTH: Record<string, number> = {
  BOOL: 1, UINT8: 1, INT8: 1, UINT16: 2, INT16: 2, FP16: 2, UINT32: 4, INT32: 4, FP32: 4, UINT64: 8, INT64: 8, FP64: 8,
};

/** The JSON header of a binary body and the bytes after it; a ProtocolError (400) when they do not fit. */
export function splitBinaryBody(raw: Buffer, headerLength: number): { header: unknown; binary: Buffer } {
  if (headerLength > raw.length) {
    throw new ProtocolError(`Inference-Header-Content-Length is ${headerLength}, but the body holds only ${raw.length} bytes.`);
  }
  let header: unknown;
  try {
    header = JSON.parse(raw.subarray(0, headerLength).toString('utf8'));
  } catch (err) {
    throw new ProtocolError(`The body's first ${headerLength} bytes (Inference-Header-Content-Length) are not valid JSON (${(err as Error).message}).`);
  }
  return { header, binary: raw.subarray(headerLength) };
}

/** IEEE 754 half precision to a number. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** The `count` values of one input's bytes, by its datatype. */
function decode(bytes: Buffer, datatype: string, count: number, name: string): unknown[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (datatype === 'BYTES') {
    const out: string[] = [];
    let at = 0;
    while (at < bytes.length) {
      if (at + 4 > bytes.length) throw new ProtocolError(`Input "${name}" (BYTES) ends inside an element's 4-byte length.`);
      const n = view.getUint32(at, true);
      if (at + 4 + n > bytes.length) throw new ProtocolError(`Input "${name}" (BYTES) has an element of ${n} bytes past the end of its data.`);
      out.push(bytes.toString('utf8', at + 4, at + 4 + n));
      at += 4 + n;
    }
    if (out.length !== count) throw new ProtocolError(`Input "${name}" has ${count} values in its shape but ${out.length} in its binary data.`);
    return out;
  }
  const width = WIDTH[datatype];
  if (width === undefined) throw new ProtocolError(`Input "${name}" has datatype ${JSON.stringify(datatype)}, which has no binary form.`);
  if (bytes.length !== count * width) {
    throw new ProtocolError(`Input "${name}" has ${count} ${datatype} values in its shape (${count * width} bytes) but binary_data_size ${bytes.length}.`);
  }
  const out = new Array<unknown>(count);
  for (let i = 0, at = 0; i < count; i++, at += width) {
    switch (datatype) {
      case 'BOOL': out[i] = view.getUint8(at) !== 0; break;
      case 'UINT8': out[i] = view.getUint8(at); break;
      case 'INT8': out[i] = view.getInt8(at); break;
      case 'UINT16': out[i] = view.getUint16(at, true); break;
      case 'INT16': out[i] = view.getInt16(at, true); break;
      case 'FP16': out[i] = half(view.getUint16(at, true)); break;
      case 'UINT32': out[i] = view.getUint32(at, true); break;
      case 'INT32': out[i] = view.getInt32(at, true); break;
      case 'FP32': out[i] = view.getFloat32(at, true); break;
      case 'UINT64': out[i] = Number(view.getBigUint64(at, true)); break;
      case 'INT64': out[i] = Number(view.getBigInt64(at, true)); break;
      default: out[i] = view.getFloat64(at, true);
    }
  }
  return out;
}

/**
 * The request with each binary input's values put in its `data`, as if it had been sent as JSON: the rest of the
 * protocol (checks, errors, shadows) reads one shape. Every byte after the header must belong to an input.
 */
export function withBinaryInputs(header: unknown, binary: Buffer): unknown {
  if (!isObject(header) || !Array.isArray(header.inputs)) return header; // parseV2InferRequest names what is wrong
  let at = 0;
  const inputs = header.inputs.map((input: unknown, i) => {
    if (!isObject(input)) return input;
    const params = isObject(input.parameters) ? input.parameters : undefined;
    const size = params?.binary_data_size;
    if (size === undefined) return input;
    const name = typeof input.name === 'string' ? input.name : `inputs[${i}]`;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw new ProtocolError(`Input "${name}" has binary_data_size ${JSON.stringify(size)}; it must be a byte count.`);
    }
    if (input.data !== undefined) throw new ProtocolError(`Input "${name}" has both "data" and binary_data_size; send its values one way.`);
    if (at + size > binary.length) {
      throw new ProtocolError(`Input "${name}" needs ${size} bytes of binary data, but only ${binary.length - at} are left after the header.`);
    }
    const shape = Array.isArray(input.shape) && input.shape.every((d) => Number.isInteger(d) && (d as number) >= 0) ? (input.shape as number[]) : undefined;
    if (!shape) return input;
    const count = shape.reduce((a, b) => a * b, 1);
    const data = decode(binary.subarray(at, at + size), String(input.datatype), count, name);
    at += size;
    const { binary_data_size: _size, ...rest } = params!;
    return { ...input, parameters: rest, data };
  });
  if (at !== binary.length) {
    throw new ProtocolError(`The body has ${binary.length - at} bytes after the header that no input's binary_data_size accounts for.`);
  }
  return { ...header, inputs };
}

/** Which outputs to answer in binary; `any` says whether some output is. */
export type BinaryOutputs = ((name: string) => boolean) & { any: boolean };

/** The outputs to answer in binary: those asked with `binary_data: true`, or all of them under `binary_data_output`. */
export function binaryOutputs(body: unknown): BinaryOutputs {
  if (!isObject(body)) return Object.assign(() => false, { any: false });
  const all = isObject(body.parameters) && body.parameters.binary_data_output === true;
  const each = new Map<string, boolean>();
  if (Array.isArray(body.outputs)) {
    for (const o of body.outputs) {
      if (isObject(o) && typeof o.name === 'string' && isObject(o.parameters) && typeof o.parameters.binary_data === 'boolean') {
        each.set(o.name, o.parameters.binary_data);
      }
    }
  }
  return Object.assign((name: string) => each.get(name) ?? all, { any: all || [...each.values()].some(Boolean) });
}

/** One output's values as bytes. */
function encode(datatype: string, data: Array<string | number> | Float32Array): Buffer {
  if (data instanceof Float32Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (datatype === 'BYTES') {
    // Written straight into one buffer: labels repeat, so each distinct one is measured once.
    const lengths = new Map<string, number>();
    let size = 0;
    for (const v of data) {
      const text = String(v);
      let n = lengths.get(text);
      if (n === undefined) lengths.set(text, (n = Buffer.byteLength(text, 'utf8')));
      size += 4 + n;
    }
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (const v of data) {
      const text = String(v);
      const n = lengths.get(text)!;
      out.writeUInt32LE(n, at);
      out.write(text, at + 4, n, 'utf8');
      at += 4 + n;
    }
    return out;
  }
  // The outputs this server gives are BYTES and FP32.
  const values = Float32Array.from(data as number[]);
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * The response with the outputs `binary` picks moved out of their JSON into bytes after the header; the header's
 * length goes in `Inference-Header-Content-Length`. Undefined when no output is to be binary (answer JSON).
 */
export function binaryResponse(response: V2InferResponse, binary: (name: string) => boolean): { body: Buffer; headerLength: number } | undefined {
  if (!response.outputs.some((o) => binary(o.name))) return undefined;
  const chunks: Buffer[] = [];
  const outputs = response.outputs.map((o) => {
    if (!binary(o.name)) return o.data instanceof Float32Array ? { ...o, data: Array.from(o.data) } : o;
    const bytes = encode(o.datatype, o.data);
    chunks.push(bytes);
    const { data: _data, ...rest } = o;
    return { ...rest, parameters: { ...o.parameters, binary_data_size: bytes.length } };
  });
  const header = Buffer.from(JSON.stringify({ ...response, outputs }), 'utf8');
  return { body: Buffer.concat([header, ...chunks]), headerLength: header.length };
}
