// Offsets inside a scalar's value -> source offsets, so a diagnostic can point inside a `when:` or a cron text.
import type { Node } from 'yaml';
import type { Span } from '../parse/positions';

export type SpanReport = (span: Span, message: string, code: string) => void;

/**
 * Exact when the YAML scalar holds the text verbatim (plain, or quoted without escapes); otherwise the first
 * occurrence of the piece's text inside the scalar; otherwise the whole value.
 */
export function spanInScalar(source: string, node: Node | null | undefined, value: string): (span: Span) => Span {
  const [start, end] = node?.range ?? [0, 0];
  const src = source.slice(start, end);
  const quoted = /^["']/.test(src) && src.slice(1, src.length - 1) === value;
  const base = src === value ? start : quoted ? start + 1 : undefined;
  return (span) => {
    if (base !== undefined) return [base + span[0], base + span[1]];
    const piece = value.slice(span[0], span[1]);
    const i = piece ? src.indexOf(piece) : -1;
    return i < 0 ? [start, end] : [start + i, start + i + piece.length];
  };
}
