// Datasets: every table a step wrote, by content hash, with its schema and row count.
import type { Db } from '../client';
import { datasets } from '../schema';

export async function recordDataset(
  db: Db,
  input: { hash: string; uri: string; schema: unknown; rows: number; profile?: unknown; runId?: string; stepId?: string },
): Promise<void> {
  // Content-addressed: the same table written twice is one dataset (first producer kept).
  await db.insert(datasets).values(input).onConflictDoNothing({ target: datasets.hash });
}
