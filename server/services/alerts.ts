// Silences and the delivery log (docs/monitoring.md, "Alerts, webhooks and silences"): an editor silences an
// endpoint's alerts (of one kind, one subject) for a while with a reason — alerts raised meanwhile are stored as
// silenced and never sent — and ends a silence early; anyone reads the silences and an alert's delivery attempts.
import { eq } from 'drizzle-orm';
import { createSilence, endSilence, getSilence, listDeliveries, listSilences, type SilenceRow } from '../db/repo/alerts';
import { getEndpoint } from '../db/repo/endpoints';
import { getMonitor } from '../db/repo/monitors';
import { monitorAlerts } from '../db/schema';
import type { Services } from './context';
import { ServiceError } from './errors';
import { sinceMs } from './monitors';
import type { AlertKind } from '../../dsl/monitor';

/** The longest silence: a quarter of a year (a longer one is better a change of the monitor's thresholds). */
export const MAX_SILENCE_MS = 90 * 86_400_000;

/** A silence as the API shows it: `active` while it is in force. */
export function silenceView(s: SilenceRow, now = new Date()) {
  return { ...s, active: s.until.getTime() > now.getTime() };
}

async function checkKnown(svc: Services, endpoint: string): Promise<void> {
  if ((await getMonitor(svc.db, endpoint)) || (await getEndpoint(svc.db, endpoint))) return;
  throw new ServiceError('NOT_FOUND', `no endpoint or monitor named ${endpoint}`);
}

/** Silences an endpoint's alerts (of `kind` and `subject` when given) for `duration` ("2h") from now. */
export async function silenceAlerts(
  svc: Services,
  input: { endpoint: string; kind?: AlertKind; subject?: string; duration: string; reason: string; actor: string },
) {
  const ms = sinceMs(input.duration);
  if (ms > MAX_SILENCE_MS) throw new ServiceError('BAD_REQUEST', `a silence lasts at most 90d, not ${input.duration}`);
  const reason = input.reason.trim();
  if (!reason) throw new ServiceError('BAD_REQUEST', 'a silence needs a reason');
  await checkKnown(svc, input.endpoint);
  const row = await createSilence(svc.db, {
    endpoint: input.endpoint, kind: input.kind ?? null, subject: input.subject?.trim() || null,
    until: new Date(Date.now() + ms), reason, createdBy: input.actor,
  });
  return silenceView(row);
}

/** An endpoint's silences, newest first; only those in force unless `all`. */
export async function endpointSilences(svc: Services, input: { endpoint: string; all?: boolean }) {
  const now = new Date();
  const rows = await listSilences(svc.db, input.endpoint, { activeAt: input.all ? undefined : now });
  if (rows.length === 0) await checkKnown(svc, input.endpoint);
  return rows.map((r) => silenceView(r, now));
}

/** Ends a silence now: alerts raised from now on are sent again. NOT_FOUND for an unknown id. */
export async function unsilence(svc: Services, input: { id: number }) {
  const row = await endSilence(svc.db, input.id);
  if (!row) throw new ServiceError('NOT_FOUND', `no silence ${input.id}`);
  return silenceView(row);
}

/** An alert's delivery log: every attempt to send it to each webhook, oldest first. NOT_FOUND for an unknown alert. */
export async function alertDeliveryLog(svc: Services, input: { alertId: number }) {
  const [alert] = await svc.db.select({ id: monitorAlerts.id, endpoint: monitorAlerts.endpoint, silenceId: monitorAlerts.silenceId })
    .from(monitorAlerts).where(eq(monitorAlerts.id, input.alertId));
  if (!alert) throw new ServiceError('NOT_FOUND', `no alert ${input.alertId}`);
  const silence = alert.silenceId === null ? undefined : await getSilence(svc.db, alert.silenceId);
  return {
    alertId: alert.id,
    endpoint: alert.endpoint,
    silenced: alert.silenceId !== null,
    silence: silence ? silenceView(silence) : null,
    deliveries: await listDeliveries(svc.db, alert.id),
  };
}
