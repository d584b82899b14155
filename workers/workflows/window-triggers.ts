// The retraining triggers in workflow code. `fireWindowTriggers`: after each computed monitoring window, the drift
// and performance triggers it fires (one activity: per pipeline watching the endpoint, one trigger event per kind
// and window, so a storm of alerts or a retried attempt starts one run). `dataTriggerPoll`: one poll of a
// pipeline's data sources, started by its Schedule every `every:`. Neither throws past its retries: the trigger
// events record what fired and how it ended, and a window whose triggers could not be read is logged.
import { log, proxyActivities } from '@temporalio/workflow';
import type { MonitorWindowResult } from '../activities/monitor';
import type { TriggerActivities } from '../activities/triggers';
import type { DataTriggerPollInput } from '../../server/temporal/contract';

const acts = proxyActivities<TriggerActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
});

export async function fireWindowTriggers(endpoint: string, w: MonitorWindowResult): Promise<void> {
  if (w.watched === false) return; // no pipeline watches the endpoint: nothing to fire
  try {
    await acts.fireWindowTriggers({ endpoint, windowId: w.windowId, start: w.start, end: w.end, alertIds: w.alertIds });
  } catch (err) {
    log.warn(`retraining triggers of ${endpoint}'s window ${w.start}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** One poll of a pipeline's data sources (each change fires the pipeline's data trigger once). */
export async function dataTriggerPoll(input: DataTriggerPollInput): Promise<{ fired: number }> {
  const firings = await acts.pollDataSources({ pipeline: input.pipeline });
  return { fired: firings.filter((f) => f.created && f.outcome === 'started').length };
}
