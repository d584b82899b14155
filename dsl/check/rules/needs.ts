// `needs:` names steps of this pipeline, other than the step itself.
import { didYouMean } from '../../suggest';
import type { Rule } from '../rule';

export const needs: Rule = (ctx) => {
  for (const step of ctx.ast.steps) {
    for (const need of step.needs) {
      if (need.value === step.id) ctx.report(need.node, `step '${step.id}' cannot need itself`, 'self-ref');
      else if (!ctx.stepById.has(need.value)) {
        const hint = didYouMean(need.value, ctx.stepById.keys());
        ctx.report(need.node, `unknown step '${need.value}' in needs${hint}`, 'unknown-step');
      }
    }
  }
};
