// Precision, recall, F1 and support of each class, on request.
import type { ClassFigures } from '../../../_lib/artifacts';
import { formatNumber } from '../../../_lib/format';

export function PerClassTable({ perClass }: { perClass: Record<string, ClassFigures> }) {
  return (
    <details>
      <summary>Per class</summary>
      <table className="mini" aria-label="Per-class figures">
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col" className="num">precision</th>
            <th scope="col" className="num">recall</th>
            <th scope="col" className="num">F1</th>
            <th scope="col" className="num">support</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(perClass).map(([label, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="num">{formatNumber(f.precision)}</td>
              <td className="num">{formatNumber(f.recall)}</td>
              <td className="num">{formatNumber(f.f1)}</td>
              <td className="num">{formatNumber(f.support)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
