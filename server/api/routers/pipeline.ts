// pipeline.*: list, get, validate and save pipeline versions; their history and diffs.
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import { compile } from '../../../dsl/compile';
import { getPipelineVersion, listPipelines, listPipelineVersions } from '../../db/repo/pipelines';
import { ServiceError } from '../../services/errors';
import { savePipeline } from '../../services/pipelines';
import { actorOf, editorProcedure, router, viewerProcedure } from '../trpc';

export const pipelineRouter = router({
  list: viewerProcedure.query(({ ctx }) => listPipelines(ctx.svc.db)),
  get: viewerProcedure
    .input(z.object({ name: z.string().min(1), version: z.number().int().positive().optional() }))
    .query(async ({ ctx, input }) => {
      const found = await getPipelineVersion(ctx.svc.db, input.name, input.version);
      if (!found) throw new ServiceError('NOT_FOUND', `no pipeline "${input.name}"`);
      return found;
    }),
  validate: viewerProcedure
    .input(z.object({ source: z.string(), baseDir: z.string().optional() }))
    .query(({ input }) => compile(input.source, { baseDir: input.baseDir }).diagnostics),
  save: editorProcedure
    .input(z.object({ source: z.string().min(1), baseDir: z.string().optional(), origin: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const r = await savePipeline(ctx.svc, { ...input, author: actorOf(ctx) });
      return { status: r.status, name: r.plan.pipeline, version: r.version.version, versionId: r.version.id };
    }),
  /** Every saved version, newest first; empty for a pipeline never saved. */
  versions: viewerProcedure
    .input(z.object({ name: z.string().min(1) }))
    .query(({ ctx, input }) => listPipelineVersions(ctx.svc.db, input.name)),
  /** Unified diff of the sources of two versions (`from` → `to`). */
  diff: viewerProcedure
    .input(z.object({ name: z.string().min(1), from: z.number().int().positive(), to: z.number().int().positive() }))
    .query(async ({ ctx, input }) => {
      const [a, b] = await Promise.all([
        getPipelineVersion(ctx.svc.db, input.name, input.from),
        getPipelineVersion(ctx.svc.db, input.name, input.to),
      ]);
      if (!a) throw new ServiceError('NOT_FOUND', `no version ${input.from} of pipeline "${input.name}"`);
      if (!b) throw new ServiceError('NOT_FOUND', `no version ${input.to} of pipeline "${input.name}"`);
      return { from: input.from, to: input.to, unified: unifiedDiff(input.name, a.version, b.version) };
    }),
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
