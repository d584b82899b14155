'use client';
// Rename or Duplicate a pipeline from the list: asks for the new name, checked as it is typed (the name rule at
// once, then whether a pipeline, archived ones too, has it), and says what the server refused in its sentence.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { errorData, errorMessage } from '../_lib/errors';
import { nameRuleProblem } from '../_lib/pipeline-name';
import { useTRPC } from '../_lib/trpc';
import styles from './pipeline-name-change.module.css';

export type NameChangeKind = 'rename' | 'duplicate';

export interface NameChangeDone {
  kind: NameChangeKind;
  from: string;
  name: string;
  version: number;
  origin: string | null;
}

const VERB = { rename: 'Rename', duplicate: 'Duplicate' } as const;

export function PipelineNameChange({ from, kind, onDone, onCancel }: {
  from: string;
  kind: NameChangeKind;
  onDone: (done: NameChangeDone) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(kind === 'rename' ? from : `${from}-copy`);
  const wanted = name.trim();
  const typed = useSettled(wanted, 250);
  const rule = nameRuleProblem(wanted);
  const unchanged = kind === 'rename' && wanted === from;
  const lookup = useQuery(
    trpc.pipeline.get.queryOptions({ name: typed }, { enabled: !nameRuleProblem(typed) && !(kind === 'rename' && typed === from), retry: false, staleTime: 0 }),
  );
  const mutation = useMutation((kind === 'rename' ? trpc.pipeline.rename : trpc.pipeline.duplicate).mutationOptions({
    onSuccess: (r) => onDone({ kind, from, name: r.name, version: r.version, origin: r.origin }),
  }));

  const checked = typed === wanted && !rule && !unchanged;
  const taken = checked && lookup.data ? lookup.data : undefined;
  const free = checked && errorData(lookup.error)?.code === 'NOT_FOUND';
  const problem = rule
    ?? (unchanged ? `"${from}" is its name now: type the new one.` : undefined)
    ?? (taken ? `A pipeline named "${wanted}" already exists${taken.pipeline.archived ? ' (archived)' : ''}, at v${taken.version.version}: choose another name.` : undefined)
    ?? (mutation.error ? errorMessage(mutation.error) : undefined);
  const id = `${kind}-${from}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rule || unchanged || taken || mutation.isPending) return;
    mutation.mutate({ name: from, newName: wanted });
  };

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      noValidate
      aria-label={`${VERB[kind]} ${from}`}
      data-testid="name-change"
    >
      <label htmlFor={id}>{kind === 'rename' ? `New name for ${from}` : `Name of the copy of ${from}`}</label>
      <input
        id={id}
        className="text-input is-mono"
        value={name}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => {
          setName(e.target.value);
          mutation.reset();
        }}
      />
      <button type="submit" className="primary" disabled={!!rule || unchanged || !!taken || mutation.isPending}>
        {mutation.isPending ? `${kind === 'rename' ? 'Renaming' : 'Duplicating'}…` : VERB[kind]}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <p id={`${id}-hint`} className={`small ${problem ? 'error-text' : 'muted'} ${styles.hint}`} role={problem ? 'alert' : undefined} data-testid="name-change-hint">
        {problem ?? (free ? `"${wanted}" is free. ${kind === 'rename' ? 'Its versions, runs and schedule move with it.' : 'The copy starts at v1, with no runs; its schedule, if any, starts paused.'}` : 'Lowercase letters, digits, "-" and "_", starting with a letter.')}
      </p>
    </form>
  );
}

/** `value` once it has stayed the same for `ms`: one lookup per pause in typing, not per key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
