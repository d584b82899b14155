// Compiles test pipelines from YAML text, failing loudly on diagnostics.
import { compile } from '../../dsl/compile';
import { formatDiagnostic } from '../../dsl/diagnostics';
import type { Plan } from '../../dsl/plan';

export function planOf(source: string, baseDir?: string): Plan {
  const { plan, diagnostics } = compile(source, { baseDir });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!plan || errors.length) throw new Error(errors.map((d) => formatDiagnostic('test.yaml', d)).join('\n'));
  return plan;
}
