// Every deployment of an endpoint, newest first: what it served, by which strategy, who made it and why, and
// how it ended.
import { Time } from '../time';
import type { EndpointDetail } from './types';
import { DeployStatus, VariantChips } from './variants';

export function DeploymentHistory({ endpoint }: { endpoint: EndpointDetail }) {
  const numberOf = new Map(endpoint.history.map((h) => [h.id, h.number]));
  return (
    <section className="registry-wide" aria-labelledby="deployments-heading">
      <h2 id="deployments-heading">Deployments</h2>
      <p className="small muted">Newest first.</p>
      <div className="table-scroll">
        <table className="grid" aria-label="Deployments" data-testid="deployments">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Strategy</th>
              <th scope="col">Variants</th>
              <th scope="col">Status</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {endpoint.history.map((h) => (
              <tr key={h.id} data-testid={`deployment-${h.number}`} aria-current={h.id === endpoint.current?.id ? 'true' : undefined} className={h.id === endpoint.current?.id ? 'current' : undefined}>
                <td className="num">{h.number}</td>
                <td>
                  <Time value={h.createdAt} />
                </td>
                <td>
                  {h.strategy}
                  {h.rollbackOf && <div className="small muted">rollback of #{numberOf.get(h.rollbackOf) ?? '?'}</div>}
                </td>
                <td>
                  <VariantChips variants={h.variants} />
                </td>
                <td>
                  <DeployStatus status={h.status} />
                  {h.id === endpoint.current?.id && <span className="small muted"> current</span>}
                </td>
                <td>{h.actor}</td>
                <td>{h.reason ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
