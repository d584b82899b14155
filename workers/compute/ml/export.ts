// Exports a trained logistic model as a plain inference ONNX graph (no trainer needed to serve it).
import type { ModelSignature } from '../../../dsl/refs';
import type { LogisticModel } from './logistic';
import { GraphBuilder } from './onnx/graph';

/** metadata_props keys written into exported models. */
export const METADATA_KEYS = { signature: 'headrace.signature', kind: 'headrace.kind' };

export interface ExportedModel {
  bytes: Uint8Array;
  signature: ModelSignature;
}

/**
 * Graph: features [N,F] → (x − mean)/std → ·W + b → logits
 *   → Softmax → `probabilities` float32 [N,C]
 *   → ArgMax(axis 1, keepdims 0) → `label` int64 [N] (index into signature.classes)
 * The signature is embedded as JSON in metadata_props. The training data's profile is not: the registry keeps it
 * (model_versions.profile, server/monitoring/profile.ts), the one reference monitoring measures drift against.
 */
export function exportLogistic(
  model: LogisticModel,
  opts: { target: string },
): ExportedModel {
  const F = model.features.length;
  const C = model.classes.length;
  const signature: ModelSignature = {
    input: 'features',
    features: [...model.features],
    outputs: ['label', 'probabilities'],
    target: opts.target,
    classes: [...model.classes],
  };
  const g = new GraphBuilder('logistic_inference');
  const x = g.input('features', 'float32', ['N', F]);
  const mean = g.initializer('mean', model.mean, [F]);
  const std = g.initializer('std', model.std, [F]);
  const W = g.initializer('W', model.weights, [F, C]);
  const b = g.initializer('b', model.bias, [C]);
  const z = g.op('Div', [g.op('Sub', [x, mean]), std]);
  const logits = g.op('Add', [g.op('MatMul', [z, W]), b], {}, 'logits');
  g.op('Softmax', [logits], { axis: 1 }, 'probabilities');
  g.op('ArgMax', [logits], { axis: 1, keepdims: 0 }, 'label');
  g.output('label', 'int64', ['N']);
  g.output('probabilities', 'float32', ['N', C]);

  const metadata: Record<string, string> = {
    [METADATA_KEYS.kind]: 'logistic',
    [METADATA_KEYS.signature]: JSON.stringify(signature),
  };
  return { bytes: g.encodeModel({ metadata, docString: `Headrace logistic regression → ${opts.target}` }), signature };
}
