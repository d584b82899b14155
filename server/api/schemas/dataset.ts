// Output shapes of dataset.*.
import { z } from 'zod';

const Column = z.object({ name: z.string(), type: z.string() });

export const DatasetOut = z.object({
  id: z.string().uuid(),
  /** sha256 of the stored table (content address). */
  hash: z.string(),
  uri: z.string(),
  format: z.string(),
  schema: z.array(Column),
  /** Row count. */
  rows: z.number().int(),
  /** The run step that first wrote it. */
  runId: z.string().uuid().nullable(),
  stepId: z.string().nullable(),
  createdAt: z.date(),
});

export const DatasetPage = z.object({ items: z.array(DatasetOut), nextCursor: z.string().nullable() });

export const DatasetDetail = DatasetOut.extend({
  profile: z.unknown(),
  /** Every run step that read or wrote it. */
  uses: z.array(z.object({
    runId: z.string().uuid(), stepId: z.string(), direction: z.enum(['read', 'wrote']), at: z.date(), pipeline: z.string(), runStatus: z.string(),
  })),
  /** Model versions trained on it. */
  models: z.array(z.object({ id: z.string().uuid(), name: z.string(), version: z.number().int(), stage: z.string(), runId: z.string().uuid().nullable() })),
});

/** A dataset's id, or the sha256 of its table (what a run's table outputs carry). */
export const DatasetKey = z.string().regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})$/i, 'a dataset id or the sha256 of its table');

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const DatasetPreview = z.object({
  id: z.string().uuid(),
  /** Rows in the whole table. */
  total: z.number().int(),
  /** Per-column statistics over every row. */
  columns: z.array(z.object({
    name: z.string(),
    type: z.enum(['number', 'integer', 'boolean', 'date', 'string']),
    nulls: z.number().int(),
    min: z.union([z.number(), z.string()]).nullable(),
    max: z.union([z.number(), z.string()]).nullable(),
    mean: z.number().nullable(),
    distinct: z.number().int(),
    distinctExact: z.boolean(),
    histogram: z.array(z.object({ lo: z.number(), hi: z.number(), count: z.number().int() })).nullable(),
    top: z.array(z.object({ value: z.string(), count: z.number().int() })).nullable(),
  })),
  /** The first `limit` rows, keyed by column name (dates as ISO strings). */
  rows: z.array(z.record(z.string(), Cell)),
});
