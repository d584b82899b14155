// The orchestration bench's anchor: the same shape as a Headrace run of N no-op steps in a chain, written
// directly on the Temporal TypeScript SDK — one workflow calling N no-op activities one after the other, with
// the activity options Headrace gives a step by default (dsl/catalog/types.ts defaultExecution; the workflow's
// activityFor): 600 s start-to-close, 3 attempts from 1 s doubling, wait for cancellation to complete.
import { proxyActivities } from '@temporalio/workflow';
import type { RawActivities } from './activities';

const { noop } = proxyActivities<RawActivities>({
  startToCloseTimeout: '600 seconds',
  retry: { maximumAttempts: 3, initialInterval: '1 seconds', backoffCoefficient: 2 },
  cancellationType: 'WAIT_CANCELLATION_COMPLETED',
});

export async function rawChain(steps: number): Promise<number> {
  for (let i = 0; i < steps; i++) await noop(i);
  return steps;
}
