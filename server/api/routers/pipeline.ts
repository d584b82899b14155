// pipeline.*: list, get, validate and save pipeline versions.
import { z } from 'zod';
import { compile } from '../../../dsl/compile';
import { getPipelineVersion, listPipelines } from '../../db/repo/pipelines';
import { ServiceError } from '../../services/errors';
import { savePipeline } from '../../services/pipelines';
import { publicProcedure, router } from '../trpc';

export const pipelineRouter = router({
  list: publicProcedure.query(({ ctx }) => listPipelines(ctx.svc.db)),
  get: publicProcedure
    .input(z.object({ name: z.string().min(1), version: z.number().int().positive().optional() }))
    .query(async ({ ctx, input }) => {
      const found = await getPipelineVersion(ctx.svc.db, input.name, input.version);
      if (!found) throw new ServiceError('NOT_FOUND', `no pipeline "${input.name}"`);
      return found;
    }),
  validate: publicProcedure
    .input(z.object({ source: z.string(), baseDir: z.string().optional() }))
    .query(({ input }) => compile(input.source, { baseDir: input.baseDir }).diagnostics),
  save: publicProcedure
    .input(z.object({ source: z.string().min(1), baseDir: z.string().optional(), origin: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const r = await savePipeline(ctx.svc, { ...input, author: ctx.actor });
      return { status: r.status, name: r.plan.pipeline, version: r.version.version, versionId: r.version.id };
    }),
});
