// `with:` against the kind's zod schema, each issue at the node its path leads to.
import { isMap } from 'yaml';
import { toJS } from '../../parse/nodes';
import type { Rule } from '../rule';
import { reportIssues } from '../issues';

export const configSchema: Rule = (ctx) => {
  for (const step of ctx.ast.steps) {
    const kind = ctx.kindOf(step);
    const withNode = step.with?.value;
    // A `with:` that is not a map is a shape error the structure rule reports.
    if (!kind || (withNode && !isMap(withNode) && toJS(withNode, ctx.ast.doc) !== null)) continue;
    const { issues, unresolved } = ctx.config(step);
    if (issues.length === 0) continue;
    const waiting = (path: readonly PropertyKey[]) =>
      unresolved.some((u) => u.length <= path.length && u.every((seg, i) => seg === path[i]));
    reportIssues(ctx, issues, {
      root: withNode,
      fallback: step.with?.keyNode ?? step.uses?.node,
      subject: `${kind.kind} config`,
      schema: kind.config,
      code: 'config',
      skip: (_issue, path) => waiting(path),
    });
  }
};
