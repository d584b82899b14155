// Activity options of a step: the kind's defaults, overridden by the step's retry/timeout/resources.
// Of `resources:` only `gpu` is compiled (it picks the gpu task queue); the checker refuses `cpu` and `memory`.
import type { Document } from 'yaml';
import { GPU_QUEUE, type AnyStepKind } from '../catalog';
import { toJS } from '../parse/nodes';
import type { StepAst } from '../parse/ast';
import type { PlanStep } from '../plan';
import { durationSeconds } from './duration';

type Execution = Pick<PlanStep, 'taskQueue' | 'timeoutSeconds' | 'heartbeatSeconds' | 'retry' | 'resources'>;

export function executionOf(step: StepAst, kind: AnyStepKind, doc: Document): Execution {
  const d = kind.execution;
  const retry = (toJS(step.retry?.value, doc) ?? {}) as { attempts?: number; backoff?: number };
  const { gpu } = (toJS(step.resources?.value, doc) ?? {}) as { gpu?: number };
  const resources: PlanStep['resources'] = gpu === undefined ? {} : { gpu };
  const out: Execution = {
    taskQueue: (gpu ?? 0) > 0 ? GPU_QUEUE : d.taskQueue,
    timeoutSeconds: durationSeconds(toJS(step.timeout?.value, doc)) ?? d.timeoutSeconds,
    retry: {
      maximumAttempts: retry.attempts ?? d.retry.maximumAttempts,
      initialIntervalSeconds: d.retry.initialIntervalSeconds,
      backoffCoefficient: retry.backoff ?? d.retry.backoffCoefficient,
    },
    resources,
  };
  if (d.heartbeatSeconds !== undefined) out.heartbeatSeconds = d.heartbeatSeconds;
  return out;
}
