// Saving pipelines: compile once, refuse with diagnostics when invalid, store a version.
import { stringify } from 'yaml';
import { compile } from '../../dsl/compile';
import { formatDiagnostic } from '../../dsl/diagnostics';
import type { Plan } from '../../dsl/plan';
import { projectGraph } from '../../dsl/projection';
import { layoutGraph } from '../layout';
import { archivePipeline, getPipelineVersion, savePipelineVersion, setVersionLayout, type SaveResult } from '../db/repo/pipelines';
import type { Services } from './context';
import { ServiceError } from './errors';
import { applyMonitorSpec } from './monitors';
import { deleteSchedule, syncSchedule } from './schedules';
import { deleteDataPoll, syncDataPoll } from './triggers';

export function compileOrThrow(
  source: string,
  opts: { baseDir?: string; dataRoots?: string[]; params?: Record<string, unknown>; file?: string },
): Plan {
  const { plan, diagnostics } = compile(source, { baseDir: opts.baseDir, dataRoots: opts.dataRoots, params: opts.params });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!plan || errors.length > 0) {
    const file = opts.file ?? 'pipeline.yaml';
    throw new ServiceError('BAD_REQUEST', `pipeline has ${errors.length} error(s):\n${errors.map((d) => formatDiagnostic(file, d)).join('\n')}`, errors);
  }
  return plan;
}

export async function savePipeline(
  svc: Services,
  input: { source: string; baseDir?: string; origin?: string; author: string; create?: boolean; scheduleHold?: string },
): Promise<SaveResult & { plan: Plan; monitor?: Awaited<ReturnType<typeof applyMonitorSpec>> }> {
  // The server's data roots, never the client's: a path outside them is refused here, at its line.
  const plan = compileOrThrow(input.source, { baseDir: input.baseDir, dataRoots: svc.config.dataRoots, file: input.origin });
  const previous = await getPipelineVersion(svc.db, plan.pipeline);
  // `create`: the caller means a new pipeline, so a name already taken (archived ones too) must not quietly
  // become a new version of that other pipeline.
  if (input.create && previous) {
    throw new ServiceError(
      'CONFLICT',
      `A pipeline named "${plan.pipeline}" already exists${previous.pipeline.archived ? ' (archived)' : ''} (v${previous.version.version}): open it to change it, or give this one another name.`,
    );
  }
  const result = await savePipelineVersion(svc.db, { plan, source: input.source, author: input.author, origin: input.origin });
  if (!result.version.layout) layoutLater(svc, result.version.id, input.source);
  // Also on `unchanged`: a save after an archive brings the Schedule back.
  await syncSchedule(svc, {
    plan: result.version.plan as Plan, previous: previous?.version.plan as Plan | undefined,
    pipelineVersionId: result.version.id, version: result.version.version, hold: input.scheduleHold,
  });
  await syncDataPoll(svc, result.version.plan as Plan, previous?.version.plan as Plan | undefined);
  // The `monitor:` section is applied like a monitor file (also on `unchanged`: it is unchanged too, or was
  // changed since by a monitor file, which this save of the pipeline then wins back).
  const monitor = plan.monitor
    ? await applyMonitorSpec(svc, {
      spec: plan.monitor, source: stringify(plan.monitor), origin: `${input.origin ?? `pipeline ${plan.pipeline}`} (monitor:)`, actor: input.author,
    })
    : undefined;
  return { ...result, plan, monitor };
}

/** Hides the pipeline from lists and deletes its Schedule (saving it again brings both back); false when unknown. */
export async function archive(svc: Services, name: string): Promise<boolean> {
  if (!(await archivePipeline(svc.db, name))) return false;
  await deleteSchedule(svc, name);
  await deleteDataPoll(svc, name);
  return true;
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
      // The database may be closing (a test, a stopping launcher): the layout is only a convenience (an open
      // lays the graph out itself), so the failure is logged and the save stands.
      .catch((err: unknown) => console.warn(`layout of pipeline version ${versionId} not stored: ${err instanceof Error ? err.message : String(err)}`));
  });
}
