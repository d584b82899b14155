// Names that become identifiers elsewhere (URLs, database keys, `${{ params.X }}`) must be plain.
import { PARAM_NAME, PIPELINE_NAME, STEP_ID } from '../../grammar';
import type { Rule } from '../rule';

export const ids: Rule = (ctx) => {
  const { name } = ctx.ast;
  if (name && !PIPELINE_NAME.test(name.value)) {
    ctx.report(name.node, `bad pipeline name '${name.value}': use lowercase letters, digits, '-' and '_', starting with a letter`, 'bad-id');
  }
  for (const step of ctx.ast.steps) {
    if (!STEP_ID.test(step.id)) {
      ctx.report(step.entry.keyNode, `bad step id '${step.id}': use lowercase letters, digits, '-' and '_', starting with a letter`, 'bad-id');
    }
  }
  for (const p of ctx.ast.params) {
    if (!PARAM_NAME.test(p.name)) {
      ctx.report(p.entry.keyNode, `bad param name '${p.name}': use letters, digits and '_', not starting with a digit`, 'bad-id');
    }
  }
};
