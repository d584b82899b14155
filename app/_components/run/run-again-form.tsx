'use client';
// Run again with edited params: the version's declared params with their types, filled with this run's values;
// submitting starts a fresh run of the same version with what was typed and opens it.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { RunView } from '../../_lib/api-types';
import { errorMessage } from '../../_lib/errors';
import { runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { declaredParams, readParams, type DeclaredParam } from './run-again-params';
import styles from './run-again-form.module.css';

type Run = Pick<RunView, 'pipelineName' | 'pipelineVersion' | 'params'>;

/** The params the run's version declares (read from its source once the run has finished); [] until then. */
export function useDeclaredParams(run: Run, enabled: boolean): DeclaredParam[] {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.pipeline.get.queryOptions({ name: run.pipelineName, version: run.pipelineVersion }, { enabled, staleTime: Infinity, refetchOnWindowFocus: false }),
  );
  const source = q.data?.version.source;
  return useMemo(() => (source ? declaredParams(source, (run.params ?? {}) as Record<string, unknown>) : []), [source, run.params]);
}

export function RunAgainForm({ run, params, id, onCancel }: { run: Run; params: DeclaredParam[]; id: string; onCancel: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const uid = useId();
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(params.map((p) => [p.name, p.value])));
  const [invalid, setInvalid] = useState<{ name: string; error: string } | undefined>();
  const start = useMutation(trpc.run.start.mutationOptions({ onSuccess: (r) => router.push(runHref(r.id)) }));
  const set = (name: string, text: string) => {
    setTexts((t) => ({ ...t, [name]: text }));
    if (invalid?.name === name) setInvalid(undefined);
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const read = readParams(params, texts);
    if ('error' in read) {
      setInvalid({ name: read.name, error: read.error });
      return;
    }
    setInvalid(undefined);
    start.mutate({ pipeline: run.pipelineName, version: run.pipelineVersion, params: read.values });
  };
  const error = invalid?.error ?? (start.isError ? errorMessage(start.error) : undefined);
  return (
    <form id={id} className={styles.form} onSubmit={submit} aria-label="Run again with these params" noValidate>
      <p className={`${styles.lead} small`}>
        A fresh run of {run.pipelineName} v{run.pipelineVersion}, from the first step, with these params (this run&apos;s values to start with):
      </p>
      <div className={styles.fields}>
        {params.map((p) => {
          const inputId = `${uid}-${p.name}`;
          const bad = invalid?.name === p.name;
          const common = {
            id: inputId,
            className: 'text-input is-small',
            name: p.name,
            value: texts[p.name] ?? '',
            'aria-invalid': bad || undefined,
            'aria-describedby': p.description ? `${inputId}-about` : undefined,
          };
          return (
            <div key={p.name} className={styles.field}>
              <label htmlFor={inputId}>
                <span className="mono">{p.name}</span> <span className="chip">{p.type}</span>
              </label>
              {p.type === 'boolean' ? (
                <select {...common} onChange={(e) => set(p.name, e.target.value)}>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <input
                  {...common}
                  inputMode={p.type === 'integer' ? 'numeric' : p.type === 'number' ? 'decimal' : undefined}
                  spellCheck={false}
                  onChange={(e) => set(p.name, e.target.value)}
                />
              )}
              {p.description && (
                <span id={`${inputId}-about`} className="muted small">
                  {p.description}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {error && (
        <p className="error-text" role="alert" data-testid="run-again-error">
          {error}
        </p>
      )}
      <div className={styles.buttons}>
        <button type="submit" className="primary" disabled={start.isPending || start.isSuccess}>
          {start.isPending ? 'Starting…' : start.isSuccess ? 'Opening the new run…' : 'Start the run'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
