// The distributed topology and its faults (test/distributed/): PostgreSQL, Temporal, SeaweedFS and 2 API servers,
// 2 workers and 2 predict servers as separate processes, one topology for the whole suite, its tests one after
// another. `npm run test:distributed`; not part of `npm test` (vitest.config.ts excludes the folder). Needs the
// Temporal CLI and SeaweedFS in the per-user cache (`headrace setup --s3`) and PostgreSQL's server binaries.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/distributed/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
  },
});
