// One line for a step's outputs, for the collapsed view of long runs: sizes, headline metrics, versions.
import type { ArtifactRef } from '../../../../dsl/refs';
import { formatNumber, shortHash } from '../../../_lib/format';

const HEADLINE = ['accuracy', 'macroF1', 'r2', 'rmse', 'logLoss'];

function brief(port: string, a: ArtifactRef): string {
  switch (a.type) {
    case 'Table':
      return `${port} ${formatNumber(a.rows)} × ${a.columns.length}`;
    case 'Model':
      return `model ${shortHash(a.hash, 8)} · ${a.signature.classes.length} classes`;
    case 'Metrics': {
      const keys = HEADLINE.filter((k) => k in a.values).slice(0, 2);
      const shown = keys.length > 0 ? keys : Object.keys(a.values).slice(0, 2);
      return shown.map((k) => `${k} ${formatNumber(a.values[k])}`).join(' · ');
    }
    case 'Report':
      return `${a.ok ? '✓' : '✗'} ${a.summary}`;
    case 'ModelVersion':
      return `${a.name} v${a.version} ${a.stage}`;
    case 'Deployment':
      return `${a.endpoint} #${a.number} → ${a.model} v${a.version}`;
  }
}

export function OutputBrief({ outputs }: { outputs: Array<[string, ArtifactRef]> }) {
  const text = outputs.map(([p, a]) => brief(p, a)).join(' · ');
  return (
    <span className="step-brief small" title={text}>
      {text}
    </span>
  );
}
