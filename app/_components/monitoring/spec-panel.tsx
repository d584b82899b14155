'use client';
// The monitor's spec as applied (its YAML source, or the saved spec written as YAML), with its version and its
// workflow's state; editors and admins can edit the YAML here and save it (monitor.save, checked by the server
// like `headrace apply`).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { stringify } from 'yaml';
import { errorMessage } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import { Time } from '../time';
import { shortTime } from './format';
import type { MonitorView } from './types';

const EDITORS = ['editor', 'admin'];

export function sourceOf(m: MonitorView): string {
  return m.source ?? stringify(m.spec);
}

export function SpecPanel({ monitor }: { monitor: MonitorView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation(trpc.monitor.save.mutationOptions({
    // The editor closes once the saved spec has been read back, so the page never shows the old one after Save.
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.monitor.pathKey() });
      setDraft(null);
    },
  }));
  const canEdit = me.data !== undefined && EDITORS.includes(me.data.role);
  const progress = monitor.workflow?.progress;
  return (
    <section aria-labelledby="spec-heading" className="monitor-panel">
      <div className="panel-head">
        <h2 id="spec-heading">Monitor</h2>
        <span className="small muted" data-testid="monitor-version">
          version {monitor.version}{monitor.enabled ? '' : ' · disabled'} · updated <Time value={monitor.updatedAt} />
          {monitor.origin && <> · from <code>{monitor.origin}</code></>}
        </span>
        {canEdit && draft === null && (
          <button type="button" onClick={() => { save.reset(); setDraft(sourceOf(monitor)); }}>
            Edit YAML
          </button>
        )}
      </div>
      <p className="small muted" data-testid="monitor-workflow">
        Workflow <code>{monitor.workflowId}</code>:{' '}
        {monitor.workflow === null ? 'not started' : monitor.workflow.status.toLowerCase()}
        {progress?.nextWindowEnd && <> · next window ends {shortTime(progress.nextWindowEnd)}</>}
        {progress?.lastError && <span className="error-text"> · last error: {progress.lastError}</span>}
      </p>
      {draft === null ? (
        <pre className="monitor-spec" data-testid="monitor-spec">{sourceOf(monitor)}</pre>
      ) : (
        <form
          className="monitor-spec-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ source: draft, origin: monitor.origin ?? undefined });
          }}
        >
          <textarea
            aria-label="Monitor YAML"
            value={draft}
            spellCheck={false}
            rows={Math.min(30, Math.max(8, draft.split('\n').length + 1))}
            onChange={(e) => setDraft(e.target.value)}
          />
          {save.isError && <p className="error-text small pre" role="alert" data-testid="monitor-save-error">{errorMessage(save.error)}</p>}
          <div className="monitor-spec-actions">
            <button type="button" onClick={() => setDraft(null)} disabled={save.isPending}>Cancel</button>
            <button type="submit" className="primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</button>
          </div>
        </form>
      )}
    </section>
  );
}
