// endpointMonitor: one long-lived workflow per monitored endpoint (docs/monitoring.md, "Windows and the monitor
// workflow"). Window after window it waits for the window's end on a durable timer (a duration window) or polls
// the prediction log until N predictions arrived (a `{ predictions: N }` window), then one activity computes the
// window, stores it and raises its alerts. A changed spec is reloaded before the next window; a stop ends it
// between windows; it continues as new every WINDOWS_PER_RUN windows, carrying only where the next window starts.
import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { MonitorActivities, MonitorConfig, MonitorWindowResult } from '../activities/monitor';
import { afterWindow } from './monitor-after-window';
import { PATCHES } from './patches';
import {
  MONITOR_TASK_QUEUE, monitorProgressQuery, monitorSpecChangedSignal, stopMonitorSignal,
  type MonitorInput, type MonitorProgress,
} from '../../server/temporal/contract';
import { shouldContinueAsNew } from './continue-as-new';

const acts = proxyActivities<MonitorActivities>({
  taskQueue: MONITOR_TASK_QUEUE,
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 10, initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: ['MonitorGone'] },
});

/** Windows per run before continuing as new (the history of one window is a timer and an activity or two). */
export const WINDOWS_PER_RUN = 100;
/** How often a `{ predictions: N }` window looks at the log. */
export const POLL_MS = 10_000;
/**
 * How long after a duration window's end it is computed: predict servers write their log at least every second
 * (the log's default flushMs) and their serving windows every 5 s by default; what arrives later is not counted.
 */
export const SETTLE_MS = 2_000;

export interface MonitorResult {
  endpoint: string;
  /** Windows computed by this run. */
  windows: number;
  /** Why it ended. */
  reason: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function messageOf(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

function gone(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ((e as { type?: string }).type === 'MonitorGone') return true;
  }
  return false;
}

export async function endpointMonitor(input: MonitorInput): Promise<MonitorResult> {
  const { endpoint } = input;
  let stop: { actor: string } | undefined;
  let changed = false;
  const progress: MonitorProgress = { endpoint, windows: 0 };
  setHandler(monitorProgressQuery, () => progress);
  setHandler(stopMonitorSignal, (s) => { stop ??= s; });
  setHandler(monitorSpecChangedSignal, () => { changed = true; });

  const interrupted = () => stop !== undefined || changed;
  const end = (reason: string): MonitorResult => ({ endpoint, windows: progress.windows, reason });

  let cfg: MonitorConfig | null = await acts.monitorLoad({ endpoint });
  if (!cfg) return end(`no monitor for endpoint ${endpoint}`);
  if (!cfg.enabled) return end(`the monitor of ${endpoint} is disabled`);
  let start = input.nextStart ? Date.parse(input.nextStart) : Date.now();

  for (;;) {
    // Wait for the window's end: cut short by a stop, or by a changed spec (reloaded, then the wait starts over).
    let windowEnd: number | null = null;
    while (windowEnd === null) {
      if (stop) return end(`stopped by ${stop.actor}`);
      if (changed) {
        changed = false;
        cfg = await acts.monitorLoad({ endpoint });
        if (!cfg) return end(`no monitor for endpoint ${endpoint}`);
        if (!cfg.enabled) return end(`the monitor of ${endpoint} is disabled`);
        continue;
      }
      const w = cfg.window;
      if ('ms' in w) {
        const e = start + w.ms;
        progress.nextWindowEnd = iso(e);
        const wait = e + SETTLE_MS - Date.now();
        if (wait > 0 && (await condition(interrupted, wait))) continue;
        windowEnd = e;
      } else {
        progress.nextWindowEnd = undefined;
        const c = await acts.monitorCount({ endpoint, start: iso(start), predictions: w.predictions });
        if (c.end !== null) windowEnd = Math.max(Date.parse(c.end), start + 1);
        else await condition(interrupted, POLL_MS);
      }
    }

    let computed: MonitorWindowResult | undefined;
    try {
      computed = await acts.monitorWindow({ endpoint, start: iso(start), end: iso(windowEnd) });
      progress.lastError = undefined;
    } catch (err) {
      if (gone(err)) return end(`no monitor for endpoint ${endpoint}`);
      // Retries spent (the database or the log unreadable for minutes): the window is skipped, the monitor goes on.
      progress.lastError = `window ${iso(start)} – ${iso(windowEnd)}: ${messageOf(err)}`;
    }
    // Its alerts sent to the webhooks and the retraining triggers it fires: each retried on its own, neither
    // holding up the other; a failure is recorded (delivery log, trigger events) and the monitor goes on.
    if (computed && patched(PATCHES.monitorAfterWindow)) await afterWindow(endpoint, computed);
    progress.windows++;
    progress.lastWindowEnd = iso(windowEnd);
    start = windowEnd;

    if (progress.windows >= WINDOWS_PER_RUN || shouldContinueAsNew()) {
      await condition(allHandlersFinished);
      if (stop) return end(`stopped by ${stop.actor}`);
      await continueAsNew<typeof endpointMonitor>({ endpoint, nextStart: iso(start) });
    }
  }
}
