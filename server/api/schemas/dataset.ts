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
