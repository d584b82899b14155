// The rules a validation step checked: the failing ones, open, when it failed; all of them on request.
import type { ValidationFacts } from '../../_lib/artifacts';
import { formatNumber } from '../../_lib/format';

function RulesTable({ rules, label }: { rules: ValidationFacts['rules']; label: string }) {
  return (
    <table className="mini" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Column</th>
          <th scope="col" className="num">
            Failing rows
          </th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r, i) => (
          <tr key={`${r.rule}-${r.column}-${i}`} className={r.ok ? undefined : 'bad'}>
            <td className="mono">{r.rule}</td>
            <td>{r.column ?? <span className="muted">table</span>}</td>
            <td className="num">{formatNumber(r.failingRows)}</td>
            <td className="wrap">
              <span aria-hidden="true">{r.ok ? '✓ ' : '✗ '}</span>
              {r.message}
              {r.rows && r.rows.length > 0 && <span className="muted"> (rows {r.rows.join(', ')})</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ValidationRules({ facts, failed }: { facts: ValidationFacts; failed: boolean }) {
  const failing = facts.rules.filter((r) => !r.ok);
  if (failed || failing.length > 0) {
    return (
      <div className="validation" data-testid="failing-rules">
        {failing.length > 0 ? (
          <RulesTable rules={failing} label="Failing rules" />
        ) : (
          facts.summary && <p className="small">{facts.summary}</p>
        )}
      </div>
    );
  }
  if (facts.rules.length === 0) return null;
  return (
    <details className="validation">
      <summary>{facts.rules.length === 1 ? '1 rule' : `${facts.rules.length} rules`}</summary>
      <RulesTable rules={facts.rules} label="Validation rules" />
    </details>
  );
}
