// Parameters: defaults of the declared type, and `${{ … }}` only as `params.NAME` of a declared param,
// only in `with:` and `gate:` values (the only places the compiler substitutes).
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { didYouMean } from '../../suggest';
import { templatesIn } from '../../parse/templates';
import type { Rule } from '../rule';
import type { CheckContext } from '../context';
import { describeValue } from '../issues';
import { matchesParamType } from '../paramValues';

const typeNouns: Record<string, string> = { number: 'a number', integer: 'an integer', string: 'a string', boolean: 'a boolean' };

export const params: Rule = (ctx) => {
  for (const p of ctx.ast.params) {
    if (p.default && p.type && typeNouns[p.type] && !matchesParamType(p.type, p.default.value)) {
      const msg = `param '${p.name}': default must be ${typeNouns[p.type]}, got ${describeValue(p.default.value)}`;
      ctx.report(p.default.node, msg, 'param-type');
    }
  }
  for (const e of ctx.ast.entries) if (e.key !== 'steps') forbidTemplates(ctx, e.value);
  for (const step of ctx.ast.steps) {
    for (const e of step.entries) {
      if (e.key === 'with' || e.key === 'gate') checkTemplates(ctx, e.value);
      else if (e.key !== 'when') forbidTemplates(ctx, e.value);
    }
  }
};

function scalars(node: Node | null | undefined, out: Node[] = []): Node[] {
  if (isScalar(node)) out.push(node);
  else if (isMap(node)) for (const pair of node.items) scalars(pair.value as Node | null, out);
  else if (isSeq(node)) for (const item of node.items) scalars(item as Node, out);
  return out;
}

/** Span of the expression inside the node's source text when it appears verbatim there. */
function spanIn(ctx: CheckContext, node: Node, text: string): [number, number] {
  const [start, end] = node.range ?? [0, 0];
  const i = ctx.ast.source.slice(start, end).indexOf(text);
  return i < 0 ? [start, end] : [start + i, start + i + text.length];
}

function checkTemplates(ctx: CheckContext, node: Node | null): void {
  const declared = ctx.ast.params.map((p) => p.name);
  for (const s of scalars(node)) {
    if (!isScalar(s) || typeof s.value !== 'string') continue;
    for (const use of templatesIn(s.value)) {
      const span = spanIn(ctx, s, use.text);
      if (use.param === undefined) {
        ctx.reportSpan(span, `unsupported expression '${use.text}': only \${{ params.NAME }} is allowed`, 'expression');
      } else if (!declared.includes(use.param)) {
        ctx.reportSpan(span, `unknown param '${use.param}'${didYouMean(use.param, declared)}`, 'unknown-param');
      }
    }
  }
}

function forbidTemplates(ctx: CheckContext, node: Node | null): void {
  for (const s of scalars(node)) {
    if (!isScalar(s) || typeof s.value !== 'string') continue;
    for (const use of templatesIn(s.value)) {
      ctx.reportSpan(spanIn(ctx, s, use.text), `'${use.text}' is only substituted in with: and gate: values`, 'expression');
    }
  }
}
