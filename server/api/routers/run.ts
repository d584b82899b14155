// run.*: start a run, read it with its step states, list and cancel runs.
import { z } from 'zod';
import { listRuns } from '../../db/repo/runs';
import { cancelRun, getRunView, startRun } from '../../services/runs';
import { actorOf, editorProcedure, router, viewerProcedure } from '../trpc';

export const runRouter = router({
  start: editorProcedure
    .input(
      z.object({
        pipeline: z.string().optional(),
        version: z.number().int().positive().optional(),
        source: z.string().optional(),
        baseDir: z.string().optional(),
        origin: z.string().optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      }).refine((v) => v.pipeline !== undefined || v.source !== undefined, { message: 'give `pipeline` or `source`', path: ['pipeline'] }),
    )
    .mutation(({ ctx, input }) => startRun(ctx.svc, { ...input, author: actorOf(ctx) })),
  get: viewerProcedure.input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => getRunView(ctx.svc, input.id)),
  list: viewerProcedure
    .input(z.object({ pipeline: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => listRuns(ctx.svc.db, input)),
  cancel: editorProcedure
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      await cancelRun(ctx.svc, input.id);
      return { id: input.id, cancelRequested: true };
    }),
});
