// What the scheduler and the executors of one `pipelineRun` share: the Plan, the run's id and context, the view
// the `status` query returns, the outputs so far, and the approvals waiting for a decision.
import type { Plan } from '../../dsl/plan';
import type { StepOutputs } from '../../dsl/refs';
import type { ApprovalDecision, RunContext, RunStatusView } from '../../server/temporal/contract';

export interface RunState {
  plan: Plan;
  ctx: RunContext;
  /** The run row's id (from `claimRun`, or the context of a run started by an earlier release or by the API). */
  runId: string;
  /** The run is moved to `running` by its first steps' results, not by `claimRun` (PATCHES.runClaimedByFirstSteps). */
  claimedBySteps?: boolean;
  view: RunStatusView;
  outputs: Record<string, StepOutputs>;
  /** `approve` steps waiting for a decision, and the decision once the `decide` update brought it. */
  approvals: Map<string, ApprovalDecision | undefined>;
}

/** A step executor's outcome: its outputs, and `cached` when an earlier result was reused instead of running it. */
export interface StepOutcome {
  outputs: StepOutputs;
  state?: 'succeeded' | 'cached';
}
