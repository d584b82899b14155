// Step kinds for measuring and testing the platform itself, in the catalog only when the process runs with
// HEADRACE_TEST_KINDS=1 (the orchestration bench, tests): users never see them in the palette or the schema.
import { z } from 'zod';
import type { AnyStepKind } from './types';
import { defaultExecution, defineStepKind } from './types';

export const testNoop = defineStepKind({
  kind: 'test.noop',
  version: 1,
  group: 'test',
  description: 'Does nothing: what is left of a run is the orchestration (the orchestration bench uses it).',
  inputs: {},
  outputs: {},
  config: z.strictObject({}),
  pathFields: [],
  execution: defaultExecution,
});

/** The test kinds, when HEADRACE_TEST_KINDS=1 in this process (read once, when the catalog loads). */
export function testStepKinds(): [string, AnyStepKind][] {
  // No Node types here: the catalog also runs in the browser and the workflow sandbox, where there is no process.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.HEADRACE_TEST_KINDS === '1' ? [[testNoop.kind, testNoop]] : [];
}
