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
    // Two cores, three files at a time: with two, the cores were busy 90 % of the time (the tests also wait on
    // Temporal timers, restarts and heartbeat timeouts), with three 96 %, and the CLI and durability files took 10 %
    // less time, all passing. More would only make Temporal, PGlite and onnxruntime starve each other.
    maxWorkers: 3,
    reporters: ['default'],
  },
});
