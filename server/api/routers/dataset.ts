// dataset.*: the tables steps wrote, with their schema, size, profile and lineage.
import { z } from 'zod';
import { openArtifactStore } from '../../artifacts/open';
import type { ArtifactStore } from '../../artifacts/store';
import { compareColumns } from '../../datasets/compare';
import { previewDataset } from '../../datasets/preview';
import { findDataset, getDataset, listDatasets, type DatasetRow } from '../../db/repo/datasets';
import { listSources, sourceOfDataset, sourceVersions } from '../../db/repo/sources';
import type { Services } from '../../services/context';
import { ServiceError } from '../../services/errors';
import { lineageOf } from '../../services/lineage';
import {
  DatasetComparison, DatasetDetail, DatasetKey, DatasetPage, DatasetPreview, Lineage, LineageInput, SourceSummary, SourceVersions, VersionsInput,
} from '../schemas/dataset';
import { router, viewerProcedure } from '../trpc';

/** A dataset's row whose table is still in the store (NOT_FOUND otherwise), and the store. */
async function storedDataset(svc: Services, id: string): Promise<{ d: DatasetRow; store: ArtifactStore }> {
  const d = await findDataset(svc.db, id.toLowerCase());
  if (!d) throw new ServiceError('NOT_FOUND', `no dataset "${id}"`);
  const store = openArtifactStore(svc.config);
  if (!(await store.has(d.hash))) throw new ServiceError('NOT_FOUND', `the table of dataset "${d.id}" is no longer in the artifact store`);
  return { d, store };
}

export const datasetRouter = router({
  /** Newest first; pass `nextCursor` back as `cursor`. */
  list: viewerProcedure.meta({ openapi: { method: 'GET', path: '/datasets', tags: ['datasets'], summary: 'Datasets the runs wrote, newest first' } })
    .input(z.object({ cursor: z.string().uuid().nullish(), limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }))
    .output(DatasetPage)
    .query(async ({ ctx, input }) => {
      const page = await listDatasets(ctx.svc.db, { cursor: input.cursor ?? undefined, limit: input.limit });
      return { ...page, items: page.items.map((d) => ({ ...d, schema: d.schema as Array<{ name: string; type: string }> })) };
    }),
  /** `id` may also be the sha256 of the table (as a run's table output names it). */
  get: viewerProcedure.meta({ openapi: { method: 'GET', path: '/datasets/{id}', tags: ['datasets'], summary: 'One dataset: schema, profile, where it came from' } })
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
      const { d, store } = await storedDataset(ctx.svc, input.id);
      return { id: d.id, ...(await previewDataset(store, d, input.limit)) };
    }),
  /** Every source ingest steps have read (a file, a URL…), the most recently read first, with its number of versions. */
  sources: viewerProcedure
    .output(z.array(SourceSummary))
    .query(({ ctx }) => listSources(ctx.svc.db)),
  /** A source's versions over time, newest first; by its key, or the source a dataset was read from (null when none was). */
  versions: viewerProcedure
    .input(VersionsInput)
    .output(SourceVersions.nullable())
    .query(async ({ ctx, input }) => {
      let key = input.source;
      if (input.dataset !== undefined) {
        const d = await findDataset(ctx.svc.db, input.dataset.toLowerCase());
        if (!d) throw new ServiceError('NOT_FOUND', `no dataset "${input.dataset}"`);
        key = await sourceOfDataset(ctx.svc.db, d.id);
        if (key === undefined) return null;
      }
      const versions = await sourceVersions(ctx.svc.db, key!);
      if (!versions) throw new ServiceError('NOT_FOUND', `no source "${key}" has been read`);
      return versions;
    }),
  /** Two datasets (versions of a source, or any two tables): schema changes and each column's figures, a then b. */
  compare: viewerProcedure
    .input(z.object({ a: DatasetKey, b: DatasetKey }))
    .output(DatasetComparison)
    .query(async ({ ctx, input }) => {
      const [a, b] = await Promise.all([storedDataset(ctx.svc, input.a), storedDataset(ctx.svc, input.b)]);
      const [pa, pb] = await Promise.all([previewDataset(a.store, a.d, 0), previewDataset(b.store, b.d, 0)]);
      const columns = compareColumns(pa.columns, pb.columns);
      const side = (d: DatasetRow) => ({ id: d.id, hash: d.hash, rows: d.rows, createdAt: d.createdAt });
      return { a: side(a.d), b: side(b.d), schemaChanged: columns.some((c) => c.change !== 'same'), columns };
    }),
  /** The lineage graph of a model version or a dataset (id, table sha256 or source key), upstream and downstream. */
  lineage: viewerProcedure
    .input(LineageInput)
    .output(Lineage)
    .query(({ ctx, input }) => lineageOf(ctx.svc, input)),
});
