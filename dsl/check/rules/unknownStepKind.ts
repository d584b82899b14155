// `uses:` must name a kind of the catalog.
import { closestStepKind } from '../../catalog';
import type { Rule } from '../rule';

export const unknownStepKind: Rule = (ctx) => {
  for (const step of ctx.ast.steps) {
    if (!step.uses || ctx.kindOf(step)) continue;
    const near = closestStepKind(step.uses.value);
    const hint = near ? ` (did you mean '${near}'?)` : '';
    ctx.report(step.uses.node, `unknown step kind '${step.uses.value}'${hint}`, 'unknown-kind');
  }
};
