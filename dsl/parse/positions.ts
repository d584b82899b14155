// Offsets -> 1-based line/col diagnostics.
import type { LineCounter, Node } from 'yaml';
import type { Diagnostic, Severity } from '../diagnostics';

export type Span = readonly [number, number];

export function spanOf(node: Node | null | undefined): Span {
  const r = node?.range;
  return r ? [r[0], r[1]] : [0, 0];
}

export function diagnosticAt(
  lineCounter: LineCounter,
  span: Span,
  message: string,
  code: string,
  severity: Severity = 'error',
): Diagnostic {
  const start = lineCounter.linePos(span[0]);
  const end = lineCounter.linePos(Math.max(span[0], span[1]));
  return { severity, message, code, line: start.line, col: start.col, endLine: end.line, endCol: end.col };
}
