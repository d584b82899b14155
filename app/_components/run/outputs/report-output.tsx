// A report artifact: passed or not, its one-line summary, and the rules it checked on request.
import type { ReportRef } from '../../../../dsl/refs';
import { validationOf } from '../../../_lib/artifacts';
import { ValidationRules } from '../validation-rules';

export function ReportOutput({ report, summary }: { report: ReportRef; summary: unknown }) {
  const validation = validationOf(summary);
  return (
    <div>
      <p className={report.ok ? 'ok-text' : 'error-text'}>
        <span aria-hidden="true">{report.ok ? '✓ ' : '✗ '}</span>
        <span className="visually-hidden">{report.ok ? 'passed: ' : 'failed: '}</span>
        <span className="wrap">{report.summary}</span>
      </p>
      {validation && <ValidationRules facts={validation} failed={!report.ok} />}
    </div>
  );
}
