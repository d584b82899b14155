// A report artifact: passed or not, and its one-line summary.
import type { ReportRef } from '../../../../dsl/refs';

export function ReportOutput({ report }: { report: ReportRef }) {
  return (
    <p className={report.ok ? 'ok-text' : 'error-text'}>
      <strong>{report.ok ? '✓ passed' : '✗ failed'}</strong> <span className="wrap">{report.summary}</span>
    </p>
  );
}
