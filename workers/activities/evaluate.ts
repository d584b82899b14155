// evaluate.classifier: runs the exported ONNX model on a held-back table and reports its metrics.
import { putJson } from '../../server/artifacts/store';
import { readTable } from '../compute/data/table';
import { evaluateClassifier } from '../compute/ml';
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
    summary: { ...ev.values, perClass: ev.perClass, confusionMatrix: ev.confusionMatrix },
  };
}
