// Prints a compiled `when:` tree back in the language's own syntax, for messages and the run view.
import type { WhenExpr } from '../plan';

const PRECEDENCE: Record<WhenExpr['kind'], number> = { or: 1, and: 2, compare: 3, not: 4, literal: 5, metric: 5, state: 5 };

export function formatWhen(expr: WhenExpr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? `'${expr.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(expr.value);
    case 'metric':
      return `\${{ steps.${expr.step}.metrics.${expr.metric} }}`;
    case 'state':
      return `\${{ steps.${expr.step}.state }}`;
    case 'not':
      return `!${wrap(expr.arg, PRECEDENCE.not)}`;
    case 'and':
      return `${wrap(expr.left, PRECEDENCE.and)} && ${wrap(expr.right, PRECEDENCE.and + 0.5)}`;
    case 'or':
      return `${wrap(expr.left, PRECEDENCE.or)} || ${wrap(expr.right, PRECEDENCE.or + 0.5)}`;
    case 'compare':
      return `${wrap(expr.left, PRECEDENCE.compare + 0.5)} ${expr.op} ${wrap(expr.right, PRECEDENCE.compare + 0.5)}`;
  }
}

function wrap(expr: WhenExpr, min: number): string {
  const text = formatWhen(expr);
  return PRECEDENCE[expr.kind] < min ? `(${text})` : text;
}
