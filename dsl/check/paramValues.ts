// Parameter values as declared: the values a plain `validate` checks the pipeline with.
import type { PipelineAst } from '../parse/ast';

export function matchesParamType(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

export function paramDefaults(ast: PipelineAst): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of ast.params) {
    if (p.default && matchesParamType(p.type, p.default.value)) out[p.name] = p.default.value;
  }
  return out;
}
