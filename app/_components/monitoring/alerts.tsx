// The endpoint's alerts, newest first: when, severity, what and which window; silenced ones say so, and the last
// webhook delivery's state shows where the API gives it.
import { Time } from '../time';
import { shortTime } from './format';
import type { Alert, StoredWindow } from './types';

/** The alert's silence and last delivery, read only where the API answers them. */
function extras(a: Alert): { silenced: boolean; delivery: string | null } {
  const x = a as Alert & Record<string, unknown>;
  const silenced = x.silenced === true || (typeof x.silenceId === 'number' || typeof x.silenceId === 'string');
  const d = (x.delivery ?? x.lastDelivery) as Record<string, unknown> | string | null | undefined;
  let delivery: string | null = null;
  if (typeof d === 'string') delivery = d;
  else if (d && typeof d === 'object') {
    const state = typeof d.state === 'string' ? d.state : typeof d.ok === 'boolean' ? (d.ok ? 'delivered' : 'failed') : null;
    const to = typeof d.webhook === 'string' ? ` to ${d.webhook}` : '';
    const http = typeof d.httpStatus === 'number' ? d.httpStatus : typeof d.status === 'number' ? d.status : null;
    const attempts = typeof d.attempts === 'number' && d.attempts > 1 ? ` after ${d.attempts} attempts` : '';
    delivery = state ? `${state}${to}${attempts}${http !== null ? ` (HTTP ${http})` : ''}` : null;
  }
  return { silenced, delivery };
}

export function AlertsPanel({ alerts, windows }: { alerts: Alert[]; windows: StoredWindow[] }) {
  const windowStart = new Map(windows.map((w) => [w.id, w.start]));
  const newest = [...alerts].reverse();
  return (
    <section aria-labelledby="alerts-heading" className="monitor-panel registry-wide">
      <div className="panel-head">
        <h2 id="alerts-heading">Alerts</h2>
        <span className="small muted">{alerts.length === 0 ? 'none raised' : `${alerts.length}, newest first`}</span>
      </div>
      {alerts.length > 0 && (
        <div className="table-scroll">
          <table className="grid" aria-label="Alerts" data-testid="alerts">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Severity</th>
                <th scope="col">Kind</th>
                <th scope="col">Subject</th>
                <th scope="col">Message</th>
                <th scope="col">Window</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {newest.map((a) => {
                const { silenced, delivery } = extras(a);
                const start = a.windowId !== null ? windowStart.get(a.windowId) : undefined;
                return (
                  <tr key={a.id} data-testid={`alert-${a.id}`} className={silenced ? 'alert-silenced' : undefined}>
                    <td><Time value={a.createdAt} /></td>
                    <td><span className={`severity severity-${a.severity}`}>{a.severity}</span></td>
                    <td>{a.kind.replace('_', ' ')}</td>
                    <td>{a.subject ?? <span className="muted">dataset</span>}</td>
                    <td className="wrap">{a.message}</td>
                    <td>{start ? shortTime(start) : <span className="muted">–</span>}</td>
                    <td data-testid="alert-state">
                      {silenced ? <span className="muted">silenced</span> : delivery ?? <span className="muted">raised</span>}
                      {silenced && delivery ? <span className="muted"> · {delivery}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
