// The run's steps in plan order. Long runs start with their steps folded to one line each.
import type { StepRun } from '../../_lib/api-types';
import type { StepView } from '../../_lib/step-state';
import { StepRow } from './step-row';

/** Up to this many steps, every step shows its details from the start. */
const UNFOLDED_UP_TO = 12;

export function StepList({
  views,
  now,
  showGates,
  focus,
}: {
  views: StepView<StepRun>[];
  now: number;
  showGates: boolean;
  /** A step to open and scroll to (from a click in the run graph); `n` changes on every request. */
  focus?: { id: string; n: number };
}) {
  const folded = views.length > UNFOLDED_UP_TO;
  return (
    <section aria-labelledby="steps-heading">
      <h2 id="steps-heading" className="visually-hidden">
        Steps
      </h2>
      <ol className="steps">
        {views.map((v) => (
          <StepRow key={v.step.id} view={v} now={now} folded={folded} showGates={showGates} focusRequest={focus?.id === v.step.id ? focus.n : undefined} />
        ))}
      </ol>
    </section>
  );
}
