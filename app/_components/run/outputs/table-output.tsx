// A table artifact: its size, its columns with their types on request, and a link to its dataset page.
import Link from 'next/link';
import type { TableRef } from '../../../../dsl/refs';
import { formatNumber, shortHash } from '../../../_lib/format';
import { datasetHref } from '../../../_lib/links';

export function TableOutput({ port, table }: { port: string; table: TableRef }) {
  return (
    <div>
      <p>
        <strong>{formatNumber(table.rows)}</strong> rows × <strong>{table.columns.length}</strong> columns{' '}
        <span className="mono muted small" title={table.hash}>
          {shortHash(table.hash, 8)}
        </span>{' '}
        <Link href={datasetHref(table.hash)} className="small" aria-label={`Dataset of ${port}`}>
          Open dataset
        </Link>
      </p>
      <details>
        <summary aria-label={`Columns of ${port}`}>Columns</summary>
        <table className="mini" aria-label={`Columns of ${port}`}>
          <tbody>
            {table.columns.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td className="mono muted">{c.type}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
