// data.*: the files under the server's data roots, for the ingest form's file picker: the roots, one folder's
// data files with sizes, and a file's first rows with the column types ingestion would infer.
import { z } from 'zod';
import { isoDate } from '../schemas/date';
import { listFolder } from '../../data-files/list';
import { previewFile } from '../../data-files/preview';
import { realRoots } from '../../data-files/roots';
import { uploadLimit, uploadsDir } from '../../data-files/upload';
import { router, viewerProcedure } from '../trpc';

const ColumnType = z.enum(['number', 'integer', 'string', 'boolean', 'date']);
const AbsolutePath = z.string().min(1).max(4096).refine((p) => p.startsWith('/'), { message: 'an absolute path' });

export const dataRouter = router({
  /** The folders ingestion may read below (fixed by the server), and where uploads go. */
  roots: viewerProcedure
    .output(
      z.object({
        roots: z.array(z.object({ path: z.string(), exists: z.boolean() })),
        uploads: z.object({ dir: z.string().nullable(), maxBytes: z.number() }),
      }),
    )
    .query(({ ctx }) => ({
      roots: realRoots(ctx.svc.config.dataRoots).map((r) => ({ path: r.real ?? r.root, exists: r.real !== null })),
      uploads: { dir: uploadsDir(ctx.svc.config), maxBytes: uploadLimit(ctx.svc.config) },
    })),
  /** A folder under a root: sub-folders first, then data files (.csv .tsv .txt .json .jsonl .ndjson) with sizes. */
  list: viewerProcedure
    .input(z.object({ path: AbsolutePath }))
    .output(
      z.object({
        path: z.string(),
        parent: z.string().nullable(),
        entries: z.array(z.object({ name: z.string(), path: z.string(), kind: z.enum(['folder', 'file']), size: z.number().nullable(), modified: isoDate() })),
        hidden: z.number(),
        truncated: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => listFolder(input.path, ctx.svc.config.dataRoots)),
  /** A data file's first `limit` rows and its columns with inferred types (from the first MiB of the file). */
  preview: viewerProcedure
    .input(z.object({ path: AbsolutePath, limit: z.number().int().min(1).max(100).default(20), delimiter: z.string().length(1).optional() }))
    .output(
      z.object({
        path: z.string(),
        size: z.number(),
        format: z.enum(['csv', 'json', 'jsonl']),
        kind: z.enum(['ingest.csv', 'ingest.json']),
        columns: z.array(z.object({ name: z.string(), type: ColumnType, nulls: z.number() })),
        rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
        sampledRows: z.number(),
        wholeFile: z.boolean(),
      }),
    )
    .query(({ ctx, input }) => previewFile(input.path, ctx.svc.config.dataRoots, { limit: input.limit, delimiter: input.delimiter })),
});
