// Test-only workflows, served by every worker like the catalog's test kinds.
// testChild: the child workflow of the test-only `test.child` kind (child mode). It proves the child executor's
// contract: it receives the step and its inputs, and what it returns becomes the step's outputs and summary.
import { ApplicationFailure, sleep, workflowInfo } from '@temporalio/workflow';
import type { ChildStepInput, ChildStepResult } from '../../server/temporal/contract';
import { continueAsNewPast, HISTORY_BYTES_LIMIT } from './continue-as-new';

export async function testChild(input: ChildStepInput): Promise<ChildStepResult> {
  const config = input.step.config as { sleepMs?: number; fail?: string };
  if (config.sleepMs) await sleep(config.sleepMs);
  if (config.fail) throw ApplicationFailure.nonRetryable(config.fail, 'TestChildFailed');
  return { outputs: {}, summary: { step: input.step.id, run: input.runId, inputs: Object.keys(input.inputs) } };
}

export interface TestLoopState {
  iterations: number;
  done: number;
  /** History events after which this run hands over to a fresh one. */
  eventsLimit: number;
  /** How many runs came before this one in the chain. */
  handovers: number;
}

/**
 * testLoop: a test-only workflow that loops without a bound in its code, as monitors and rollouts will, and follows
 * the continueAsNew policy with a small limit, so a test can see it hand its state over and finish in a later run.
 */
export async function testLoop(state: TestLoopState): Promise<TestLoopState & { historyLength: number }> {
  let s = state;
  while (s.done < s.iterations) {
    await sleep(1);
    s = { ...s, done: s.done + 1 };
    if (s.done < s.iterations) await continueAsNewPast<typeof testLoop>({ events: s.eventsLimit, bytes: HISTORY_BYTES_LIMIT }, { ...s, handovers: s.handovers + 1 });
  }
  return { ...s, historyLength: workflowInfo().historyLength };
}
