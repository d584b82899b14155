// testChild: the child workflow of the test-only `test.child` kind (child mode). It proves the child executor's
// contract: it receives the step and its inputs, and what it returns becomes the step's outputs and summary.
import { ApplicationFailure, sleep } from '@temporalio/workflow';
import type { ChildStepInput, ChildStepResult } from '../../server/temporal/contract';

export async function testChild(input: ChildStepInput): Promise<ChildStepResult> {
  const config = input.step.config as { sleepMs?: number; fail?: string };
  if (config.sleepMs) await sleep(config.sleepMs);
  if (config.fail) throw ApplicationFailure.nonRetryable(config.fail, 'TestChildFailed');
  return { outputs: {}, summary: { step: input.step.id, run: input.runId, inputs: Object.keys(input.inputs) } };
}
