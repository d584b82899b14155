// dataset.*: the tables steps wrote, with their schema, size, profile and lineage.
import { z } from 'zod';
import { LocalArtifactStore } from '../../artifacts/store';
import { previewDataset } from '../../datasets/preview';
import { findDataset, getDataset, listDatasets } from '../../db/repo/datasets';
import { ServiceError } from '../../services/errors';
import { DatasetDetail, DatasetKey, DatasetPage, DatasetPreview } from '../schemas/dataset';
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
  /** `id` may also be the sha256 of the table (as a run's table output names it). */
  get: viewerProcedure
    .input(z.object({ id: DatasetKey }))
    .output(DatasetDetail)
    .query(async ({ ctx, input }) => {
      const d = await getDataset(ctx.svc.db, input.id.toLowerCase());
      if (!d) throw new ServiceError('NOT_FOUND', `no dataset "${input.id}"`);
      return { ...d, schema: d.schema as Array<{ name: string; type: string }>, uses: d.uses.map((u) => ({ ...u, direction: u.direction as 'read' | 'wrote' })) };
    }),
  /** The first `limit` rows and per-column statistics (nulls, min/max/mean, distinct, histogram or top values). */
  preview: viewerProcedure
    .input(z.object({ id: DatasetKey, limit: z.number().int().min(1).max(100).default(20) }))
    .output(DatasetPreview)
    .query(async ({ ctx, input }) => {
      const d = await findDataset(ctx.svc.db, input.id.toLowerCase());
      if (!d) throw new ServiceError('NOT_FOUND', `no dataset "${input.id}"`);
      const store = new LocalArtifactStore(ctx.svc.config.artifactsDir);
      if (!(await store.has(d.hash))) throw new ServiceError('NOT_FOUND', `the table of dataset "${d.id}" is no longer in the artifact store`);
      return { id: d.id, ...(await previewDataset(store, d, input.limit)) };
    }),
});
