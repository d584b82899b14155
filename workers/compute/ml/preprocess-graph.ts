// Compiles a table's fitted preprocessing (prepare.standardize, .impute, .onehot, .bucketize) into ONNX nodes in
// front of a trained model: the exported model then takes one input per raw column ([N, 1], float32 or string)
// and computes the features the network was trained on itself, in float32 exactly as the table side did
// (workers/compute/data/preprocess.ts).
//   standardize  (x − mean) / std                                  Sub, Div
//   impute       numbers: NaN → value                               ai.onnx.ml Imputer
//                text: '' (missing) → value, known values kept       ai.onnx.ml LabelEncoder
//   onehot       text: one 0/1 per category, unknown → zeros         ai.onnx.ml OneHotEncoder (zeros=1)
//                numbers: x == category                            Equal, Cast
//   bucketize    [x ≥ −∞, x ≥ b1, …, x ≥ +∞] minus itself shifted    GreaterOrEqual, Cast, Slice, Sub
// A missing value (NaN, or '' for text) gives all zeros through onehot and bucketize, and stays NaN through
// standardize: only columns whose first transform fills or ignores it are `nullable` in the signature.
import type { ColumnSchema } from '../../../dsl/plan';
import type { FittedTransform, ModelColumn, ModelSignature, Preprocessing } from '../../../dsl/refs';
import { DataError } from '../errors';
import { METADATA_KEYS, type ExportedModel } from './export';
import { GraphBuilder, readMetadata } from './onnx/graph';

/** A missing text value, as the model's string inputs carry it. */
export const MISSING_TEXT = '';
/** What a text impute maps a value it never saw to (onehot then gives zeros for it, as for any unknown value). */
const UNKNOWN_TEXT = '\u0000unknown';

interface Value {
  tensor: string;
  text: boolean;
}

/** The raw columns each current column derives from, after the transforms. */
function lineage(pre: Preprocessing): Map<string, Set<string>> {
  const current = new Map(pre.inputs.map((c) => [c.name, new Set([c.name])]));
  for (const t of pre.transforms) {
    const from = current.get(t.column);
    if (!from) throw new DataError(`preprocessing ${t.kind} reads column "${t.column}", which no earlier step gives`);
    if (t.kind === 'onehot' || t.kind === 'bucketize') {
      current.delete(t.column);
      for (const o of t.outputs) current.set(o, from);
    }
  }
  return current;
}

/** The raw columns a model on `features` takes, in the raw table's order, with their input types. */
export function modelColumns(pre: Preprocessing, features: string[]): ModelColumn[] {
  const derived = lineage(pre);
  const needed = new Set<string>();
  for (const f of features) {
    const from = derived.get(f);
    if (!from) throw new DataError(`feature "${f}" is not a column of the preprocessed table`);
    for (const raw of from) needed.add(raw);
  }
  return pre.inputs.filter((c) => needed.has(c.name)).map((c) => toModelColumn(c, pre.transforms));
}

function toModelColumn(c: ColumnSchema, transforms: FittedTransform[]): ModelColumn {
  const first = transforms.find((t) => t.column === c.name);
  const text = c.type === 'string';
  if (text && (!first || first.kind === 'standardize' || first.kind === 'bucketize')) {
    throw new DataError(`text column "${c.name}" reaches the model as text: one-hot encode it (prepare.onehot)`);
  }
  if (c.type === 'date') throw new DataError(`date column "${c.name}" cannot be a model input`);
  return { name: c.name, type: text ? 'string' : 'float32', nullable: first !== undefined && first.kind !== 'standardize', columnType: c.type };
}

/** Emits the transforms; returns the tensor ([N, 1]) of every column the network reads. */
function emit(g: GraphBuilder, pre: Preprocessing, columns: ModelColumn[]): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const c of columns) values.set(c.name, { tensor: g.input(c.name, c.type, ['N', 1]), text: c.type === 'string' });
  let k = 0;
  const name = (what: string) => `pre_${what}_${k++}`;
  /** Splits a [N, K] float tensor into the K named [N, 1] columns. */
  const split = (block: string, outputs: string[]) => {
    const parts = outputs.length === 1
      ? [block]
      : g.node('Split', [block, g.initializer(name('split'), outputs.map(() => 1), [outputs.length], 'int64')], outputs.length, { axis: 1 });
    outputs.forEach((o, j) => values.set(o, { tensor: parts[j], text: false }));
  };
  for (const t of pre.transforms) {
    const v = values.get(t.column);
    if (!v) continue; // a column the model does not read
    switch (t.kind) {
      case 'standardize': {
        const centred = g.op('Sub', [v.tensor, g.initializer(name('mean'), [t.mean], [1])]);
        values.set(t.column, { tensor: g.op('Div', [centred, g.initializer(name('std'), [t.std], [1])]), text: false });
        break;
      }
      case 'impute': {
        if (v.text) {
          const known = t.known ?? [];
          const keys = [...known.filter((x) => x !== MISSING_TEXT), MISSING_TEXT];
          const mapped = g.mlOp('LabelEncoder', [v.tensor], {
            keys_strings: { strings: keys }, values_strings: { strings: [...keys.slice(0, -1), String(t.value)] }, default_string: UNKNOWN_TEXT,
          });
          values.set(t.column, { tensor: mapped, text: true });
        } else {
          const filled = g.mlOp('Imputer', [v.tensor], { imputed_value_floats: { floats: [Number(t.value)] }, replaced_value_float: { float: NaN } });
          values.set(t.column, { tensor: filled, text: false });
        }
        break;
      }
      case 'onehot': {
        const K = t.outputs.length;
        let block: string;
        if (v.text) {
          const encoded = g.mlOp('OneHotEncoder', [v.tensor], { cats_strings: { strings: t.categories.map(String) }, zeros: 1 });
          block = g.op('Reshape', [encoded, g.initializer(name('shape'), [-1, K], [2], 'int64')]);
        } else {
          const cats = g.initializer(name('categories'), (t.categories as number[]).map(Number), [K]);
          block = g.op('Cast', [g.op('Equal', [v.tensor, cats])], { to: 1 });
        }
        values.delete(t.column);
        split(block, t.outputs);
        break;
      }
      case 'bucketize': {
        const B = t.boundaries.length;
        const edges = g.initializer(name('edges'), [-Infinity, ...t.boundaries, Infinity], [B + 2]);
        const atLeast = g.op('Cast', [g.op('GreaterOrEqual', [v.tensor, edges])], { to: 1 }); // [N, B+2]
        const slice = (from: number, to: number) => g.op('Slice', [
          atLeast, g.initializer(name('from'), [from], [1], 'int64'), g.initializer(name('to'), [to], [1], 'int64'),
          g.initializer(name('axis'), [1], [1], 'int64'),
        ]);
        values.delete(t.column);
        split(g.op('Sub', [slice(0, B + 1), slice(1, B + 2)]), t.outputs);
        break;
      }
    }
  }
  return values;
}

/**
 * The trained model with the table's preprocessing in front of it: inputs are the raw columns its features derive
 * from; the signature gains `columns` (those inputs) and `trainedOn` (the network's features), and its `features`
 * become the raw column names a request carries.
 */
export function withPreprocessing(model: ExportedModel, pre: Preprocessing): ExportedModel {
  const trainedOn = model.signature.features;
  const columns = modelColumns(pre, trainedOn);
  const g = new GraphBuilder('preprocessing', 'pre_');
  const values = emit(g, pre, columns);
  const parts = trainedOn.map((f) => {
    const v = values.get(f);
    if (!v || v.text) throw new DataError(`feature "${f}" is text: one-hot encode it (prepare.onehot)`);
    return v.tensor;
  });
  g.op('Concat', parts, { axis: 1 }, model.signature.input);
  const signature: ModelSignature = { ...model.signature, features: columns.map((c) => c.name), columns, trainedOn: [...trainedOn] };
  const metadata = { ...readMetadata(model.bytes), [METADATA_KEYS.signature]: JSON.stringify(signature) };
  return { bytes: g.prependTo(model.bytes, { metadata }), signature };
}
