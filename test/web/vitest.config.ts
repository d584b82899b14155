// The editor components' tests need no Temporal and no PostgreSQL server (PGlite in memory):
// `npx vitest run --config test/web/vitest.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/web/config-form.test.ts', 'test/web/yaml-text.test.ts', 'test/web/versions.test.ts'],
    root: new URL('../..', import.meta.url).pathname,
    testTimeout: 60_000,
  },
});
