// Below a step's line: earlier failed attempts, its error, validation rules, outputs and facts.
import type { StepRun } from '../../_lib/api-types';
import { outputsOf, validationOf } from '../../_lib/artifacts';
import type { StepView } from '../../_lib/step-state';
import { OutputList } from './outputs/output-list';
import { StepError } from './step-error';
import { StepFacts } from './step-facts';
import { ValidationRules } from './validation-rules';

export function StepBody({ view }: { view: StepView<StepRun> }) {
  const r = view.latest;
  const earlier = view.attempts.slice(0, -1).filter((a) => a.error);
  const outputs = outputsOf(r?.outputs);
  const validation = validationOf(r?.summary);
  const gates = view.step.gate ?? [];
  const hasFacts = r?.summary !== null && r?.summary !== undefined;
  if (!r?.error && earlier.length === 0 && outputs.length === 0 && !validation && !hasFacts && gates.length === 0) return null;
  return (
    <div className="step-body">
      {earlier.map((a) => (
        <p key={a.attempt} className="earlier-attempt small">
          attempt {a.attempt} {a.status}: {a.error}
        </p>
      ))}
      {r?.error && <StepError message={r.error} />}
      {gates.length > 0 && (
        <p className="small">
          <span className="muted">gate </span>
          {gates.map((g) => (
            <code key={g.source} className="chip">
              {g.source}
            </code>
          ))}
        </p>
      )}
      {validation && <ValidationRules facts={validation} failed={view.state === 'failed'} />}
      {outputs.length > 0 && <OutputList outputs={outputs} summary={r?.summary} />}
      {hasFacts && <StepFacts summary={r?.summary} outputs={outputs} />}
    </div>
  );
}
