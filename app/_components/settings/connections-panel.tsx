'use client';
// The databases ingest.sql reads, by name: URL and where the password comes from (a secret, or a workers'
// environment variable), never a password. Admins change them with `headrace connections set`.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { Empty, ErrorBox, Loading } from '../query-state';
import { Time } from '../time';

export function ConnectionsPanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.connection.list.queryOptions());
  return (
    <section aria-labelledby="connections-heading" className="settings-section" data-testid="connections">
      <h2 id="connections-heading">Connections</h2>
      <p className="small muted">
        The databases <code>ingest.sql</code> steps read, by name. An admin adds one with{' '}
        <code>headrace connections set NAME --database-url postgres://USER@HOST/DB --password-secret SECRET</code>.
      </p>
      {q.data === undefined ? (
        q.isError ? <ErrorBox title="Could not load the connections" error={q.error} /> : <Loading what="connections" />
      ) : q.data.length === 0 ? (
        <Empty>No connection yet.</Empty>
      ) : (
        <table className="grid settings-table" aria-label="Connections">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">URL</th>
              <th scope="col">Password</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((c) => (
              <tr key={c.name}>
                <th scope="row" className="mono">{c.name}</th>
                <td className="mono">{c.url}</td>
                <td>{c.passwordSecret ? <>secret <code>{c.passwordSecret}</code></> : c.passwordEnv ? <>env <code>{c.passwordEnv}</code></> : <span className="muted">none</span>}</td>
                <td><Time value={c.updatedAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
