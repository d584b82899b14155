// The top-label calibration table of a classifier's evaluation: for each confidence bin with rows, how many rows,
// their mean confidence (the predicted class's probability) and how often that prediction was right.
import type { CalibrationBin } from '../../../_lib/artifacts';
import { formatNumber } from '../../../_lib/format';
import styles from './calibration.module.css';

const edge = (v: number) => String(Number(v.toFixed(2)));
const pct = (v: number) => `${Math.round(Math.min(1, Math.max(0, v)) * 1000) / 10}%`;

export function CalibrationTable({ bins, ece }: { bins: CalibrationBin[]; ece: number | undefined }) {
  const shown = bins.filter((b) => b.count > 0);
  if (shown.length === 0) return null;
  return (
    <table className="mini" aria-label="Calibration (confidence of the predicted class)">
      <caption className="small muted">
        calibration{ece !== undefined && <> · ECE {formatNumber(ece)}</>}
      </caption>
      <thead>
        <tr>
          <th scope="col">confidence bin</th>
          <th scope="col" className="num">rows</th>
          <th scope="col" className="num">confidence</th>
          <th scope="col" className="num">accuracy</th>
          <th scope="col">
            <span className="visually-hidden">accuracy against confidence</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shown.map((b) => (
          <tr key={b.lower}>
            <th scope="row" className="mono">
              {edge(b.lower)}–{edge(b.upper)}
            </th>
            <td className="num">{formatNumber(b.count)}</td>
            <td className="num">{b.confidence === null ? '—' : formatNumber(b.confidence)}</td>
            <td className="num">{b.accuracy === null ? '—' : formatNumber(b.accuracy)}</td>
            <td>
              {b.accuracy !== null && b.confidence !== null && (
                <span className={styles.bar} title={`accuracy ${formatNumber(b.accuracy)} · confidence ${formatNumber(b.confidence)}`}>
                  <span className={styles.accuracy} style={{ width: pct(b.accuracy) }} />
                  <span className={styles.confidence} style={{ left: pct(b.confidence) }} />
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
