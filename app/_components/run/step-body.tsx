// Below a step's line: earlier failed attempts, its error, gates, validation rules, outputs and facts.
import type { ArtifactRef } from '../../../dsl/refs';
import type { GateCondition } from '../../../dsl/plan';
import type { StepRun } from '../../_lib/api-types';
import { outputsOf, validationOf, type ValidationFacts } from '../../_lib/artifacts';
import type { StepView } from '../../_lib/step-state';
import { OutputList } from './outputs/output-list';
import { StepError } from './step-error';
import { StepFacts } from './step-facts';
import { SweepView, sweepOf } from './sweep-view';
import { TrainingCurves } from './training-curves';
import { ValidationRules } from './validation-rules';

export interface BodyParts {
  view: StepView<StepRun>;
  earlier: StepRun[];
  outputs: Array<[string, ArtifactRef]>;
  /** Failing rules of a validation step that failed (it has no Report output then). */
  failedValidation: ValidationFacts | undefined;
  gates: GateCondition[];
  summary: unknown;
}

/** What a step has to show below its line; `undefined` when nothing. */
export function bodyParts(view: StepView<StepRun>, showGates: boolean): BodyParts | undefined {
  const r = view.latest;
  const earlier = view.attempts.slice(0, -1).filter((a) => a.error);
  const outputs = outputsOf(r?.outputs);
  const validation = validationOf(r?.summary);
  const failedValidation = validation && view.state === 'failed' && !outputs.some(([, a]) => a.type === 'Report') ? validation : undefined;
  const gates = showGates ? (view.step.gate ?? []) : [];
  const summary = r?.summary ?? undefined;
  if (!r?.error && earlier.length === 0 && outputs.length === 0 && !failedValidation && summary === undefined && gates.length === 0) return undefined;
  return { view, earlier, outputs, failedValidation, gates, summary };
}

export function StepBody({ parts, id }: { parts: BodyParts; id: string }) {
  const { view, earlier, outputs, failedValidation, gates, summary } = parts;
  const error = view.latest?.error;
  const sweep = sweepOf(summary);
  return (
    <div className="step-body" id={id}>
      {earlier.map((a) => (
        <StepError key={a.attempt} message={`attempt ${a.attempt} ${a.status}: ${a.error}`} tone="earlier" />
      ))}
      {error && <StepError message={error} tone={view.state === 'failed' ? 'error' : 'note'} />}
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
      {failedValidation && <ValidationRules facts={failedValidation} failed />}
      {outputs.length > 0 && <OutputList outputs={outputs} summary={summary} />}
      {sweep && <SweepView sweep={sweep} />}
      {!sweep && view.step.uses.startsWith('train.') && view.latest?.runId && (
        <TrainingCurves runId={view.latest.runId} stepId={view.step.id} running={view.state === 'running'} summary={summary} />
      )}
      {summary !== undefined && <StepFacts summary={summary} outputs={outputs} />}
    </div>
  );
}
