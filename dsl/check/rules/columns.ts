// Config values that name columns must name columns the upstream table has, where its schema is known.
import { didYouMean } from '../../suggest';
import { nodeAt } from '../../parse/nodes';
import type { StepAst } from '../../parse/ast';
import type { Rule } from '../rule';

export const columns: Rule = (ctx) => {
  const schemas = ctx.tableSchemas();
  for (const step of ctx.ast.steps) {
    const kind = ctx.kindOf(step);
    const config = ctx.config(step).parsed;
    if (!kind?.columnRefs || !config) continue;
    // Two ports fed by the same table (a self-join) would report the same missing column twice, at the same place.
    let said: Set<string> | undefined;
    for (const ref of kind.columnRefs(config)) {
      const input = step.inputs.find((i) => i.port === ref.port);
      if (!input?.step || !input.output) continue;
      const schema = schemas.get(input.step)?.[input.output];
      if (!schema) continue; // unknown upstream schema: the activity checks at run time
      const column = schema.find((c) => c.name === ref.column)
        ?? (ref.ignoreCase ? schema.find((c) => c.name.toLowerCase() === ref.column.toLowerCase()) : undefined);
      let msg: string;
      let code: string;
      if (!column) {
        const names = schema.map((c) => c.name);
        msg = `unknown column '${ref.column}'${didYouMean(ref.column, names)}: ${input.ref} has columns ${names.join(', ')}`;
        code = 'unknown-column';
      } else if (ref.types && !ref.types.includes(column.type)) {
        msg = `column '${ref.column}' is ${column.type}; ${kind.kind} needs ${ref.types.join('/')} here`;
        code = 'column-type';
      } else continue;
      // Located only when reported: finding the node walks the config's entries.
      const node = nodeAt(step.with?.value, ref.path, ref.isKey, ctx.ast.doc);
      const at = (node.complete ? node.node : undefined) ?? step.with?.keyNode ?? step.uses?.node;
      const key = `${at?.range?.[0] ?? ''}:${msg}`;
      said ??= new Set();
      if (said.has(key)) continue;
      said.add(key);
      ctx.report(at, `${where(step)}${msg}`, code);
    }
  }
};

const where = (step: StepAst) => `step '${step.id}': `;
