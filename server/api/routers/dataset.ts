// dataset.*: the tables steps wrote, with their schema, size, profile and lineage.
import { z } from 'zod';
import { getDataset, listDatasets } from '../../db/repo/datasets';
import { ServiceError } from '../../services/errors';
import { DatasetDetail, DatasetPage } from '../schemas/dataset';
import { router, viewerProcedure } from '../trpc';

export const datasetRouter = router({
  /** Newest first; pass `nextCursor` back as `cursor`. */
  list: viewerProcedure
    .input(z.object({ cursor: z.string().uuid().nullish(), limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }))
    .output(DatasetPage)
    .query(async ({ ctx, input }) => {
      const page = await listDatasets(ctx.svc.db, { cursor: input.cursor ?? undefined, limit: input.limit });
      return { ...page, items: page.items.map((d) => ({ ...d, schema: d.schema as Array<{ name: string; type: string }> })) };
    }),
  get: viewerProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(DatasetDetail)
    .query(async ({ ctx, input }) => {
      const d = await getDataset(ctx.svc.db, input.id);
      if (!d) throw new ServiceError('NOT_FOUND', `no dataset "${input.id}"`);
      return { ...d, schema: d.schema as Array<{ name: string; type: string }>, uses: d.uses.map((u) => ({ ...u, direction: u.direction as 'read' | 'wrote' })) };
    }),
});
