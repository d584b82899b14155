// pipeline.*: list, get, validate, compile and save pipeline versions; their history and diffs; rename, duplicate, archive.
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import type { Positions } from '../../../dsl/projection';
import { compile } from '../../../dsl/compile';
import type { Plan } from '../../../dsl/plan';
import { getPipelineVersion, listPipelineVersions } from '../../db/repo/pipelines';
import { listPipelinesWithSchedules } from '../../services/pipeline-list';
import { ServiceError } from '../../services/errors';
import { PIPELINE_NAME } from '../../../dsl/grammar';
import { duplicatePipeline, renamePipeline } from '../../services/pipeline-names';
import { archive, savePipeline } from '../../services/pipelines';
import { getSchedule, setSchedulePaused } from '../../services/schedules';
import { triggerEventsOf } from '../../services/triggers';
import { CompileOut, DiagnosticOut, PipelineGetOut, PipelineListItem, SaveOut, ScheduleOut, TriggerEventOut, VersionListItem } from '../schemas/pipeline';
import { actorOf, editorProcedure, router, viewerProcedure } from '../trpc';

const Name = z.string().min(1);
/** The name a rename or duplicate gives: the rule of `name:` in a pipeline file, said as one sentence. */
const NewName = z.string().regex(PIPELINE_NAME, {
  message: 'a lowercase letter followed by lowercase letters, digits, "-" or "_"',
});
const NameChangeOut = z.object({ name: z.string(), version: z.number().int(), versionId: z.string(), origin: z.string().nullable() });
const PauseInput = z.object({ name: Name, reason: z.string().trim().min(1).max(500).optional() });

/** pipeline.schedule.*: the pipeline's Temporal Schedule (from its `schedule:` triggers), paused and resumed by hand. */
const scheduleRouter = router({
  /** What the file declares, whether the Schedule is paused (and why), its next five fire times and its recent fires. */
  get: viewerProcedure.input(z.object({ name: Name })).output(ScheduleOut).query(({ ctx, input }) => getSchedule(ctx.svc, input.name)),
  /** No fires until resumed; saving the pipeline again keeps it paused unless the file's `paused:` changes. */
  pause: editorProcedure
    .input(PauseInput)
    .output(ScheduleOut)
    .mutation(({ ctx, input }) => setSchedulePaused(ctx.svc, { ...input, paused: true, actor: actorOf(ctx) })),
  resume: editorProcedure
    .input(PauseInput)
    .output(ScheduleOut)
    .mutation(({ ctx, input }) => setSchedulePaused(ctx.svc, { ...input, paused: false, actor: actorOf(ctx) })),
});

export const pipelineRouter = router({
  /** Pipelines that are not archived, by name, with their latest version number and schedule. */
  list: viewerProcedure.meta({ openapi: { method: 'GET', path: '/pipelines', tags: ['pipelines'], summary: 'Pipelines with their latest version and schedule' } }).output(z.array(PipelineListItem)).query(({ ctx }) => listPipelinesWithSchedules(ctx.svc)),
  /** What the pipeline's data, drift and performance triggers fired, newest first: the run each started, or why none. */
  triggerEvents: viewerProcedure
    .input(z.object({ name: Name, limit: z.number().int().min(1).max(500).optional() }))
    .output(z.array(TriggerEventOut))
    .query(({ ctx, input }) => triggerEventsOf(ctx.svc, input.name, input.limit)),
  get: viewerProcedure.meta({ openapi: { method: 'GET', path: '/pipelines/{name}', tags: ['pipelines'], summary: 'A pipeline version (the latest unless version is given)' } })
    .input(z.object({ name: Name, version: z.number().int().positive().optional() }))
    .output(PipelineGetOut)
    .query(async ({ ctx, input }) => {
      const found = await getPipelineVersion(ctx.svc.db, input.name, input.version);
      if (!found) throw new ServiceError('NOT_FOUND', `no pipeline "${input.name}"${input.version ? ` version ${input.version}` : ''}`);
      return { pipeline: found.pipeline, version: { ...found.version, plan: found.version.plan as Plan, layout: found.version.layout as Positions | null } };
    }),
  /** Every diagnostic of the source (empty when valid); never saves. */
  validate: viewerProcedure.meta({ openapi: { method: 'POST', path: '/pipelines/validate', tags: ['pipelines'], summary: 'Every diagnostic of a pipeline source, with line and column (never saves)' } })
    .input(z.object({ source: z.string(), baseDir: z.string().optional() }))
    .output(z.array(DiagnosticOut))
    .query(({ ctx, input }) => compile(input.source, { baseDir: input.baseDir, dataRoots: ctx.svc.config.dataRoots }).diagnostics),
  /** The Plan the source compiles to with these params (null with the diagnostics when it has errors); never saves. */
  compile: viewerProcedure
    .input(z.object({ source: z.string(), baseDir: z.string().optional(), params: z.record(z.string(), z.unknown()).optional() }))
    .output(CompileOut)
    .query(({ ctx, input }) => {
      const { plan, diagnostics } = compile(input.source, { baseDir: input.baseDir, dataRoots: ctx.svc.config.dataRoots, params: input.params });
      return { plan: diagnostics.some((d) => d.severity === 'error') ? null : (plan ?? null), diagnostics };
    }),
  /**
   * A new version, or `unchanged` when the source hash is the latest version's. Refused with diagnostics when
   * invalid. `create: true` saves only a pipeline whose name is not taken yet (CONFLICT otherwise, archived included).
   */
  save: editorProcedure.meta({ openapi: { method: 'POST', path: '/pipelines', tags: ['pipelines'], summary: 'Save a pipeline version from its YAML source' } })
    .input(z.object({ source: z.string().min(1), baseDir: z.string().optional(), origin: z.string().optional(), create: z.boolean().optional() }))
    .output(SaveOut)
    .mutation(async ({ ctx, input }) => {
      const r = await savePipeline(ctx.svc, { ...input, author: actorOf(ctx) });
      return {
        status: r.status, name: r.plan.pipeline, version: r.version.version, versionId: r.version.id,
        ...(r.monitor && { monitor: { endpoint: r.monitor.endpoint, status: r.monitor.status, version: r.monitor.version } }),
      };
    }),
  /** Every saved version, newest first; empty for a pipeline never saved. */
  versions: viewerProcedure.meta({ openapi: { method: 'GET', path: '/pipelines/{name}/versions', tags: ['pipelines'], summary: 'Saved versions of a pipeline, newest first' } })
    .input(z.object({ name: Name }))
    .output(z.array(VersionListItem))
    .query(({ ctx, input }) => listPipelineVersions(ctx.svc.db, input.name)),
  /** Unified diff of the sources of two versions (`from` → `to`). */
  diff: viewerProcedure
    .input(z.object({ name: Name, from: z.number().int().positive(), to: z.number().int().positive() }))
    .output(z.object({ from: z.number().int(), to: z.number().int(), unified: z.string() }))
    .query(async ({ ctx, input }) => {
      const [a, b] = await Promise.all([
        getPipelineVersion(ctx.svc.db, input.name, input.from),
        getPipelineVersion(ctx.svc.db, input.name, input.to),
      ]);
      if (!a) throw new ServiceError('NOT_FOUND', `no version ${input.from} of pipeline "${input.name}"`);
      if (!b) throw new ServiceError('NOT_FOUND', `no version ${input.to} of pipeline "${input.name}"`);
      return { from: input.from, to: input.to, unified: unifiedDiff(input.name, a.version, b.version) };
    }),
  /** Hides the pipeline from `list` and deletes its Schedule (versions and runs stay); saving it again brings both back. */
  archive: editorProcedure
    .input(z.object({ name: Name }))
    .output(z.object({ name: z.string(), archived: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await archive(ctx.svc, input.name))) throw new ServiceError('NOT_FOUND', `no pipeline "${input.name}"`);
      return { name: input.name, archived: true as const };
    }),
  /**
   * Gives the pipeline another name: its next version is the latest source with the new `name:` line; its
   * versions, runs and Schedule (re-created under the new name, paused or not as before) stay with it.
   * CONFLICT when the name is taken (archived pipelines too) or the pipeline is archived.
   */
  rename: editorProcedure
    .input(z.object({ name: Name, newName: NewName }))
    .output(NameChangeOut)
    .mutation(({ ctx, input }) => renamePipeline(ctx.svc, { ...input, author: actorOf(ctx) })),
  /** A new pipeline whose version 1 is the latest source with the new `name:` line: no runs, its Schedule (if any) paused. */
  duplicate: editorProcedure
    .input(z.object({ name: Name, newName: NewName }))
    .output(NameChangeOut)
    .mutation(({ ctx, input }) => duplicatePipeline(ctx.svc, { ...input, author: actorOf(ctx) })),
  schedule: scheduleRouter,
});

/** `diff -u` of two versions' sources, headed `NAME@vN` with their times. */
export function unifiedDiff(
  name: string,
  a: { version: number; source: string; createdAt: Date },
  b: { version: number; source: string; createdAt: Date },
): string {
  return createTwoFilesPatch(
    `${name}@v${a.version}`,
    `${name}@v${b.version}`,
    a.source,
    b.source,
    a.createdAt.toISOString(),
    b.createdAt.toISOString(),
    { context: 3 },
  );
}
