// The endpoint's alerts, newest first: when, severity, what and which window; silenced ones say so, and the last
// webhook delivery's state, and what the alert caused: the retraining run it started and the version that run
// registered, with its stage now (alert → run → production in one row).
import Link from 'next/link';
import { modelHref, runHref } from '../../_lib/links';
import { StateBadge } from '../state-badge';
import { Time } from '../time';
import { shortTime } from './format';
import type { Alert, StoredWindow } from './types';

/** The last webhook delivery in a few words: delivered to a webhook, or failed after N attempts (HTTP status). */
function deliveryText(d: Alert['delivery']): string | null {
  if (!d) return null;
  const attempts = d.attempts > 1 ? ` after ${d.attempts} attempts` : '';
  return `${d.state} to ${d.webhook}${attempts}${d.httpStatus !== null ? ` (HTTP ${d.httpStatus})` : ''}`;
}

/** What the alert caused: each retraining run it started, and the versions that run registered (stage now). */
function Retraining({ runs }: { runs: Alert['retraining'] }) {
  if (runs.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="chain">
      {runs.map((r) => (
        <li key={r.runId}>
          <Link href={runHref(r.runId)}>{r.pipeline} run {r.runId.slice(0, 8)}</Link> <StateBadge state={r.status} />
          {r.versions.map((v) => (
            <span key={`${v.model}-${v.version}`}>
              {' → '}
              <Link href={modelHref(v.model, v.version)}>{v.model} v{v.version}</Link> <span className="muted">{v.stage}</span>
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
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
                <th scope="col">Retraining</th>
              </tr>
            </thead>
            <tbody>
              {newest.map((a) => {
                const { silenced } = a;
                const delivery = deliveryText(a.delivery);
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
                    <td data-testid="alert-retraining"><Retraining runs={a.retraining} /></td>
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
