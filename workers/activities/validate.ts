// validate.table: checks a table against column rules; the report is stored either way, and a failed
// rule fails the step (not retried) naming the rule, the column and the number of rows.
import type { ReportRef } from '../../dsl/refs';
import { putJson } from '../../server/artifacts/store';
import { readTable } from '../compute/data/table';
import { validateTable } from '../compute/data/validate';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import type { KindContext } from './kinds';

export async function validateTableStep(ctx: KindContext<'validate.table'>): Promise<StepResult> {
  const ref = ctx.inputs.table;
  const table = await readTable(ctx.deps.store, ref);
  const report = validateTable(table, ctx.config);
  const failed = report.rules.filter((r) => !r.ok);
  const doc = await putJson(ctx.deps.store, report);
  const summary = failed.length === 0
    ? `${report.rules.length} rule${report.rules.length === 1 ? '' : 's'} passed on ${report.rows} rows`
    : `${failed.length} of ${report.rules.length} rules failed: ${failed.map((r) => r.message).join('; ')}`;
  ctx.log[failed.length === 0 ? 'info' : 'error'](`validation ${failed.length === 0 ? 'passed' : 'failed'}: ${summary}`);
  const reportRef: ReportRef = { type: 'Report', ok: failed.length === 0, hash: doc.hash, uri: doc.uri, summary };
  if (failed.length > 0) throw userError('ValidationFailed', `validation failed: ${summary}`, { report: reportRef, rules: failed });
  return { outputs: { table: ref, report: reportRef }, summary: { rows: report.rows, rules: report.rules.length, report } };
}
