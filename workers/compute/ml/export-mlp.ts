// Exports a trained MLP as a plain inference ONNX graph, built from the same forward expression training used.
import type { ModelSignature } from '../../../dsl/refs';
import { add, div, mul, softmax, squeeze, sub, Trace } from './autodiff';
import { METADATA_KEYS, type ExportedModel } from './export';
import type { MlpModel } from './mlp';
import { mlpForward, mlpParams } from './mlp-net';
import { GraphBuilder } from './onnx/graph';

/**
 * Graph: features float32 [N,F] → (x − mean)/std → the network →
 *   classification: logits → Softmax → `probabilities` float32 [N,C], ArgMax → `label` int64 [N] (the logistic
 *   contract, index into signature.classes);
 *   regression: output·targetStd + targetMean → `prediction` float32 [N]; the signature's classes are empty.
 * The signature is embedded as JSON in metadata_props, with kind 'mlp'.
 */
export function exportMlp(model: MlpModel, opts: { target: string }): ExportedModel {
  const F = model.features.length;
  const classification = model.task === 'classification';
  const signature: ModelSignature = {
    input: 'features',
    features: [...model.features],
    outputs: classification ? ['label', 'probabilities'] : ['prediction'],
    target: opts.target,
    classes: [...model.classes],
  };
  const arch = {
    inputs: F, hidden: model.hidden, outputs: classification ? model.classes.length : 1, activation: model.activation,
  };
  const t = new Trace(new GraphBuilder('mlp_inference'));
  const x = t.input('features', 'float32', ['N', F]);
  const z = div(sub(x, t.constant(model.mean, [F], 'float32', 'mean')), t.constant(model.std, [F], 'float32', 'std'));
  const params = mlpParams(arch).map((p, i) => t.constant(model.params[i], p.shape, 'float32', p.name));
  const out = mlpForward(z, params, arch);
  if (classification) {
    t.output(t.emit('ArgMax', [out], { axis: 1, keepdims: 0 }, 'int64', ['N']), 'label');
    t.output(softmax(out, 1), 'probabilities');
  } else {
    t.output(add(mul(squeeze(out, [1]), model.targetStd), model.targetMean), 'prediction');
  }
  const metadata = { [METADATA_KEYS.kind]: 'mlp', [METADATA_KEYS.signature]: JSON.stringify(signature) };
  const layers = model.hidden.length > 0 ? `${F}-${model.hidden.join('-')}-${arch.outputs}` : `${F}-${arch.outputs}`;
  return {
    bytes: t.graph.encodeModel({ metadata, docString: `Headrace MLP ${layers} (${model.activation}) → ${opts.target}` }),
    signature,
  };
}
