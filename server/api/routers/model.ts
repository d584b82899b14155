// model.*: the registry's model versions.
import { z } from 'zod';
import { listModelVersions } from '../../db/repo/registry';
import { router, viewerProcedure } from '../trpc';

export const modelRouter = router({
  list: viewerProcedure
    .input(z.object({ name: z.string().optional() }).default({}))
    .query(({ ctx, input }) => listModelVersions(ctx.svc.db, input.name)),
});
