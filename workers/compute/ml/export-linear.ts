// Exports a linear/ridge regression as a plain inference ONNX graph with the regression contract.
import type { ModelSignature } from '../../../dsl/refs';
import { METADATA_KEYS, type ExportedModel } from './export';
import type { LinearModel } from './linear';
import { ELEM, GraphBuilder } from './onnx/graph';

/**
 * Graph: features float32 [N,F] → float64 → (x − mean)/std → ·w + bias → float32 `prediction` [N]. The arithmetic
 * stays in float64 as it was solved; only the answer is rounded. Signature without classes, kind 'linear'.
 */
export function exportLinear(model: LinearModel, opts: { target: string }): ExportedModel {
  const F = model.features.length;
  const signature: ModelSignature = {
    input: 'features', features: [...model.features], outputs: ['prediction'], target: opts.target, classes: [],
  };
  const g = new GraphBuilder('linear_inference');
  const x = g.input('features', 'float32', ['N', F]);
  const x64 = g.op('Cast', [x], { to: ELEM.float64 });
  const mean = g.initializer('mean', model.mean, [F], 'float64');
  const std = g.initializer('std', model.std, [F], 'float64');
  const w = g.initializer('w', model.weights, [F], 'float64');
  const bias = g.initializer('bias', [model.bias], [], 'float64');
  const z = g.op('Div', [g.op('Sub', [x64, mean]), std]);
  const y = g.op('Add', [g.op('ReduceSum', [g.op('Mul', [z, w]), g.initializer('axis1', [1], [1], 'int64')], { keepdims: 0 }), bias]);
  g.op('Cast', [y], { to: ELEM.float32 }, 'prediction');
  g.output('prediction', 'float32', ['N']);
  const metadata = { [METADATA_KEYS.kind]: 'linear', [METADATA_KEYS.signature]: JSON.stringify(signature) };
  const kind = model.alpha > 0 ? `ridge regression (alpha ${model.alpha})` : 'linear regression';
  return { bytes: g.encodeModel({ metadata, docString: `Headrace ${kind} → ${opts.target}` }), signature };
}
