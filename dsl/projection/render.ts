// JS values -> YAML text for the edits: flow text for inline values, block lines for larger maps.
import { stringify } from 'yaml';

/** Collections whose flow form fits in this many columns are written inline: `{ a: 1 }`, `[a, b]`. */
export const LINE_WIDTH = 80;

export type Style = 'flow' | 'block' | 'auto';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isCollection(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

const defined = (o: Record<string, unknown>) => Object.entries(o).filter(([, v]) => v !== undefined);

/** A scalar inside a flow collection (quoted when `,[]{}` or others need it). */
export function flowScalar(v: unknown): string {
  if (typeof v === 'string' && /[\n\r]/.test(v)) return JSON.stringify(v);
  const s = stringify([v], { collectionStyle: 'flow', lineWidth: 0 }).trim();
  return s.slice(1, -1).trim();
}

/** A scalar as a block map value: `${{ params.X }}` stays plain, `>= 0.9` is quoted. */
export function blockScalar(v: unknown): string {
  if (typeof v === 'string' && /[\n\r]/.test(v)) return JSON.stringify(v);
  return stringify({ k: v }, { lineWidth: 0 }).slice(3).replace(/\n$/, '');
}

export function flowValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flowValue).join(', ')}]`;
  if (isPlainObject(v)) {
    const entries = defined(v);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${flowScalar(k)}: ${flowValue(x)}`).join(', ')} }`;
  }
  return flowScalar(v);
}

/** The text of a value on the line of its key or seq indicator (never spans lines). */
export function inlineValue(v: unknown): string {
  return isCollection(v) ? flowValue(v) : blockScalar(v);
}

/** A `key: value` pair as block lines, relative to the key's column; `style` applies to this level only. */
export function pairLines(key: string, v: unknown, unit: number, width = LINE_WIDTH, style: Style = 'auto'): string[] {
  const k = flowScalar(key);
  if (!isCollection(v)) return [`${k}: ${blockScalar(v)}`];
  const flow = flowValue(v);
  const empty = Array.isArray(v) ? v.length === 0 : defined(v).length === 0;
  if (empty || style === 'flow' || (style === 'auto' && k.length + 2 + flow.length <= width)) return [`${k}: ${flow}`];
  const pad = ' '.repeat(unit);
  if (Array.isArray(v)) return [`${k}:`, ...v.map((item) => `${pad}- ${inlineValue(item)}`)];
  return [`${k}:`, ...defined(v).flatMap(([ck, cv]) => pairLines(ck, cv, unit, width - unit).map((l) => pad + l))];
}
