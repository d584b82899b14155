// `when:` conditions: syntax, the steps and metrics they read (upstream only), params, and operand types —
// each problem at its place inside the condition's text where the YAML lets us find it.
import { StepState } from '../../states';
import type { StepAst } from '../../parse/ast';
import { didYouMean } from '../../suggest';
import type { TextSpan, WhenNode } from '../../when/parse';
import type { CheckContext } from '../context';
import { spanInScalar } from '../textSpan';
import type { Rule } from '../rule';

/** What an operand is, as far as the checker can tell. `state`: a step state name (text). */
type Type = 'number' | 'string' | 'boolean' | 'null' | 'state' | 'unknown';

const nouns: Record<Type, string> = {
  number: 'a number',
  string: 'text',
  boolean: 'true/false',
  null: 'null',
  state: 'a step state',
  unknown: 'a value',
};

const paramTypes: Record<string, Type> = { number: 'number', integer: 'number', string: 'string', boolean: 'boolean' };
const STATES: readonly string[] = StepState.options;

export const when: Rule = (ctx) => {
  for (const step of ctx.ast.steps) {
    const parsed = ctx.condition(step);
    if (!parsed || !step.when) continue;
    const at = locator(ctx, step);
    if (!parsed.ok) {
      at(parsed.error.span, `step '${step.id}': when: ${parsed.error.message}`, 'when-syntax');
      continue;
    }
    const type = new Typer(ctx, step, at).type(parsed.node);
    if (!isCondition(type)) {
      at(parsed.node.span, `step '${step.id}': when: must be a condition (a comparison, && || !, or true/false), got ${nouns[type]}`, 'when-type');
    }
  }
};

type Report = (span: TextSpan, message: string, code: string) => void;

function isCondition(t: Type): boolean {
  return t === 'boolean' || t === 'unknown';
}

class Typer {
  constructor(
    private readonly ctx: CheckContext,
    private readonly step: StepAst,
    private readonly at: Report,
  ) {}

  private report(span: TextSpan, message: string, code: string): void {
    this.at(span, `step '${this.step.id}': when: ${message}`, code);
  }

  type(node: WhenNode): Type {
    switch (node.kind) {
      case 'literal':
        return node.value === null ? 'null' : (typeof node.value as 'number' | 'string' | 'boolean');
      case 'param':
        return this.param(node);
      case 'metric':
        return this.metric(node);
      case 'state':
        return this.upstream(node.step, node.stepSpan) ? 'state' : 'unknown';
      case 'not':
      case 'and':
      case 'or': {
        const args = node.kind === 'not' ? [node.arg] : [node.left, node.right];
        const op = node.kind === 'not' ? '!' : node.kind === 'and' ? '&&' : '||';
        for (const arg of args) {
          const t = this.type(arg);
          if (!isCondition(t)) this.report(arg.span, `'${op}' joins conditions, got ${nouns[t]} (compare it, e.g. ... >= 0.9)`, 'when-type');
        }
        return 'boolean';
      }
      case 'compare':
        this.compare(node);
        return 'boolean';
    }
  }

  private param(node: Extract<WhenNode, { kind: 'param' }>): Type {
    const decl = this.ctx.ast.params.find((p) => p.name === node.name);
    if (!decl) {
      const names = this.ctx.ast.params.map((p) => p.name);
      this.report(node.span, `unknown param '${node.name}'${didYouMean(node.name, names)}`, 'unknown-param');
      return 'unknown';
    }
    return paramTypes[decl.type ?? ''] ?? 'unknown';
  }

  private metric(node: Extract<WhenNode, { kind: 'metric' }>): Type {
    if (!this.upstream(node.step, node.stepSpan)) return 'unknown';
    const target = this.ctx.stepById.get(node.step) as StepAst;
    const kind = this.ctx.kindOf(target);
    if (!kind) return 'number'; // an unknown kind is reported by its own rule
    if (!Object.values(kind.outputs).some((o) => o.type === 'Metrics')) {
      this.report(node.stepSpan, `step '${node.step}' (${kind.kind}) has no Metrics output to read '${node.metric}' from`, 'unknown-metric');
    } else if (kind.metrics && !kind.metrics.includes(node.metric)) {
      const msg = `${kind.kind} reports no metric '${node.metric}'${didYouMean(node.metric, kind.metrics)}; it reports ${kind.metrics.join(', ')}`;
      this.report(node.metricSpan, msg, 'unknown-metric');
    }
    return 'number';
  }

  /** Whether `id` is a step this one waits for; reports it when not. */
  private upstream(id: string, span: TextSpan): boolean {
    if (!this.ctx.stepById.has(id)) {
      this.report(span, `unknown step '${id}'${didYouMean(id, this.ctx.stepById.keys())}`, 'unknown-step');
      return false;
    }
    if (id === this.step.id) {
      this.report(span, `a step's condition cannot read the step itself`, 'when-upstream');
      return false;
    }
    if (!this.ctx.upstreamOf(this.step.id).has(id)) {
      this.report(span, `step '${id}' is not upstream of '${this.step.id}', so it may not have finished: add it to needs:`, 'when-upstream');
      return false;
    }
    return true;
  }

  private compare(node: Extract<WhenNode, { kind: 'compare' }>): void {
    const left = this.type(node.left);
    const right = this.type(node.right);
    const ordering = !['==', '!='].includes(node.op);
    if (!ordering) {
      this.stateName(left, node.right);
      this.stateName(right, node.left);
    }
    if (left === 'unknown' || right === 'unknown') return;
    const text = (t: Type) => t === 'string' || t === 'state';
    if (ordering) {
      if (left !== 'number' || right !== 'number') {
        this.report(node.opSpan, `'${node.op}' orders numbers, got ${nouns[left]} and ${nouns[right]}`, 'when-type');
      }
      return;
    }
    const same = left === right || (text(left) && text(right)) || left === 'null' || right === 'null';
    if (!same) this.report(node.opSpan, `'${node.op}' compares ${nouns[left]} to ${nouns[right]}: they are never equal`, 'when-type');
  }

  /** A state compared to a text literal: the text must be a state name. */
  private stateName(type: Type, other: WhenNode): void {
    if (type !== 'state' || other.kind !== 'literal' || typeof other.value !== 'string') return;
    if (!STATES.includes(other.value)) {
      this.report(other.span, `'${other.value}' is not a step state${didYouMean(other.value, STATES)}; states: ${STATES.join(', ')}`, 'when-state');
    }
  }
}

function locator(ctx: CheckContext, step: StepAst): Report {
  const toSource = spanInScalar(ctx.ast.source, step.when?.node, step.when?.value ?? '');
  return (span, message, code) => ctx.reportSpan(toSource(span), message, code);
}
