// Every endpoint, what serves it and how it is doing.
import type { Metadata } from 'next';
import { EndpointsTable } from '../_components/endpoint/endpoints-table';

export const metadata: Metadata = { title: 'Endpoints' };

export default function EndpointsPage() {
  return (
    <section aria-labelledby="endpoints-heading">
      <h1 id="endpoints-heading">Endpoints</h1>
      <p className="small muted" style={{ margin: '4px 0 12px' }}>
        Requests/s, p99 latency and errors over the last 5 minutes, as the predict servers reported them.
      </p>
      <EndpointsTable />
    </section>
  );
}
