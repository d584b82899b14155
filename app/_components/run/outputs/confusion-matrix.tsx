// Actual classes down, predicted across; a cell's shade is its share of the actual class (at most 45 %,
// so the number stays readable on it).
import type { CSSProperties } from 'react';
import type { ConfusionMatrix } from '../../../_lib/artifacts';

export function ConfusionMatrixTable({ cm }: { cm: ConfusionMatrix }) {
  return (
    <table className="mini confusion" aria-label="Confusion matrix (rows: actual, columns: predicted)">
      <caption className="small muted">confusion matrix</caption>
      <thead>
        <tr>
          <th scope="col" className="corner small muted">
            actual ↓ predicted →
          </th>
          {cm.labels.map((l) => (
            <th scope="col" key={l}>
              {l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {cm.matrix.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0) || 1;
          return (
            <tr key={cm.labels[i] ?? i}>
              <th scope="row">{cm.labels[i]}</th>
              {row.map((n, j) => (
                <td
                  key={j}
                  className={`num ${i === j ? 'diag' : n > 0 ? 'off' : ''}`}
                  style={{ '--share': `${Math.round((n / total) * 45)}%` } as CSSProperties}
                >
                  {n}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
