// The small facts a step recorded about itself (rows dropped, epochs, device…), drawn generically:
// scalars as "name value", maps of scalars as "name: a 1 · b 2", a loss curve as a sparkline.
// Things shown elsewhere (metric values, confusion matrix, calibration table, validation report) are left out.
import type { ArtifactRef } from '../../../dsl/refs';
import { isObject, lossCurveOf } from '../../_lib/artifacts';
import { formatValue, humanize } from '../../_lib/format';
import { Sparkline } from './sparkline';

// A training step's live figures are drawn with its curves (training-curves.tsx).
const SHOWN_ELSEWHERE = new Set([
  'confusionMatrix', 'perClass', 'calibration', 'rocAucNote', 'report', 'lossCurve', 'timeline',
  'valLossCurve', 'epoch', 'loss', 'lr', 'valLoss', 'valMetric', 'etaSeconds', 'samplesPerSecond',
  // How far a running read has come: on the step's row (step-row.tsx).
  'reading',
  // A sweep's trials have their own table (sweep-view.tsx); a trial's selection figures are in it.
  'sweep', 'selection',
]);

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function Fact({ name, value }: { name: string; value: unknown }) {
  if (isScalar(value)) {
    return (
      <div className="fact">
        <dt>{humanize(name)}</dt>
        <dd>{formatValue(value)}</dd>
      </div>
    );
  }
  const entries = isObject(value) ? Object.entries(value).filter(([, v]) => isScalar(v)) : [];
  if (entries.length === 0) return null;
  return (
    <div className="fact">
      <dt>{humanize(name)}</dt>
      <dd>{entries.map(([k, v]) => `${k} ${formatValue(v)}`).join(' · ')}</dd>
    </div>
  );
}

/** A deploy.lifecycle step's decisions, in order: when, which stage, what it decided (the evidence is in the audit log). */
function Timeline({ entries }: { entries: unknown[] }) {
  const rows = entries.filter(isObject).map((e) => ({ at: String(e.at ?? ''), stage: String(e.stage ?? ''), decision: String(e.decision ?? '') }));
  if (rows.length === 0) return null;
  return (
    <div className="fact">
      <dt>timeline</dt>
      <dd>
        <ol className="timeline">
          {rows.map((r, i) => (
            <li key={i}>
              <time dateTime={r.at}>{r.at.slice(11, 19)}</time> <strong>{r.stage}</strong> {r.decision}
            </li>
          ))}
        </ol>
      </dd>
    </div>
  );
}

export function StepFacts({ summary, outputs }: { summary: unknown; outputs: Array<[string, ArtifactRef]> }) {
  if (!isObject(summary)) return null;
  const metricNames = new Set(outputs.flatMap(([, a]) => (a.type === 'Metrics' ? Object.keys(a.values) : [])));
  const facts = Object.entries(summary).filter(([k, v]) => !SHOWN_ELSEWHERE.has(k) && !metricNames.has(k) && v !== null && v !== undefined);
  const curve = lossCurveOf(summary);
  const timeline = Array.isArray(summary.timeline) ? summary.timeline : undefined;
  if (facts.length === 0 && !curve && !timeline) return null;
  return (
    <dl className="facts small">
      {facts.map(([k, v]) => (
        <Fact key={k} name={k} value={v} />
      ))}
      {timeline && <Timeline entries={timeline} />}
      {curve && (
        <div className="fact">
          <dt>loss curve</dt>
          <dd>
            <Sparkline values={curve} label="training loss by epoch" />
          </dd>
        </div>
      )}
    </dl>
  );
}
