// test.noop: the activity of the test-only no-op step kind (dsl/catalog/test.ts). Registered only when the worker
// runs with HEADRACE_TEST_KINDS=1; it still goes through stepActivity, so a run of no-ops is all orchestration:
// step_runs records, config parsing, gates, Temporal round trips.
import type { StepResult } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { stepActivity } from './step';

async function testNoopStep(): Promise<StepResult> {
  return { outputs: {} };
}

export function testActivities(deps: ActivityDeps) {
  return process.env.HEADRACE_TEST_KINDS === '1' ? { 'test.noop': stepActivity('test.noop', testNoopStep, deps) } : {};
}
