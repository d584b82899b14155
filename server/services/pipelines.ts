// Saving pipelines: compile once, refuse with diagnostics when invalid, store a version.
import { compile } from '../../dsl/compile';
import { formatDiagnostic } from '../../dsl/diagnostics';
import type { Plan } from '../../dsl/plan';
import { layoutGraph, projectGraph } from '../../dsl/projection';
import { savePipelineVersion, setVersionLayout, type SaveResult } from '../db/repo/pipelines';
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
  if (!result.version.layout) layoutLater(svc, result.version.id, input.source);
  return { ...result, plan };
}

/**
 * Lays the version out for the editor once the save has answered (elk takes ~150–400 ms on 200 steps), so
 * opening it in the editor needs no layout. An open that comes first lays the graph out itself.
 */
function layoutLater(svc: Services, versionId: string, source: string): void {
  setImmediate(() => {
    const graph = projectGraph(source).graph;
    if (!graph || graph.nodes.length === 0) return;
    layoutGraph(graph)
      .then((layout) => setVersionLayout(svc.db, versionId, layout))
      // The database may be closing (a test, a stopping launcher): the layout is only a convenience.
      .catch(() => {});
  });
}
