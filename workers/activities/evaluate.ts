// evaluate.classifier and evaluate.regressor: run the exported ONNX model on a held-back table and report its
// metrics.
import { putJson } from '../../server/artifacts/store';
import { readTable } from '../compute/data/table';
import { evaluateClassifier, evaluateRegressor } from '../compute/ml';
import { userError } from './errors';
import type { StepResult } from '../workflows/types';
import type { KindContext } from './kinds';

export async function evaluateClassifierStep(ctx: KindContext<'evaluate.classifier'>): Promise<StepResult> {
  const model = ctx.inputs.model;
  const table = await readTable(ctx.deps.store, ctx.inputs.table);
  const bytes = await ctx.deps.store.get(model.uri);
  // A missing column or nulls raise DataError (not retried, shown as is); anything else is unexpected (errors.ts).
  const ev = await evaluateClassifier(bytes, model.signature, table, { target: ctx.config.target });
  ctx.log.info(`evaluated on ${table.numRows} rows: ${Object.entries(ev.values).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ')}`);
  const doc = await putJson(ctx.deps.store, ev);
  return {
    outputs: { metrics: { type: 'Metrics', values: ev.values, hash: doc.hash, uri: doc.uri } },
    // The calibration table is the top-label one; the per-class reliability tables stay in the evaluation document.
    summary: { ...ev.values, perClass: ev.perClass, confusionMatrix: ev.confusionMatrix, rocAucNote: ev.rocAucNote, calibration: ev.calibration.bins },
  };
}

export async function evaluateRegressorStep(ctx: KindContext<'evaluate.regressor'>): Promise<StepResult> {
  const model = ctx.inputs.model;
  if (!model.signature.outputs.includes('prediction')) {
    throw userError('BadConfig', `the model predicts classes (${model.signature.classes.join(', ')}), not a number: score it with evaluate.classifier`);
  }
  const table = await readTable(ctx.deps.store, ctx.inputs.table);
  const bytes = await ctx.deps.store.get(model.uri);
  const ev = await evaluateRegressor(bytes, model.signature, table, { target: ctx.config.target });
  ctx.log.info(`evaluated on ${table.numRows} rows: rmse ${ev.values.rmse.toFixed(4)}, mae ${ev.values.mae.toFixed(4)}, r2 ${ev.values.r2.toFixed(4)}`);
  const doc = await putJson(ctx.deps.store, ev);
  const { rows: _rows, ...metrics } = ev.values;
  return {
    outputs: { metrics: { type: 'Metrics', values: metrics, hash: doc.hash, uri: doc.uri } },
    summary: { ...ev.values, residuals: ev.residuals },
  };
}
