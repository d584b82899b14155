// Runs only the data-layer tests, without the project's global setup (Temporal CLI,
// PostgreSQL), which these tests do not need: `npx vitest run -c test/data/vitest.config.ts`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/data/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
