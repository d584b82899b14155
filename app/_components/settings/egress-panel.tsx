'use client';
// Allowed hosts: ingest.http, webhooks and data triggers refuse hosts that resolve to a loopback, private or
// link-local address, unless listed here. Everyone sees the list; an admin allows and revokes.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Empty, ErrorBox, Loading } from '../query-state';
import { Time } from '../time';

export function EgressPanel({ admin }: { admin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [host, setHost] = useState('');
  const [note, setNote] = useState('');
  const q = useQuery(trpc.egress.list.queryOptions());
  const refresh = { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.egress.list.queryKey() }) };
  const revoke = useMutation(trpc.egress.revoke.mutationOptions(refresh));
  const allow = useMutation(trpc.egress.allow.mutationOptions({ onSuccess: () => { setHost(''); setNote(''); void refresh.onSuccess(); } }));
  return (
    <section aria-labelledby="egress-heading" className="settings-section" data-testid="egress">
      <h2 id="egress-heading">Allowed private hosts</h2>
      <p className="small muted">
        Requests from pipelines and monitors (<code>ingest.http</code>, webhooks, data triggers) may not reach loopback, private or
        link-local addresses — internal services, cloud metadata — unless the host is listed here.
      </p>
      {q.data === undefined ? (
        q.isError ? <ErrorBox title="Could not load the allowed hosts" error={q.error} /> : <Loading what="allowed hosts" />
      ) : q.data.length === 0 ? (
        <Empty>None: only public addresses are reached.</Empty>
      ) : (
        <table className="grid settings-table" aria-label="Allowed hosts">
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Note</th>
              <th scope="col">Since</th>
              <th scope="col">By</th>
              {admin && <th scope="col"><span className="visually-hidden">Revoke</span></th>}
            </tr>
          </thead>
          <tbody>
            {q.data.map((h) => (
              <tr key={h.host}>
                <th scope="row" className="mono">{h.host}</th>
                <td>{h.note ?? <span className="muted">—</span>}</td>
                <td><Time value={h.createdAt} /></td>
                <td>{h.createdBy}</td>
                {admin && (
                  <td>
                    <button type="button" className="is-small" disabled={revoke.isPending} aria-label={`Revoke ${h.host}`} onClick={() => revoke.mutate({ host: h.host })}>
                      Revoke
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin && (
        <form
          className="settings-form" aria-label="Allow a host"
          onSubmit={(e) => {
            e.preventDefault();
            allow.mutate({ host: host.trim(), ...(note.trim() && { note: note.trim() }) });
          }}
        >
          <label>
            Host
            <input className="text-input is-small is-mono" value={host} onChange={(e) => setHost(e.target.value)} placeholder="db.internal or *.corp.example" required />
          </label>
          <label>
            Note
            <input className="text-input is-small" value={note} onChange={(e) => setNote(e.target.value)} placeholder="why (optional)" />
          </label>
          <button type="submit" disabled={allow.isPending || !host.trim()}>Allow</button>
        </form>
      )}
      {(allow.error ?? revoke.error) && <p className="error-text" role="alert">{errorMessage(allow.error ?? revoke.error)}</p>}
    </section>
  );
}
