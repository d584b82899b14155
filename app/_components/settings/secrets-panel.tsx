'use client';
// Secrets: what a pipeline names in `secretHeaders`, a monitor as `urlSecret` or `{ secret: NAME }`, and a
// connection as its password secret. The list shows
// names, who set each and when; an admin sets a value (a password field, sent once, never shown again) or
// deletes one. Viewers are told the list is for editors and admins.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Empty, ErrorBox, Loading } from '../query-state';
import { Time } from '../time';

export function SecretsPanel({ role }: { role?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mayList = role === 'editor' || role === 'admin';
  const q = useQuery(trpc.secret.list.queryOptions(undefined, { enabled: mayList }));
  const refresh = { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.secret.list.queryKey() }) };
  const remove = useMutation(trpc.secret.delete.mutationOptions(refresh));
  return (
    <section aria-labelledby="secrets-heading" className="settings-section" data-testid="secrets">
      <h2 id="secrets-heading">Secrets</h2>
      <p className="small muted">
        Sealed at rest with the platform&apos;s key and never shown again. A pipeline names one in <code>ingest.http</code>&apos;s{' '}
        <code>secretHeaders</code>, a monitor as a webhook&apos;s <code>urlSecret</code> or <code>{'{ secret: NAME }'}</code>, a connection as its password secret.
      </p>
      {!role ? null : !mayList ? (
        <Empty>Editors and admins see the secrets&apos; names.</Empty>
      ) : q.data === undefined ? (
        q.isError ? <ErrorBox title="Could not load the secrets" error={q.error} /> : <Loading what="secrets" />
      ) : q.data.length === 0 ? (
        <Empty>No secret yet{role === 'admin' ? ': add one below' : ''}.</Empty>
      ) : (
        <table className="grid settings-table" aria-label="Secrets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Updated</th>
              <th scope="col">By</th>
              {role === 'admin' && <th scope="col"><span className="visually-hidden">Delete</span></th>}
            </tr>
          </thead>
          <tbody>
            {q.data.map((s) => (
              <tr key={s.name}>
                <th scope="row" className="mono">{s.name}</th>
                <td>{s.description ?? <span className="muted">—</span>}</td>
                <td><Time value={s.updatedAt} /></td>
                <td>{s.updatedBy}</td>
                {role === 'admin' && (
                  <td>
                    <button
                      type="button" className="is-small" disabled={remove.isPending} aria-label={`Delete secret ${s.name}`}
                      onClick={() => { if (window.confirm(`Delete the secret ${s.name}? Steps that name it will fail.`)) remove.mutate({ name: s.name }); }}
                    >
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {remove.error && <p className="error-text" role="alert">{errorMessage(remove.error)}</p>}
      {role === 'admin' && <SetSecretForm onSaved={() => void refresh.onSuccess()} />}
    </section>
  );
}

function SetSecretForm({ onSaved }: { onSaved: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [saved, setSaved] = useState<string>();
  const set = useMutation(trpc.secret.set.mutationOptions({
    onSuccess: (s) => {
      // The value leaves the page's state as soon as the server has it.
      setValue('');
      setName('');
      setDescription('');
      setSaved(`${s.name} ${s.created ? 'created' : 'updated'}`);
      onSaved();
    },
  }));
  return (
    <form
      className="settings-form" aria-label="Set a secret"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(undefined);
        set.mutate({ name: name.trim(), value, ...(description.trim() && { description: description.trim() }) });
      }}
    >
      <label>
        Name
        <input className="text-input is-small is-mono" value={name} onChange={(e) => setName(e.target.value)} placeholder="export-token" required />
      </label>
      <label>
        Value
        <input className="text-input is-small" type="password" autoComplete="new-password" value={value} onChange={(e) => setValue(e.target.value)} required />
      </label>
      <label>
        Description
        <input className="text-input is-small" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="optional" />
      </label>
      <button type="submit" disabled={set.isPending || !name.trim() || !value}>{set.isPending ? 'Saving…' : 'Set secret'}</button>
      {saved && <span className="small muted" data-testid="secret-saved">Secret {saved}.</span>}
      {set.error && <p className="error-text" role="alert">{errorMessage(set.error)}</p>}
    </form>
  );
}
