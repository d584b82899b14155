// Sends a window's alerts to the monitor's webhooks (docs/monitoring.md, "Alerts, webhooks and silences"): one
// activity finds the (alert, webhook) pairs still to send — silenced alerts and those delivered before left out —
// then each pair is one activity, one HTTP attempt per Temporal attempt, retried with exponential backoff
// (DELIVERY_RETRY), every attempt a row of the delivery log. The pairs run side by side; nothing here throws: a
// delivery whose attempts are spent is in the log, and the monitor goes on.
import { log, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { AlertActivities } from '../activities/alerts';
import type { MonitorWindowResult } from '../activities/monitor';
import { MONITOR_TASK_QUEUE } from '../../server/temporal/contract';

/**
 * Each delivery's retry policy: at most 6 attempts, 1 s after the first failure, then 2 s, 4 s, 8 s, 16 s (about
 * half a minute in all, so a dead webhook holds the next window back that long at most). A webhook that answers
 * 4xx (but 408 or 429) or lacks its environment variable is not retried.
 */
export const DELIVERY_RETRY = {
  initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 6,
  nonRetryableErrorTypes: ['WebhookMisconfigured'],
} satisfies ActivityOptions['retry'];

const plan = proxyActivities<AlertActivities>({
  taskQueue: MONITOR_TASK_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 10, initialInterval: '1s', maximumInterval: '30s' },
});

const send = proxyActivities<AlertActivities>({
  taskQueue: MONITOR_TASK_QUEUE,
  // An attempt waits 10 s for the webhook (WEBHOOK_TIMEOUT_MS), plus its database reads and writes.
  startToCloseTimeout: '30s',
  retry: DELIVERY_RETRY,
});

export async function deliverWindowAlerts(endpoint: string, w: MonitorWindowResult): Promise<void> {
  await deliverAlerts(endpoint, w.alertIds, { windowId: w.windowId });
}

/** Sends these alerts of the endpoint to its monitor's webhooks (a window's, or a lifecycle's rollback alert). */
export async function deliverAlerts(endpoint: string, alertIds: number[], context: Record<string, unknown> = {}): Promise<void> {
  if (alertIds.length === 0) return;
  let jobs;
  try {
    jobs = await plan.planAlertDeliveries({ endpoint, alertIds });
  } catch (err) {
    log.warn('alert delivery: the deliveries could not be planned', { endpoint, ...context, error: String(err) });
    return;
  }
  await Promise.all(jobs.map(async (job) => {
    try {
      await send.deliverAlert({ endpoint, ...job });
    } catch {
      // Every attempt, the last one included, is in the delivery log.
    }
  }));
}
