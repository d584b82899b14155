// The params a "Run again" form offers (the version's declared ones, filled with the run's values) and the
// reading of what the person typed back into typed values, with one sentence for a value that does not read.
import { parsePipeline } from '../../../dsl';

export interface DeclaredParam {
  name: string;
  type: 'number' | 'integer' | 'string' | 'boolean';
  description?: string;
  /** What the form starts with: the run's value, else the declared default, else empty. */
  value: string;
}

/** The params the source declares, in its order; none when it does not parse (the form then says so). */
export function declaredParams(source: string, runParams: Record<string, unknown>): DeclaredParam[] {
  let params;
  try {
    params = parsePipeline(source).ast.params;
  } catch {
    return [];
  }
  return params.map((p) => {
    const type = p.type === 'number' || p.type === 'integer' || p.type === 'boolean' ? p.type : 'string';
    const given = Object.hasOwn(runParams, p.name) ? runParams[p.name] : p.default?.value;
    // The AST keeps no description: read it off the declaration's own node.
    const decl = (p.entry.value as { toJSON?: () => unknown } | null)?.toJSON?.() as { description?: unknown } | undefined;
    const description = typeof decl?.description === 'string' ? decl.description : undefined;
    return { name: p.name, type, ...(description && { description }), value: given === undefined || given === null ? '' : String(given) };
  });
}

const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** One param's text as its type, or the sentence saying why it is not one. */
export function readParam(p: Pick<DeclaredParam, 'name' | 'type'>, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  if (p.type === 'string') return { value: text };
  if (t === '') return { error: `Give ${p.name} a value.` };
  if (p.type === 'boolean') return t === 'true' || t === 'false' ? { value: t === 'true' } : { error: `${p.name} must be true or false.` };
  if (!NUMBER.test(t)) return { error: `${p.name} must be ${p.type === 'integer' ? 'a whole number' : 'a number'}, not "${t}".` };
  const n = Number(t);
  if (p.type === 'integer' && !Number.isInteger(n)) return { error: `${p.name} must be a whole number, not ${t}.` };
  return { value: n };
}

/** Every param read, or the first sentence that stops the run and the param it names. */
export function readParams(params: DeclaredParam[], texts: Record<string, string>): { values: Record<string, unknown> } | { error: string; name: string } {
  const values: Record<string, unknown> = {};
  for (const p of params) {
    const r = readParam(p, texts[p.name] ?? p.value);
    if ('error' in r) return { error: r.error, name: p.name };
    values[p.name] = r.value;
  }
  return { values };
}
