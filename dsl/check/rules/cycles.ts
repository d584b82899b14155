// Steps must form a DAG: report each cycle once, in data-flow order, where the loop closes.
import { findCycles } from '../../graph';
import type { StepAst } from '../../parse/ast';
import type { Rule } from '../rule';

export const cycles: Rule = (ctx) => {
  if (ctx.order()) return; // a topological order exists only without a cycle
  const ids = [...ctx.stepById.keys()];
  const deps = new Map(ids.map((id) => [id, ctx.depsOf(ctx.stepById.get(id) as StepAst)]));
  for (const path of findCycles(ids, deps)) {
    // findCycles follows "depends on"; reversed, the arrows read as data flowing.
    const flow = [...path].reverse();
    const first = ctx.stepById.get(flow[0]) as StepAst;
    const from = flow[flow.length - 2];
    const node =
      first.inputs.find((i) => i.step === from)?.valueNode ??
      first.needs.find((n) => n.value === from)?.node ??
      first.entry.keyNode;
    ctx.report(node, `cycle: ${flow.join(' -> ')}`, 'cycle');
  }
};
