// Every non-optional input port of a step's kind must be connected.
import type { Rule } from '../rule';

export const requiredInputs: Rule = (ctx) => {
  for (const step of ctx.ast.steps) {
    const kind = ctx.kindOf(step);
    if (!kind) continue;
    const given = new Set(step.inputs.map((i) => i.port));
    for (const [port, decl] of Object.entries(kind.inputs)) {
      if (decl.optional || given.has(port)) continue;
      ctx.report(step.uses?.node, `step '${step.id}': missing required input '${port}' (${decl.type}) of ${kind.kind}`, 'missing-input');
    }
  }
};
