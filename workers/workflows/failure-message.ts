// The message of a step's failure, from under Temporal's ActivityFailure wrapper: what a run or a sweep records.
import { ActivityFailure } from '@temporalio/workflow';

export function messageOf(err: unknown): string {
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
