// `resources.cpu` and `resources.memory` are refused where they are written: no worker reserves or enforces
// them, and a key that is accepted and then ignored would promise what nothing does. `gpu` is compiled (queue).
import { REFUSED_RESOURCES } from '../../grammar';
import { asMap, entriesOf } from '../../parse/nodes';
import type { Rule } from '../rule';

export const resources: Rule = (ctx) => {
  const refused: readonly string[] = REFUSED_RESOURCES;
  for (const step of ctx.ast.steps) {
    for (const e of entriesOf(asMap(step.resources?.value, ctx.ast.doc), ctx.ast.doc)) {
      if (!refused.includes(e.key)) continue;
      const msg =
        `step '${step.id}': resources.${e.key} is not supported: no worker reserves or enforces ${e.key === 'cpu' ? 'CPU cores' : 'memory'}, ` +
        'so it would be ignored. Remove it; only resources.gpu is used (it runs the step on the GPU queue)';
      ctx.report(e.keyNode, msg, 'unsupported-resource');
    }
  }
};
