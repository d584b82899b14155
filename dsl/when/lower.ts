// A checked `when:` syntax tree -> the Plan's WhenExpr: parameters become literals, offsets are dropped.
import type { WhenExpr } from '../plan';
import type { WhenNode } from './parse';

export function lowerWhen(node: WhenNode, params: Readonly<Record<string, unknown>>): WhenExpr {
  switch (node.kind) {
    case 'literal':
      return { kind: 'literal', value: node.value };
    case 'param': {
      const v = params[node.name];
      // The checker has made sure the parameter is declared and the compiler that it has a value.
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
      return { kind: 'literal', value };
    }
    case 'metric':
      return { kind: 'metric', step: node.step, metric: node.metric };
    case 'state':
      return { kind: 'state', step: node.step };
    case 'not':
      return { kind: 'not', arg: lowerWhen(node.arg, params) };
    case 'and':
    case 'or':
      return { kind: node.kind, left: lowerWhen(node.left, params), right: lowerWhen(node.right, params) };
    case 'compare':
      return { kind: 'compare', op: node.op, left: lowerWhen(node.left, params), right: lowerWhen(node.right, params) };
  }
}

/** Step ids a condition reads (their state or metrics). */
export function stepsReadBy(expr: WhenExpr): string[] {
  const out = new Set<string>();
  const walk = (e: WhenExpr): void => {
    if (e.kind === 'metric' || e.kind === 'state') out.add(e.step);
    else if (e.kind === 'not') walk(e.arg);
    else if (e.kind === 'and' || e.kind === 'or' || e.kind === 'compare') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  return [...out];
}
