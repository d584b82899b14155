// One line for the whole run: counts per state and a strip with a segment per step, in plan order.
import { countStates, STEP_STATES, type StepState } from '../../_lib/step-state';

export function StepProgress({ views }: { views: Array<{ step: { id: string }; state: StepState }> }) {
  const counts = countStates(views);
  const parts = STEP_STATES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return (
    <div className="progress">
      <p className="progress-text">
        <strong>{views.length} steps</strong>
        {parts.length > 0 && <span className="muted"> · {parts.join(' · ')}</span>}
      </p>
      <div className="strip" aria-hidden="true">
        {views.map((v) => (
          <span key={v.step.id} className={`strip-seg state-${v.state}`} title={`${v.step.id}: ${v.state}`} />
        ))}
      </div>
    </div>
  );
}
