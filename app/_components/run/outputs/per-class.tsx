// Precision, recall, F1, support and one-vs-rest ROC AUC of each class, on request.
import type { ClassFigures } from '../../../_lib/artifacts';
import { formatNumber } from '../../../_lib/format';

export function PerClassTable({ perClass, rocAucNote }: { perClass: Record<string, ClassFigures>; rocAucNote?: string }) {
  // Evaluations made before ROC AUC existed have no rocAuc key: no column for them.
  const withAuc = Object.values(perClass).some((f) => f.rocAuc !== undefined);
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
            {withAuc && (
              <th scope="col" className="num" title="ROC AUC of the class against the rest">
                AUC
              </th>
            )}
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
              {withAuc && <td className="num">{typeof f.rocAuc === 'number' ? formatNumber(f.rocAuc) : '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {withAuc && rocAucNote && <p className="small muted">ROC AUC: {rocAucNote}</p>}
    </details>
  );
}
