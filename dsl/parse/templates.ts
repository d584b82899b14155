// `${{ params.NAME }}` expressions: the only thing the DSL evaluates (no code runs from a YAML file).

const TEMPLATE = /\$\{\{(.*?)\}\}/g;
const PARAM_EXPR = /^\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*$/;

export interface TemplateUse {
  /** The whole `${{ … }}` text. */
  text: string;
  /** Offset of `text` in the string. */
  index: number;
  /** The parameter name, when the expression is a valid `params.NAME`. */
  param?: string;
}

export function templatesIn(s: string): TemplateUse[] {
  if (!s.includes('${{')) return [];
  return [...s.matchAll(TEMPLATE)].map((m) => ({ text: m[0], index: m.index ?? 0, param: PARAM_EXPR.exec(m[1])?.[1] }));
}

export function hasTemplate(s: string): boolean {
  return templatesIn(s).length > 0;
}

export type Path = (string | number)[];

export interface Substituted {
  value: unknown;
  /** Paths of values that name a parameter without a value (or an invalid expression). */
  unresolved: Path[];
}

/**
 * Replace expressions with parameter values: a value that is exactly one expression takes the
 * parameter's typed value; an expression inside longer text is interpolated as text.
 */
export function substitute(value: unknown, params: Readonly<Record<string, unknown>>): Substituted {
  // Most values hold no expression: they are answered as they are, without a copy.
  if (!hasTemplateDeep(value)) return { value, unresolved: [] };
  const unresolved: Path[] = [];
  const walk = (v: unknown, path: Path): unknown => {
    if (typeof v === 'string') return substituteString(v, params, () => unresolved.push(path));
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, i]));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...path, k])]));
    }
    return v;
  };
  return { value: walk(value, []), unresolved };
}

function hasTemplateDeep(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('${{');
  if (Array.isArray(v)) {
    for (const item of v) if (hasTemplateDeep(item)) return true;
    return false;
  }
  if (v && typeof v === 'object') {
    for (const key in v) if (Object.hasOwn(v, key) && hasTemplateDeep((v as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function substituteString(s: string, params: Readonly<Record<string, unknown>>, miss: () => void): unknown {
  const uses = templatesIn(s);
  if (uses.length === 0) return s;
  const known = (u: TemplateUse) => u.param !== undefined && Object.hasOwn(params, u.param);
  if (!uses.every(known)) {
    miss();
    return s;
  }
  if (uses.length === 1 && uses[0].text === s) return params[uses[0].param as string];
  return s.replace(TEMPLATE, (_all, expr: string) => String(params[PARAM_EXPR.exec(expr)?.[1] as string]));
}
