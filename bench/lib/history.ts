// Where a chain's time goes, read from its Temporal history: per step, the medians of the activity task's wait in
// its queue (scheduled → started), its run (started → completed), the workflow task that follows (completed →
// workflow task scheduled → started → completed) and the next activity's scheduling. Event times are the
// server's, so both sides of the orchestration bench are timed by the same clock.
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { summarize } from './stats';

const E = proto.temporal.api.enums.v1.EventType;

export interface StepPhases {
  activityQueue: number;
  activityRun: number;
  toWorkflowTask: number;
  workflowTaskQueue: number;
  workflowTaskRun: number;
}

export async function stepPhases(client: Client, workflowId: string, activityType: string): Promise<StepPhases> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = (history.events ?? []).map((e) => ({
    type: e.eventType,
    ms: Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6,
    activity: e.activityTaskScheduledEventAttributes?.activityType?.name,
  }));
  const phases: Record<keyof StepPhases, number[]> = { activityQueue: [], activityRun: [], toWorkflowTask: [], workflowTaskQueue: [], workflowTaskRun: [] };
  for (let i = 0; i < events.length; i++) {
    if (events[i].type !== E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED || events[i].activity !== activityType) continue;
    const after = (type: number, from: number) => events.findIndex((e, k) => k > from && e.type === type);
    const started = after(E.EVENT_TYPE_ACTIVITY_TASK_STARTED, i);
    const completed = after(E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, i);
    const wfs = after(E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, completed);
    const wfStarted = after(E.EVENT_TYPE_WORKFLOW_TASK_STARTED, wfs);
    const wfCompleted = after(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, wfStarted);
    if ([started, completed, wfs, wfStarted, wfCompleted].some((k) => k < 0)) continue;
    phases.activityQueue.push(events[started].ms - events[i].ms);
    phases.activityRun.push(events[completed].ms - events[started].ms);
    phases.toWorkflowTask.push(events[wfs].ms - events[completed].ms);
    phases.workflowTaskQueue.push(events[wfStarted].ms - events[wfs].ms);
    phases.workflowTaskRun.push(events[wfCompleted].ms - events[wfStarted].ms);
  }
  const med = (xs: number[]) => (xs.length ? summarize(xs).median : NaN);
  return {
    activityQueue: med(phases.activityQueue),
    activityRun: med(phases.activityRun),
    toWorkflowTask: med(phases.toWorkflowTask),
    workflowTaskQueue: med(phases.workflowTaskQueue),
    workflowTaskRun: med(phases.workflowTaskRun),
  };
}

export function describePhases(p: StepPhases, fmt: (x: number) => string): string {
  return `activity queue ${fmt(p.activityQueue)}, activity run ${fmt(p.activityRun)}, → workflow task ${fmt(p.toWorkflowTask)}, workflow task queue ${fmt(p.workflowTaskQueue)}, workflow task run ${fmt(p.workflowTaskRun)} ms`;
}
