// What a workflow's Temporal history scheduled, for tests that check which activities a run did or did not need.
import type { Client } from '@temporalio/client';

/**
 * Activity types in a workflow's history, in order: those scheduled on a task queue by name, local ones (their
 * markers) as `local:NAME`.
 */
export async function scheduledActivities(client: Client, workflowId: string): Promise<string[]> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return events.flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name) return [name];
    const marker = e.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
    return data ? [`local:${(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type}`] : [];
  });
}
