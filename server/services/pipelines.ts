// Saving pipelines: compile once, refuse with diagnostics when invalid, store a version.
import { compile } from '../../dsl/compile';
import { formatDiagnostic } from '../../dsl/diagnostics';
import type { Plan } from '../../dsl/plan';
import { savePipelineVersion, type SaveResult } from '../db/repo/pipelines';
import type { Services } from './context';
import { ServiceError } from './errors';

export function compileOrThrow(source: string, opts: { baseDir?: string; params?: Record<string, unknown>; file?: string }): Plan {
  const { plan, diagnostics } = compile(source, { baseDir: opts.baseDir, params: opts.params });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!plan || errors.length > 0) {
    const file = opts.file ?? 'pipeline.yaml';
    throw new ServiceError('BAD_REQUEST', `pipeline has ${errors.length} error(s):\n${errors.map((d) => formatDiagnostic(file, d)).join('\n')}`, errors);
  }
  return plan;
}

export async function savePipeline(
  svc: Services,
  input: { source: string; baseDir?: string; origin?: string; author: string },
): Promise<SaveResult & { plan: Plan }> {
  const plan = compileOrThrow(input.source, { baseDir: input.baseDir, file: input.origin });
  const result = await savePipelineVersion(svc.db, { plan, source: input.source, author: input.author, origin: input.origin });
  return { ...result, plan };
}
