'use client';
// Where each input of a step comes from, chosen in the form as a wire is drawn on the canvas: one select per
// input port, offering the outputs of the same type on steps that do not depend on this one (no cycle).
import { useId } from 'react';
import type { InputSlot } from '../../../dsl/projection';

export interface InputSelectsProps {
  slots: readonly InputSlot[];
  /** `ref` is `step.port`; undefined removes the wire. */
  onInput(port: string, ref: string | undefined): void;
}

export function InputSelects({ slots, onInput }: InputSelectsProps) {
  if (slots.length === 0) return null;
  return (
    <fieldset className="cf-inputs" data-testid="cf-inputs">
      <legend className="cf-label">Inputs</legend>
      {slots.map((s) => (
        <InputSelect key={s.port} slot={s} onInput={onInput} />
      ))}
    </fieldset>
  );
}

function InputSelect({ slot, onInput }: { slot: InputSlot; onInput: InputSelectsProps['onInput'] }) {
  const id = useId();
  const refs = slot.choices.map((c) => `${c.source}.${c.sourcePort}`);
  // A wire the file has that is not a valid choice (another type, or from a step downstream) still shows.
  const stray = slot.current !== undefined && !refs.includes(slot.current) ? slot.current : undefined;
  return (
    <div className="cf-field cf-input" data-port={slot.port}>
      <div className="cf-row">
        <span className="cf-label">
          <label htmlFor={id} className={slot.adds ? undefined : 'mono'}>
            {slot.adds ? 'add a table' : slot.port}
          </label>
          {!slot.optional && (
            <span className="cf-required" aria-hidden="true" title="required">
              {' *'}
            </span>
          )}
          <span className="cf-badge">{slot.type}</span>
        </span>
        <div className="cf-control">
          <select
            id={id}
            aria-label={slot.adds ? `Add a ${slot.type} input` : `Input ${slot.port}`}
            aria-invalid={stray !== undefined || undefined}
            value={slot.current ?? ''}
            onChange={(e) => onInput(slot.port, e.target.value === '' ? undefined : e.target.value)}
          >
            <option value="">none</option>
            {slot.choices.map((c, i) => (
              <option key={refs[i]} value={refs[i]}>
                {refs[i]} · {c.type}
              </option>
            ))}
            {stray && <option value={stray}>{stray} · cannot feed this input</option>}
          </select>
        </div>
      </div>
      {slot.choices.length === 0 && <p className="cf-help">No step before this one has a {slot.type} output.</p>}
    </div>
  );
}
