// The checker: run every rule over a parsed pipeline and collect their diagnostics.
import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import type { PipelineAst } from '../parse/ast';
import { CheckContext, MAX_DIAGNOSTICS, type CheckOptions } from './context';
import { rules } from './rules';

export function checkPipeline(ast: PipelineAst, options: CheckOptions = {}): Diagnostic[] {
  const ctx = new CheckContext(ast, options);
  runRules(ctx);
  return sortDiagnostics(ctx.diagnostics).slice(0, MAX_DIAGNOSTICS);
}

/** Run every rule on a context the caller keeps (the compiler reuses its configs and order). */
export function runRules(ctx: CheckContext): void {
  // A file refused by a limit is not read any further: its one error says which limit.
  if (ctx.ast.refused) return;
  for (const rule of rules) rule(ctx);
}

export { CheckContext, MAX_DIAGNOSTICS, type CheckOptions } from './context';
export type { Rule } from './rule';
