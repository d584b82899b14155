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
    const variadic = kind.variadicInputs;
    if (variadic && step.inputs.filter((i) => !(i.port in kind.inputs)).length < variadic.minimum) {
      ctx.report(
        step.uses?.node,
        `step '${step.id}': ${kind.kind} needs at least ${variadic.minimum} input ${variadic.type}${variadic.minimum > 1 ? 's' : ''} under in:, each named as its query calls it (in: { orders: ingest.table })`,
        'missing-input',
      );
    }
  }
};
