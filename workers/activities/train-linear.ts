// train.linear: linear or ridge regression, solved exactly in float64 (workers/compute/ml/linear.ts); one pass, so
// no checkpoints. The coefficients in the features' own units go into the summary.
import { readTable } from '../compute/data/table';
import { exportLinear, tableToMatrix, trainLinear } from '../compute/ml';
import type { StepResult } from '../workflows/types';
import type { KindContext } from './kinds';
import { exportedForTable, trainingFeatures } from './train-features';

export async function trainLinearStep(ctx: KindContext<'train.linear'>): Promise<StepResult> {
  const ref = ctx.inputs.table;
  const c = ctx.config;
  const table = await readTable(ctx.deps.store, ref);
  const features = trainingFeatures(ref, c.target, c.features);
  const m = tableToMatrix(table, features);
  const y = tableToMatrix(table, [c.target]).X;
  const model = trainLinear({ X: m.X, rows: m.rows, features, y, alpha: c.alpha });
  const { bytes, signature, trainingDatasets } = exportedForTable(ref, exportLinear(model, { target: c.target }));
  const put = await ctx.deps.store.put(bytes, '.onnx');
  const kind = c.alpha > 0 ? `ridge regression (alpha ${c.alpha})` : 'linear regression';
  ctx.log.info(`${kind} on ${m.rows} rows, ${features.length} features: model ${put.hash.slice(0, 12)}, ${model.trainMillis.toFixed(1)} ms`);
  const coefficients = Object.fromEntries(features.map((f, j) => [f, model.coefficients[j]]));
  return {
    outputs: {
      model: {
        type: 'Model', hash: put.hash, uri: put.uri, framework: 'onnx', signature, trainingDatasets,
        training: { task: 'regression', alpha: c.alpha, rows: m.rows, trainMillis: model.trainMillis },
      },
    },
    summary: { rows: m.rows, features: features.length, alpha: c.alpha, intercept: model.intercept, coefficients },
  };
}
