// What follows a computed monitoring window, in the monitor workflow: its alerts delivered to the monitor's
// webhooks (workers/workflows/alert-delivery.ts) and the retraining triggers it fires (workers/workflows/
// window-triggers.ts), side by side. Neither throws: each records its own failures.
import type { MonitorWindowResult } from '../activities/monitor';
import { deliverWindowAlerts } from './alert-delivery';
import { fireWindowTriggers } from './window-triggers';

export async function afterWindow(endpoint: string, result: MonitorWindowResult): Promise<void> {
  // A window computed by a worker older than alert ids (its result landed just before the upgrade) has none.
  const w = { ...result, alertIds: (result.alertIds as number[] | undefined) ?? [] };
  await Promise.all([deliverWindowAlerts(endpoint, w), fireWindowTriggers(endpoint, w)]);
}
