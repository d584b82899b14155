// One step: its state, kind, dependencies, attempts and duration on one line; what it produced below.
import type { StepRun } from '../../_lib/api-types';
import { formatDuration, spanMs } from '../../_lib/format';
import type { StepView } from '../../_lib/step-state';
import { StateBadge } from '../state-badge';
import { StepBody } from './step-body';

function duration(view: StepView<StepRun>, now: number): string {
  const r = view.latest;
  if (!r || r.attempt === 0) return '';
  if (r.durationMs !== null && r.durationMs !== undefined) return formatDuration(r.durationMs);
  return view.state === 'running' ? formatDuration(spanMs(r.startedAt, null, now)) : '';
}

function Attempts({ view }: { view: StepView<StepRun> }) {
  const n = view.attempts.length;
  if (n === 0) return null;
  const max = view.step.retry?.maximumAttempts;
  return (
    <span className={n > 1 ? 'attempts retried' : 'attempts'} title={max ? `up to ${max} attempts` : undefined}>
      attempt {n}
      {n > 1 && max ? ` of ${max}` : ''}
    </span>
  );
}

export function StepRow({ view, now }: { view: StepView<StepRun>; now: number }) {
  const { step, state } = view;
  return (
    <li className={`step step-${state}`} data-testid={`step-${step.id}`} data-state={state}>
      <div className="step-line">
        <span className="step-pos" aria-hidden="true">
          {view.position}
        </span>
        <StateBadge state={state} />
        <span className="step-name">
          <strong>{step.id}</strong> <span className="mono muted small">{step.uses}</span>
        </span>
        <span className="step-deps muted small">{step.dependsOn.length > 0 && <>after {step.dependsOn.join(', ')}</>}</span>
        <Attempts view={view} />
        <span className="step-duration">{duration(view, now)}</span>
      </div>
      <StepBody view={view} />
    </li>
  );
}
