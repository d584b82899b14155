// A model version's signature as an application embedding its ONNX file needs it: the input tensor, the outputs,
// the target (on the version page), the classes, and the features in input order with their types. A model with
// preprocessing compiled in takes one input per raw column (text included): the table says which take a missing
// value, and the fields name the features the network was trained on. Shown on the version page and, per served
// version, on the endpoint page.
import type { ReactNode } from 'react';

interface Signature {
  input?: unknown;
  outputs?: unknown;
  target?: unknown;
  classes?: unknown;
  features?: unknown;
  columns?: Array<{ name: string; type: string; nullable: boolean; columnType: string }>;
  trainedOn?: unknown;
}

const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
const none = <span className="muted">—</span>;

export function SignatureView(props: {
  signature: unknown;
  /** The registered features; the signature's names (without types) when there are none. */
  features: Array<{ name: string; type: string }>;
  /** The accessible names of the fields and of the features table. */
  label: string;
  tableLabel: string;
  /** Whether to show the target column's name. */
  target?: boolean;
  /** Whether to say the input's type and shape (float32 [N, F]). */
  shape?: boolean;
}) {
  const sig = (props.signature ?? {}) as Signature;
  const columns = Array.isArray(sig.columns) ? sig.columns : undefined;
  const features: Array<{ name: string; type: string; nullable?: boolean }> = columns
    ? columns.map((c) => ({ name: c.name, type: c.columnType === 'string' ? 'text' : c.columnType, nullable: c.nullable }))
    : props.features.length > 0 ? props.features : list(sig.features).map((name) => ({ name, type: '' }));
  const input = typeof sig.input === 'string' ? sig.input : undefined;
  const trainedOn = list(sig.trainedOn);
  const rows: Array<[string, ReactNode, string?]> = [
    [
      'Input',
      columns
        ? <span>one per column, <span className="small muted">[N, 1] float32, or string for text</span></span>
        : (
          <>
            {input ? <code>{input}</code> : none}
            {props.shape && <span className="small muted"> float32 [N, {features.length}]</span>}
          </>
        ),
    ],
    ...(columns
      ? [['Preprocessing', <span key="p" title={trainedOn.join(', ')}>compiled in: {columns.length} raw columns → {trainedOn.length} features</span>, 'model-preprocessing'] as [string, ReactNode, string]]
      : []),
    ['Outputs', list(sig.outputs).length > 0 ? list(sig.outputs).map((o) => <code key={o} className="chip">{o}</code>) : none],
    ...(props.target ? [['Target', typeof sig.target === 'string' ? sig.target : none] as [string, ReactNode]] : []),
    ['Classes', list(sig.classes).length > 0 ? list(sig.classes).map((c) => <span key={c} className="chip">{c}</span>) : none, 'model-classes'],
  ];
  return (
    <>
      <dl className="fields" aria-label={props.label}>
        {rows.map(([k, val, testId]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd data-testid={testId}>{val}</dd>
          </div>
        ))}
      </dl>
      <table className="mini signature-features" aria-label={props.tableLabel}>
        <caption className="small muted">Features, in input order</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Feature</th>
            <th scope="col">Type</th>
            {columns && <th scope="col">Missing</th>}
          </tr>
        </thead>
        <tbody>
          {features.map((f, i) => (
            <tr key={f.name}>
              <td className="num">{i}</td>
              <td>{f.name}</td>
              <td className="muted">{f.type || '—'}</td>
              {columns && <td className="muted">{f.nullable ? 'allowed' : 'refused'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
