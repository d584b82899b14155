'use client';
// One step: state, kind, dependencies, attempts and duration on one line; its details below, which
// the person can fold (long runs start folded, except the steps that failed).
import { useEffect, useId, useRef, useState } from 'react';
import type { StepRun } from '../../_lib/api-types';
import { formatDuration, spanMs } from '../../_lib/format';
import type { StepView } from '../../_lib/step-state';
import { StateBadge } from '../state-badge';
import { OutputBrief } from './outputs/output-brief';
import { bodyParts, StepBody } from './step-body';

/** The step's duration as shown: its latest attempt's, ticking while it runs; '' before it ran. */
export function stepDuration(view: StepView<StepRun>, now: number): string {
  const r = view.latest;
  if (!r || r.attempt === 0) return '';
  if (r.durationMs !== null && r.durationMs !== undefined) return formatDuration(r.durationMs);
  return view.state === 'running' ? formatDuration(spanMs(r.startedAt, null, now)) : '';
}

/** One line on the step's row: why it was skipped, an approval's decision, or how far a read has come. */
export function stepNote(view: StepView<StepRun>): string | undefined {
  const summary = (view.latest?.summary ?? {}) as {
    reason?: unknown; approval?: { approved?: unknown; actor?: unknown; reason?: unknown }; reading?: { phase?: unknown; rows?: unknown; totalRows?: unknown };
  };
  if (view.state === 'skipped') return typeof summary.reason === 'string' ? `skipped: ${summary.reason}` : undefined;
  const r = summary.reading;
  if (view.state === 'running' && r && typeof r.rows === 'number') {
    const of = typeof r.totalRows === 'number' && r.totalRows > 0 ? ` of ${count(r.totalRows)} (${Math.floor((100 * r.rows) / r.totalRows)} %)` : '';
    return `${typeof r.phase === 'string' ? `${r.phase}: ` : ''}${count(r.rows)} rows${of}`;
  }
  const d = summary.approval;
  if (d && typeof d.actor === 'string') return `${d.approved ? 'approved' : 'rejected'} by ${d.actor}: ${String(d.reason ?? '')}`;
  return undefined;
}

const count = (n: number) => n.toLocaleString('en-US');

function Attempts({ view }: { view: StepView<StepRun> }) {
  const n = view.attempts.length;
  if (n === 0) return <span />;
  const max = view.step.retry?.maximumAttempts;
  return (
    <span className={n > 1 ? 'attempts retried' : 'attempts'} title={max ? `up to ${max} attempts` : undefined}>
      attempt {n}
      {n > 1 && max ? ` of ${max}` : ''}
    </span>
  );
}

export function StepRow({
  view,
  now,
  folded,
  showGates,
  focusRequest,
}: {
  view: StepView<StepRun>;
  now: number;
  folded: boolean;
  showGates: boolean;
  /** Changes each time the run graph asks for this step: open it and scroll to it. */
  focusRequest?: number;
}) {
  const { step, state } = view;
  const [choice, setChoice] = useState<boolean | undefined>(undefined);
  const bodyId = useId();
  const parts = bodyParts(view, showGates);
  const note = stepNote(view);
  const open = parts !== undefined && (choice ?? (!folded || state === 'failed'));
  const row = useRef<HTMLLIElement>(null);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (focusRequest === undefined) return;
    setChoice(true);
    setFocused(true);
    // After the body renders, so the opened row is what scrolls into view.
    const t = requestAnimationFrame(() => {
      row.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      row.current?.focus({ preventScroll: true });
    });
    const off = setTimeout(() => setFocused(false), 2000);
    return () => {
      cancelAnimationFrame(t);
      clearTimeout(off);
    };
  }, [focusRequest]);
  return (
    <li
      ref={row}
      tabIndex={-1}
      className={`step state-${state}${focused ? ' step-focused' : ''}`}
      data-testid={`step-${step.id}`}
      data-state={state}
      data-expanded={open ? 'true' : 'false'}
    >
      <div className="step-line">
        <span className="step-pos" aria-hidden="true">
          {view.position}
        </span>
        <StateBadge state={state} />
        <span className="step-name" title={`${step.id} (${step.uses})`}>
          <strong>{step.id}</strong> <span className="mono muted small">{step.uses}</span>
        </span>
        <span className="step-deps muted small">{step.dependsOn.length > 0 && <>after {step.dependsOn.join(', ')}</>}</span>
        {note ? (
          <span className="step-note small" data-testid={`note-${step.id}`} title={note}>
            {note}
          </span>
        ) : !open && parts && parts.outputs.length > 0 ? (
          <OutputBrief outputs={parts.outputs} />
        ) : (
          <span />
        )}
        <Attempts view={view} />
        <span className="step-duration">{stepDuration(view, now)}</span>
        {parts ? (
          <button
            type="button"
            className="fold"
            aria-expanded={open}
            aria-controls={open ? bodyId : undefined}
            aria-label={`${open ? 'Hide' : 'Show'} details of ${step.id}`}
            onClick={() => setChoice(!open)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span />
        )}
      </div>
      {open && parts && <StepBody parts={parts} id={bodyId} />}
    </li>
  );
}
