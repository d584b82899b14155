// Keys the language does not know, at the top level and in steps — most often typos.
import { STEP_KEYS, TOP_LEVEL_KEYS } from '../../grammar';
import { didYouMean } from '../../suggest';
import type { Rule } from '../rule';

export const unknownKeys: Rule = (ctx) => {
  const top: readonly string[] = TOP_LEVEL_KEYS;
  for (const e of ctx.ast.entries) {
    if (!top.includes(e.key)) {
      ctx.report(e.keyNode, `unknown top-level key '${e.key}'${didYouMean(e.key, top)}`, 'unknown-key');
    }
  }
  const stepKeys: readonly string[] = STEP_KEYS;
  for (const step of ctx.ast.steps) {
    for (const e of step.entries) {
      // `<<` is a YAML merge key, resolved by the parser.
      if (!stepKeys.includes(e.key) && e.key !== '<<') {
        ctx.report(e.keyNode, `step '${step.id}': unknown key '${e.key}'${didYouMean(e.key, stepKeys)}`, 'unknown-key');
      }
    }
  }
};
