// The alert-delivery activities of the monitor workflow (workers/workflows/alert-delivery.ts; docs/monitoring.md,
// "Alerts, webhooks and silences"): which (alert, webhook) pairs a window still has to send, and one HTTP attempt
// to send one alert to one webhook, recorded in the delivery log whatever its outcome. Temporal retries a failed
// attempt with backoff. A webhook's URL (or a secret header) named by `urlSecret` (`{ secret }`) is read from the
// secret store, and one named by `urlEnv` (`{ env }`) from this worker's environment, when the request is made: it
// never passes through Temporal's history or a log, and is in the database only sealed.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { resolveHeaders, resolveSecretValue } from '../../dsl/http-headers';
import { MonitorSpec, type WebhookSpec } from '../../dsl/monitor';
import { deliveredWebhooks, getAlerts, recordDelivery } from '../../server/db/repo/alerts';
import { getMonitor } from '../../server/db/repo/monitors';
import { monitorWindows } from '../../server/db/schema';
import { readSecret } from '../../server/secrets/store';
import { EgressRefused, guardedFetch } from '../compute/net/egress';
import type { ActivityDeps } from './deps';
import { egressPolicy } from './egress-policy';

/** The failure type of an attempt the webhook refused or that did not reach it (retried). */
export const WEBHOOK_FAILED = 'WebhookFailed';
/** The failure type of a webhook that cannot work as configured (a missing environment variable, a 4xx): not retried. */
export const WEBHOOK_MISCONFIGURED = 'WebhookMisconfigured';
/** How long one attempt waits for the webhook's answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

const SEVERITY_RANK: Record<string, number> = { warning: 1, critical: 2 };

/** One alert to send to one webhook. */
export interface DeliveryJob {
  alertId: number;
  webhook: string;
}

export interface DeliveryOutcome {
  /** `sent`: this attempt was accepted; else why nothing was sent (already delivered, silenced, ...). */
  outcome: 'sent' | 'delivered-before' | 'silenced' | 'gone';
  httpStatus?: number;
}

type AlertRow = Awaited<ReturnType<typeof getAlerts>>[number];

/** The Slack-compatible body of an alert: `text` and `blocks` for Slack, `alert` (and `window`) for any other receiver. */
export function alertPayload(a: AlertRow, window: { start: string; end: string } | null) {
  const head = `[${a.severity.toUpperCase()}] ${a.endpoint}: ${a.message}`;
  const where = window ? `window ${window.start} – ${window.end}` : 'no window';
  return {
    text: head,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${a.severity === 'critical' ? 'Critical' : 'Warning'}* · ${a.kind} alert on \`${a.endpoint}\`\n${a.message}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${where} · alert ${a.id}${a.subject ? ` · ${a.subject}` : ''}` }] },
    ],
    alert: {
      id: a.id, endpoint: a.endpoint, kind: a.kind, severity: a.severity, subject: a.subject, message: a.message,
      details: a.details, windowId: a.windowId, createdAt: a.createdAt.toISOString(),
    },
    window,
  };
}

function messageOf(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) parts.push(e.message);
  return parts.length > 0 ? parts.join(': ') : String(err);
}

export function alertActivities(deps: ActivityDeps & { env?: NodeJS.ProcessEnv }) {
  const { db } = deps;
  const env = () => deps.env ?? process.env;

  async function webhooksOf(endpoint: string): Promise<WebhookSpec[]> {
    const row = await getMonitor(db, endpoint);
    if (!row) return [];
    const parsed = MonitorSpec.safeParse(row.spec);
    return parsed.success ? (parsed.data.alerts?.webhooks ?? []) : [];
  }

  /**
   * A webhook's URL and headers with its secrets read from the secret store or the environment; a
   * misconfiguration (a secret not set, a variable the worker lacks) is non-retryable.
   */
  async function resolve(w: WebhookSpec): Promise<{ url: string; headers: Record<string, string> }> {
    const sources = { readSecret: (name: string) => readSecret(db, name, deps.home), env: env() };
    try {
      const url = w.url ?? (w.urlSecret ? await sources.readSecret(w.urlSecret) : await resolveSecretValue({ env: w.urlEnv! }, 'its URL', sources));
      return { url, headers: await resolveHeaders(w.headers, {}, sources) };
    } catch (e) {
      throw ApplicationFailure.create({ type: WEBHOOK_MISCONFIGURED, nonRetryable: true, message: `webhook ${w.name}: ${(e as Error).message}` });
    }
  }

  return {
    /**
     * The deliveries a window's alerts still need: each alert not silenced, to each webhook of the endpoint's
     * monitor whose minSeverity it reaches, unless an earlier attempt delivered it there (a replayed window).
     */
    async planAlertDeliveries(input: { endpoint: string; alertIds: number[] }): Promise<DeliveryJob[]> {
      const webhooks = await webhooksOf(input.endpoint);
      if (webhooks.length === 0 || input.alertIds.length === 0) return [];
      const alerts = await getAlerts(db, input.alertIds);
      const delivered = await deliveredWebhooks(db, alerts.map((a) => a.id));
      const jobs: DeliveryJob[] = [];
      for (const a of alerts) {
        if (a.silenceId !== null) continue;
        for (const w of webhooks) {
          if ((SEVERITY_RANK[a.severity] ?? 0) < SEVERITY_RANK[w.minSeverity ?? 'warning']) continue;
          if (delivered.get(a.id)?.has(w.name)) continue;
          jobs.push({ alertId: a.id, webhook: w.name });
        }
      }
      return jobs;
    },

    /**
     * One attempt to post an alert to a webhook, recorded in the delivery log (ok or not, HTTP status, error,
     * duration). Answers without sending when the alert was delivered there already, is silenced, or is gone.
     * A refused (non-2xx) or failed request throws: Temporal retries it; a 4xx other than 408 and 429 is not retried.
     */
    async deliverAlert(input: { endpoint: string; alertId: number; webhook: string }): Promise<DeliveryOutcome> {
      const [alert] = await getAlerts(db, [input.alertId]);
      if (!alert) return { outcome: 'gone' };
      if (alert.silenceId !== null) return { outcome: 'silenced' };
      if ((await deliveredWebhooks(db, [alert.id])).get(alert.id)?.has(input.webhook)) return { outcome: 'delivered-before' };
      const webhook = (await webhooksOf(input.endpoint)).find((w) => w.name === input.webhook);
      if (!webhook) return { outcome: 'gone' };
      const attempt = Context.current().info.attempt;
      let target: { url: string; headers: Record<string, string> };
      try {
        target = await resolve(webhook);
      } catch (err) {
        await recordDelivery(db, { alertId: alert.id, webhook: webhook.name, attempt, ok: false, error: messageOf(err), durationMs: 0 });
        throw err;
      }
      const [win] = alert.windowId === null ? [] : await db.select({ start: monitorWindows.windowStart, end: monitorWindows.windowEnd })
        .from(monitorWindows).where(eq(monitorWindows.id, alert.windowId));
      const body = JSON.stringify(alertPayload(alert, win ? { start: win.start.toISOString(), end: win.end.toISOString() } : null));
      // Whatever an error says, the URL (which may hold a token) is replaced by the webhook's name.
      const scrub = (text: string) => text.split(target.url).join(`<webhook ${webhook.name}>`);
      const started = performance.now();
      let status: number | undefined;
      let error: string | undefined;
      let refused = false;
      try {
        const res = await guardedFetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'headrace-alerts', ...target.headers },
          body,
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
          redirect: 'error',
        }, await egressPolicy(db, env()));
        status = res.status;
        const text = await res.text().catch(() => '');
        if (!res.ok) error = `HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`;
      } catch (err) {
        refused = err instanceof EgressRefused;
        error = messageOf(err);
      }
      const durationMs = performance.now() - started;
      const ok = error === undefined;
      await recordDelivery(db, { alertId: alert.id, webhook: webhook.name, attempt, ok, httpStatus: status ?? null, error: error ? scrub(error) : null, durationMs });
      if (ok) return { outcome: 'sent', httpStatus: status };
      // A restricted address stays restricted until an admin allows the host: not retried, like a 4xx.
      const permanent = refused || (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429);
      throw ApplicationFailure.create({
        type: permanent ? WEBHOOK_MISCONFIGURED : WEBHOOK_FAILED, nonRetryable: permanent,
        message: `webhook ${webhook.name}, alert ${alert.id}, attempt ${attempt}: ${scrub(error!)}`,
      });
    },
  };
}

export type AlertActivities = ReturnType<typeof alertActivities>;
