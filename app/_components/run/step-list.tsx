// The run's steps in plan order.
import type { StepRun } from '../../_lib/api-types';
import type { StepView } from '../../_lib/step-state';
import { StepRow } from './step-row';

export function StepList({ views, now }: { views: StepView<StepRun>[]; now: number }) {
  return (
    <section aria-labelledby="steps-heading">
      <h2 id="steps-heading" className="visually-hidden">
        Steps
      </h2>
      <ol className="steps">
        {views.map((v) => (
          <StepRow key={v.step.id} view={v} now={now} />
        ))}
      </ol>
    </section>
  );
}
