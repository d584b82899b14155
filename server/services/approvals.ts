// Approvals: an editor or admin decides a run's waiting `approve` step. The decision goes to the run's workflow
// as the `decide` update, whose validator refuses a step that is not waiting, so a late or repeated decision is
// a clear CONFLICT and nothing is recorded twice. The API's audit middleware logs every call with its actor.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { APPROVER_ROLES } from '../../dsl/catalog/control';
import type { Plan } from '../../dsl/plan';
import { FINISHED_RUN_STATUSES, type RunStatus } from '../../dsl/states';
import { getRunPlan, getRunSummary } from '../db/repo/runs';
import { decideUpdate } from '../temporal/contract';
import type { Services } from './context';
import { ServiceError } from './errors';

export interface DecideInput {
  runId: string;
  stepId: string;
  approved: boolean;
  reason: string;
  /** The caller's username and role; the API has already checked the role is at least editor. */
  actor: string;
  role: string;
}

export interface DecideResult {
  id: string;
  step: string;
  approved: boolean;
  reason: string;
  actor: string;
}

/** The roles that may decide a step (its `approvers`; both editor and admin by default); undefined: no such step. */
export function approversOf(plan: unknown, stepId: string): string[] | undefined {
  const step = (plan as Plan | null)?.steps?.find((s) => s.id === stepId);
  if (!step) return undefined;
  // A deploy.lifecycle step waits for a person by its `approve:` settings.
  const config = step.uses === 'deploy.lifecycle' ? (step.config?.approve as Record<string, unknown> | undefined) : step.config;
  const list = config?.approvers;
  return Array.isArray(list) ? list.filter((a): a is string => typeof a === 'string') : [...APPROVER_ROLES];
}

export async function decideApproval(svc: Services, input: DecideInput): Promise<DecideResult> {
  const verb = input.approved ? 'approve' : 'reject';
  const run = await getRunSummary(svc.db, input.runId);
  if (!run) throw new ServiceError('NOT_FOUND', `no run "${input.runId}"`);
  const approvers = approversOf(await getRunPlan(svc.db, input.runId), input.stepId);
  if (!approvers) throw new ServiceError('NOT_FOUND', `run ${run.id} (${run.pipelineName}) has no step "${input.stepId}"`);
  if (!approvers.includes(input.role)) {
    throw new ServiceError('FORBIDDEN', `step "${input.stepId}" may be decided by ${approvers.join(' or ')}; ${input.actor} is ${input.role}`);
  }
  if (FINISHED_RUN_STATUSES.includes(run.status as RunStatus)) {
    throw new ServiceError('CONFLICT', `run ${run.id} has ${run.status}: step "${input.stepId}" is not waiting for approval`);
  }
  try {
    await svc.temporal.workflow.getHandle(run.workflowId).executeUpdate(decideUpdate, {
      args: [{ stepId: input.stepId, approved: input.approved, reason: input.reason, actor: input.actor }],
    });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      // The workflow's validator refused: the step is not (or no longer) waiting for a decision.
      const why = err.cause?.message ?? err.message;
      throw new ServiceError('CONFLICT', `cannot ${verb} step "${input.stepId}" of run ${run.id}: ${why}`);
    }
    if (err instanceof WorkflowNotFoundError) {
      throw new ServiceError('CONFLICT', `run ${run.id} is not running any more: step "${input.stepId}" is not waiting for approval`);
    }
    throw err;
  }
  return { id: run.id, step: input.stepId, approved: input.approved, reason: input.reason, actor: input.actor };
}
