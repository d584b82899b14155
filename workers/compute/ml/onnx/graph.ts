// A tiny ONNX graph builder over onnx-proto: enough to hand-write train-step and inference graphs.
// Everything is opset 17 (docs/decisions.md, "Training on ONNX Runtime": ReduceSum takes `axes` as an input there, ReduceMean an attribute).
import onnxProto from 'onnx-proto';

// onnx-proto is CommonJS; under Node ESM only its default export (the module object) is visible.
const { onnx } = onnxProto;

export const OPSET = 17;
/** IR version 8 is the one that goes with opset 17. */
const IR_VERSION = 8;

export type ElemType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint64' | 'bool' | 'string';
const DT = onnx.TensorProto.DataType;
/** ONNX TensorProto data-type codes, e.g. for Cast's `to` attribute. */
export const ELEM: Record<ElemType, number> = {
  float32: DT.FLOAT, float64: DT.DOUBLE, int32: DT.INT32, int64: DT.INT64, uint64: DT.UINT64, bool: DT.BOOL, string: DT.STRING,
};
/** The ONNX-ML operator set (OneHotEncoder, Imputer, LabelEncoder), for preprocessing compiled into a model. */
export const ML_DOMAIN = 'ai.onnx.ml';
export const ML_OPSET = 2;

/** A dimension: a fixed size or a symbolic name (e.g. 'N' for the batch). */
export type Dim = number | string;

/**
 * Attribute values: an integer number → INT, a non-integer number → FLOAT (wrap as `{ float: 1 }` to force
 * FLOAT for a whole number), number[] → INTS, string → STRING, `{ floats }` → FLOATS, `{ strings }` → STRINGS.
 */
export type AttrValue = number | { float: number } | number[] | string | { floats: number[] } | { strings: string[] };

export class GraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private counter = 0;
  private usesMl = false;

  /** `prefix` starts every generated name: graphs built apart and merged later (mergeGraphs) must not collide. */
  constructor(readonly name: string, private readonly prefix = '') {}

  input(name: string, type: ElemType, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: ElemType, dims: Dim[]): string {
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  /**
   * A constant tensor stored in the model. Bool values are given as 0/1; 64-bit integers beyond 2^53 as a
   * BigInt64Array/BigUint64Array (numbers are truncated to integers).
   */
  initializer(name: string, data: InitializerData, dims: number[], type: ElemType = 'float32'): string {
    const raw = tensorBytes(data, type);
    const expected = dims.reduce((a, d) => a * d, 1);
    if (raw.length !== expected) throw new Error(`initializer ${name}: ${raw.length} values for dims [${dims}]`);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dataType: ELEM[type],
        dims,
        // Little-endian raw bytes: the platforms we run on are little-endian, as ONNX requires.
        rawData: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
      }),
    );
    return name;
  }

  /** Adds a node; returns its output names. Pass `outputs` as a count to get generated names. */
  node(op: string, inputs: string[], outputs: string[] | number = 1, attrs: Record<string, AttrValue> = {}, domain = ''): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(op)) : outputs;
    const attribute = Object.entries(attrs).map(([name, v]) => attr(name, v));
    if (domain === ML_DOMAIN) this.usesMl = true;
    this.nodes.push(onnx.NodeProto.create({ opType: op, input: inputs, output: outs, name: this.fresh(`${op}_node`), attribute, domain }));
    return outs;
  }

  /** A single-output node of the ONNX-ML domain (OneHotEncoder, Imputer, LabelEncoder). */
  mlOp(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    return this.node(op, inputs, 1, attrs, ML_DOMAIN)[0];
  }

  /**
   * Puts this graph in front of an encoded model: its nodes and initializers first, its inputs replacing the
   * model's, which the model's nodes keep reading by name (this graph must produce them). Metadata is replaced by
   * `metadata` where given.
   */
  prependTo(model: Uint8Array, opts: { metadata?: Record<string, string>; docString?: string } = {}): Uint8Array {
    const m = onnx.ModelProto.decode(model);
    const graph = m.graph!;
    const names = new Set([...(graph.node ?? []).flatMap((n) => n.output ?? []), ...(graph.initializer ?? []).map((t) => t.name)]);
    const clash = [...this.nodes.flatMap((n) => n.output ?? []), ...this.initializers.map((t) => t.name)].find((n) => names.has(n!));
    if (clash) throw new Error(`prependTo: the name ${clash} is in both graphs`);
    graph.node = [...this.nodes, ...(graph.node ?? [])];
    graph.initializer = [...this.initializers, ...(graph.initializer ?? [])];
    graph.input = [...this.inputs];
    if (this.usesMl && !(m.opsetImport ?? []).some((o) => o.domain === ML_DOMAIN)) {
      m.opsetImport = [...(m.opsetImport ?? []), onnx.OperatorSetIdProto.create({ domain: ML_DOMAIN, version: ML_OPSET })];
    }
    if (opts.metadata) m.metadataProps = Object.entries(opts.metadata).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value }));
    if (opts.docString !== undefined) m.docString = opts.docString;
    return onnx.ModelProto.encode(m).finish();
  }

  /** Shorthand for a single-output node. */
  op(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    return this.node(op, inputs, output ? [output] : 1, attrs)[0];
  }

  /** Serializes the model (ModelProto) to bytes ready for `InferenceSession.create`. */
  encodeModel(opts: { metadata?: Record<string, string>; docString?: string } = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'headrace',
      producerVersion: '0.1.0',
      opsetImport: [{ domain: '', version: OPSET }, ...(this.usesMl ? [{ domain: ML_DOMAIN, version: ML_OPSET }] : [])],
      docString: opts.docString ?? '',
      metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: onnx.GraphProto.create({
        name: this.name,
        node: this.nodes,
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
      }),
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(prefix: string): string {
    return `${this.prefix}${prefix}_${this.counter++}`;
  }
}

export type InitializerData = Float32Array | Float64Array | BigInt64Array | BigUint64Array | number[];

/** The initializer's values as a typed array of its element type (bigint arrays are reinterpreted, not converted). */
function tensorBytes(data: InitializerData, type: ElemType): ArrayBufferView & { length: number } {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    if (type === 'int64') return new BigInt64Array(data.buffer, data.byteOffset, data.length);
    if (type === 'uint64') return new BigUint64Array(data.buffer, data.byteOffset, data.length);
    throw new Error(`bigint data for a ${type} initializer`);
  }
  switch (type) {
    case 'string': throw new Error('string initializers are not supported; use an attribute');
    case 'float32': return new Float32Array(data);
    case 'float64': return new Float64Array(data);
    case 'int32': return Int32Array.from(data, (v) => Math.trunc(v));
    case 'bool': return Uint8Array.from(data, (v) => (v ? 1 : 0));
    case 'int64': return BigInt64Array.from(Array.from(data, (v) => BigInt(Math.trunc(v))));
    case 'uint64': return BigUint64Array.from(Array.from(data, (v) => BigInt(Math.trunc(v))));
  }
}

function valueInfo(name: string, type: ElemType, dims: Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ELEM[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

function attr(name: string, v: AttrValue) {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(v) });
  if (Array.isArray(v)) return onnx.AttributeProto.create({ name, type: T.INTS, ints: v });
  if (typeof v === 'object' && 'floats' in v) return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: v.floats });
  if (typeof v === 'object' && 'strings' in v) {
    return onnx.AttributeProto.create({ name, type: T.STRINGS, strings: v.strings.map((x) => new TextEncoder().encode(x)) });
  }
  if (typeof v === 'object') return onnx.AttributeProto.create({ name, type: T.FLOAT, f: v.float });
  if (Number.isInteger(v)) return onnx.AttributeProto.create({ name, type: T.INT, i: v });
  return onnx.AttributeProto.create({ name, type: T.FLOAT, f: v });
}

/** Reads `metadata_props` back from encoded model bytes (used by tests and by loaders). */
export function readMetadata(bytes: Uint8Array): Record<string, string> {
  const model = onnx.ModelProto.decode(bytes);
  return Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
}
