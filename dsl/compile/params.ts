// Parameter values for a run: overrides (type-checked, CLI strings coerced) over declared defaults.
import type { Diagnostic } from '../diagnostics';
import type { PipelineAst } from '../parse/ast';
import { diagnosticAt, spanOf } from '../parse/positions';
import { matchesParamType } from '../check/paramValues';
import { describeValue } from '../check/issues';
import { didYouMean } from '../suggest';

const nouns: Record<string, string> = { number: 'a number', integer: 'an integer', string: 'a string', boolean: 'a boolean' };

export interface ResolvedParams {
  values: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

/** `--param x=0.9` arrives as text: read it as the declared type when it reads cleanly. */
function coerce(type: string | undefined, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if ((type === 'number' || type === 'integer') && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export function resolveParams(ast: PipelineAst, overrides: Readonly<Record<string, unknown>> = {}): ResolvedParams {
  const values: Record<string, unknown> = {};
  const diagnostics: Diagnostic[] = [];
  const at = (node: Parameters<typeof spanOf>[0], message: string, code: string) =>
    diagnostics.push(diagnosticAt(ast.lineCounter, spanOf(node), message, code));
  const declared = ast.params.map((p) => p.name);
  for (const name of Object.keys(overrides)) {
    if (!declared.includes(name)) {
      at(ast.paramsEntry?.keyNode ?? ast.root, `unknown param '${name}' given${didYouMean(name, declared)}; declared: ${declared.join(', ') || 'none'}`, 'unknown-param');
    }
  }
  for (const p of ast.params) {
    if (Object.hasOwn(overrides, p.name)) {
      const value = coerce(p.type, overrides[p.name]);
      if (matchesParamType(p.type, value)) values[p.name] = value;
      else at(p.entry.keyNode, `param '${p.name}': value given must be ${nouns[p.type ?? ''] ?? p.type}, got ${describeValue(overrides[p.name])}`, 'param-type');
    } else if (p.default) {
      // A default of the wrong type is reported by the params rule.
      if (matchesParamType(p.type, p.default.value)) values[p.name] = p.default.value;
    } else {
      at(p.entry.keyNode, `param '${p.name}' has no value: declare a default or pass one`, 'param-missing');
    }
  }
  return { values, diagnostics };
}
