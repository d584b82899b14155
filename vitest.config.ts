import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The distributed topology's suite has its own config and script (npm run test:distributed).
    exclude: [...configDefaults.exclude, 'test/distributed/**'],
    globalSetup: ['test/setup/global.ts', 'test/setup/seaweedfs.ts', 'test/setup/kubeconform.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: two files at a time keeps Temporal, PGlite and onnxruntime from starving each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
