// Gates: `metric: ">= 0.9"` conditions, only on steps with a Metrics output, on metrics the kind reports.
import { parseGate, GATE_OPS } from '../../gates';
import { substitute } from '../../parse/templates';
import { didYouMean } from '../../suggest';
import type { Rule } from '../rule';
import { describeValue } from '../issues';

export const gates: Rule = (ctx) => {
  for (const step of ctx.ast.steps) {
    const kind = ctx.kindOf(step);
    if (kind && step.gate.length > 0 && !Object.values(kind.outputs).some((o) => o.type === 'Metrics')) {
      ctx.report(step.gateEntry?.keyNode, `step '${step.id}': gate needs a Metrics output, and ${kind.kind} has none`, 'gate');
    }
    for (const g of step.gate) {
      const { value, unresolved } = substitute(g.raw, ctx.params);
      if (unresolved.length > 0) continue; // waits for a parameter value (or is reported as an unknown one)
      if (!parseGate(g.metric, value)) {
        const msg = `bad gate '${g.metric}': expected a number or "OP NUMBER" (OP one of ${GATE_OPS.join(' ')}), got ${describeValue(value)}`;
        ctx.report(g.valueNode ?? g.keyNode, msg, 'gate');
      }
      if (kind?.metrics && !kind.metrics.includes(g.metric)) {
        const msg = `${kind.kind} reports no metric '${g.metric}'${didYouMean(g.metric, kind.metrics)}; it reports ${kind.metrics.join(', ')}`;
        ctx.report(g.keyNode, msg, 'unknown-metric', 'warning');
      }
    }
  }
};
