// The DSL tests need no database or Temporal: run them alone, fast, without the global setup:
// `npx vitest run --config test/dsl/vitest.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/dsl/**/*.test.ts'], root: new URL('../..', import.meta.url).pathname },
});
