// The tests that need neither Temporal nor PostgreSQL (the language, data, ML and editor logic), without their
// global setup, for a fast inner loop: `npm run test:unit` (add a path to narrow it, e.g. `-- test/dsl`). Only the
// SeaweedFS binary is made sure of (the artifact store's tests run on S3 too).
// `npm test` runs these too, with everything else.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/{dsl,data,ml,web}/**/*.test.ts'],
    globalSetup: ['test/setup/seaweedfs.ts'],
    testTimeout: 60_000,
  },
});
