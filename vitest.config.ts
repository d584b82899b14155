import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// The files of pure logic (the language, data, ML and editor code: no servers, no child processes, no global state
// changed) share their worker processes instead of getting a fresh one each: forking a worker and importing dsl/
// and zod again cost ~0.7 s of a core per file, a minute of CPU over these files that the other tests waited for.
// Everything else, and the files below that start servers, spawn processes or set the environment, keeps a process
// of its own.
const LOGIC_FOLDERS = ['test/dsl', 'test/ml', 'test/web', 'test/data'];
const OWN_PROCESS = new Set([
  'test/ml/export.test.ts',
  'test/web/health.test.ts',
  'test/web/run-page.test.ts',
  'test/web/stored-layout.test.ts',
  'test/web/versions.test.ts',
  'test/data/confine.test.ts',
  'test/data/parquet.test.ts',
  'test/data/store.test.ts',
]);
const testsUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testsUnder(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
const LOGIC = LOGIC_FOLDERS.flatMap(testsUnder).filter((f) => !OWN_PROCESS.has(f));

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll's own default (one second) is shorter than a page or a run takes to answer when three files share
    // two cores: a poll that names no timeout waits up to ten.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // Two cores, three files at a time: with two, the cores were busy 90 % of the time (the tests also wait on
    // Temporal timers, restarts and heartbeat timeouts), with three 96 %, and the CLI and durability files took 10 %
    // less time, all passing. More would only make Temporal, PGlite and onnxruntime starve each other.
    maxWorkers: 3,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'logic', include: LOGIC, isolate: false } },
      {
        extends: true,
        test: {
          name: 'platform',
          include: ['test/**/*.test.ts'],
          // The distributed topology's suite has its own config and script (npm run test:distributed).
          exclude: [...configDefaults.exclude, 'test/distributed/**', ...LOGIC],
          globalSetup: ['test/setup/global.ts', 'test/setup/seaweedfs.ts', 'test/setup/kubeconform.ts'],
        },
      },
    ],
  },
});
