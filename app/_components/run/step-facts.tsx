// The small facts a step recorded about itself (rows dropped, epochs, device…), drawn generically:
// scalars as "name value", maps of scalars as "name: a 1 · b 2", a loss curve as a sparkline.
// Things shown elsewhere (metric values, confusion matrix, validation report) are left out.
import type { ArtifactRef } from '../../../dsl/refs';
import { isObject, lossCurveOf } from '../../_lib/artifacts';
import { formatValue, humanize } from '../../_lib/format';
import { Sparkline } from './sparkline';

const SHOWN_ELSEWHERE = new Set(['confusionMatrix', 'perClass', 'report', 'lossCurve']);

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

export function StepFacts({ summary, outputs }: { summary: unknown; outputs: Array<[string, ArtifactRef]> }) {
  if (!isObject(summary)) return null;
  const metricNames = new Set(outputs.flatMap(([, a]) => (a.type === 'Metrics' ? Object.keys(a.values) : [])));
  const facts = Object.entries(summary).filter(([k, v]) => !SHOWN_ELSEWHERE.has(k) && !metricNames.has(k) && v !== null && v !== undefined);
  const curve = lossCurveOf(summary);
  if (facts.length === 0 && !curve) return null;
  return (
    <dl className="facts small">
      {facts.map(([k, v]) => (
        <Fact key={k} name={k} value={v} />
      ))}
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
