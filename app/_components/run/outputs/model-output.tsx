// A model artifact: its content hash, the classes it predicts and the features it reads.
import type { ModelRef } from '../../../../dsl/refs';
import { formatValue, shortHash } from '../../../_lib/format';

export function ModelOutput({ model }: { model: ModelRef }) {
  const sig = model.signature;
  const training = Object.entries(model.training ?? {}).filter(([k]) => k === 'epochs' || k === 'device' || k === 'finalLoss');
  return (
    <div>
      <p>
        <span className="muted small">{model.framework} </span>
        <span className="mono" title={model.hash}>
          {shortHash(model.hash)}
        </span>
        {training.map(([k, v]) => (
          <span key={k} className="small muted">
            {' '}
            · {k} {formatValue(v)}
          </span>
        ))}
      </p>
      <p>
        <span className="muted small">predicts {sig.target}: </span>
        {sig.classes.map((c) => (
          <span key={c} className="chip">
            {c}
          </span>
        ))}
      </p>
      <details>
        <summary>{sig.features.length} features</summary>
        <ul className="plain small">
          {sig.features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
