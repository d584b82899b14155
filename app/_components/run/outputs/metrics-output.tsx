// A metrics artifact: its values (the names gates use), the confusion matrix, the calibration table and per-class
// figures.
import type { MetricsRef } from '../../../../dsl/refs';
import { calibrationOf, confusionMatrixOf, perClassOf, rocAucNoteOf } from '../../../_lib/artifacts';
import { formatNumber } from '../../../_lib/format';
import { CalibrationTable } from './calibration';
import { ConfusionMatrixTable } from './confusion-matrix';
import { PerClassTable } from './per-class';

export function MetricsOutput({ metrics, summary }: { metrics: MetricsRef; summary: unknown }) {
  const cm = confusionMatrixOf(summary);
  const perClass = perClassOf(summary);
  const calibration = calibrationOf(summary);
  return (
    <div className="metrics">
      <table className="mini" aria-label="Metric values">
        <tbody>
          {Object.entries(metrics.values).map(([k, v]) => (
            <tr key={k}>
              <th scope="row" className="mono">
                {k}
              </th>
              <td className="num">{formatNumber(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cm && <ConfusionMatrixTable cm={cm} />}
      {calibration && <CalibrationTable bins={calibration} ece={metrics.values.ece} />}
      {perClass && <PerClassTable perClass={perClass} rocAucNote={rocAucNoteOf(summary)} />}
    </div>
  );
}
