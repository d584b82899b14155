// evaluate.classifier: runs the exported ONNX model on a held-back table and reports its metrics.
import type { EvaluateClassifierConfig } from '../../dsl/catalog';
import type { ModelRef, TableRef } from '../../dsl/refs';
import { putJson } from '../../server/artifacts/store';
import { readTable } from '../compute/data/table';
import { evaluateClassifier } from '../compute/ml';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import type { StepContext } from './step';

export async function evaluateClassifierStep(ctx: StepContext<EvaluateClassifierConfig>): Promise<StepResult> {
  const model = ctx.input.inputs.model as ModelRef;
  const table = await readTable(ctx.deps.store, ctx.input.inputs.table as TableRef);
  const bytes = await ctx.deps.store.get(model.uri);
  let ev;
  try {
    ev = await evaluateClassifier(bytes, model.signature, table, { target: ctx.config.target });
  } catch (err) {
    throw userError('BadData', (err as Error).message);
  }
  ctx.log.info(`evaluated on ${table.numRows} rows: ${Object.entries(ev.values).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ')}`);
  const doc = await putJson(ctx.deps.store, ev);
  return {
    outputs: { metrics: { type: 'Metrics', values: ev.values, hash: doc.hash, uri: doc.uri } },
    summary: { ...ev.values, perClass: ev.perClass, confusionMatrix: ev.confusionMatrix },
  };
}
