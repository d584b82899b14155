// Shapes of the envelope (top level, params, triggers, step keys other than `with:`) against grammar.ts.
import { PipelineEnvelope } from '../../grammar';
import { asMap, toJS } from '../../parse/nodes';
import type { Rule } from '../rule';
import { reportIssues } from '../issues';
import { fastSchema } from '../fast-schema';

export const structure: Rule = (ctx) => {
  const { root } = ctx.ast;
  if (!root) return;
  const envelope = toJS(root, ctx.ast.doc);
  // Most files are valid: the compiled validator says so without building the parsed copy nobody reads.
  if (fastSchema(PipelineEnvelope).validate(envelope)) return;
  const result = PipelineEnvelope.safeParse(envelope, { reportInput: true });
  if (result.success) return;
  for (const issue of result.error.issues) {
    const [first, id, ...rest] = issue.path;
    const step = first === 'steps' && id !== undefined ? ctx.stepById.get(String(id)) : undefined;
    // Unknown keys at the top level and in steps get their own rule (with suggestions).
    if (issue.code === 'unrecognized_keys' && (issue.path.length === 0 || (step && rest.length === 0))) continue;
    if (step) {
      reportIssues(ctx, [{ ...issue, path: rest }], {
        root: asMap(step.entry.value, ctx.ast.doc) ?? step.entry.value,
        fallback: step.entry.keyNode,
        subject: `step '${step.id}'`,
        schema: PipelineEnvelope.shape.steps.valueType,
        code: 'structure',
      });
    } else {
      reportIssues(ctx, [issue], { root, fallback: root, subject: '', schema: PipelineEnvelope, code: 'structure' });
    }
  }
};
