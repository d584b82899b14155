// `in:` entries: the input port exists, the reference is `step.output`, that output exists and its type fits.
import { isPortCompatible } from '../../catalog';
import { VARIADIC_PORT_NAME } from '../../catalog/types';
import { didYouMean } from '../../suggest';
import type { Rule } from '../rule';

export const portRefs: Rule = (ctx) => {
  for (const step of ctx.ast.steps) {
    const kind = ctx.kindOf(step);
    for (const input of step.inputs) {
      const variadic = kind?.variadicInputs && !kind.inputs[input.port] ? kind.variadicInputs : undefined;
      const declared = kind?.inputs[input.port] ?? variadic;
      if (variadic && !VARIADIC_PORT_NAME.test(input.port)) {
        ctx.report(input.keyNode, `input '${input.port}' of ${kind!.kind} names a table in its SQL: use letters, digits and _ (not starting with a digit)`, 'unknown-port');
      }
      if (kind && !declared) {
        const names = Object.keys(kind.inputs);
        const list = names.length ? `inputs: ${names.join(', ')}` : 'it takes no inputs';
        ctx.report(input.keyNode, `${kind.kind} has no input '${input.port}'${didYouMean(input.port, names)}; ${list}`, 'unknown-port');
      }
      if (input.ref === undefined) continue; // not a string: a shape error
      if (!input.step || !input.output) {
        ctx.report(input.valueNode, `bad port reference '${input.ref}': expected 'step.output', e.g. 'ingest.table'`, 'port-ref');
        continue;
      }
      if (input.step === step.id) {
        ctx.report(input.valueNode, `step '${step.id}' cannot take its own output '${input.ref}'`, 'self-ref');
        continue;
      }
      const producer = ctx.stepById.get(input.step);
      if (!producer) {
        const hint = didYouMean(input.step, ctx.stepById.keys());
        ctx.report(input.valueNode, `unknown step '${input.step}' in '${input.ref}'${hint}`, 'unknown-step');
        continue;
      }
      const producerKind = ctx.kindOf(producer);
      if (!producerKind) continue;
      const output = producerKind.outputs[input.output];
      if (!output) {
        const names = Object.keys(producerKind.outputs);
        const hint = didYouMean(input.output, names);
        ctx.report(input.valueNode, `step '${producer.id}' (${producerKind.kind}) has no output '${input.output}'${hint}; outputs: ${names.join(', ')}`, 'unknown-port');
        continue;
      }
      if (declared && !isPortCompatible(output.type, declared.type)) {
        ctx.report(input.valueNode, `input '${input.port}' of ${kind?.kind} expects a ${declared.type}, but '${input.ref}' is a ${output.type}`, 'port-type');
      }
    }
  }
};
