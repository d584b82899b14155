// A step's outputs, one card per output port, each drawn by the kind of artifact it refers to.
import type { ArtifactRef } from '../../../../dsl/refs';
import { MetricsOutput } from './metrics-output';
import { ModelOutput } from './model-output';
import { ModelVersionOutput } from './model-version-output';
import { ReportOutput } from './report-output';
import { TableOutput } from './table-output';

function Content({ port, artifact, summary }: { port: string; artifact: ArtifactRef; summary: unknown }) {
  switch (artifact.type) {
    case 'Table':
      return <TableOutput port={port} table={artifact} />;
    case 'Metrics':
      return <MetricsOutput metrics={artifact} summary={summary} />;
    case 'Model':
      return <ModelOutput model={artifact} />;
    case 'Report':
      return <ReportOutput report={artifact} summary={summary} />;
    case 'ModelVersion':
      return <ModelVersionOutput version={artifact} />;
    case 'Deployment':
      return (
        <p>
          endpoint <strong>{artifact.endpoint}</strong>: deployment #{artifact.number} serves {artifact.model} v{artifact.version} ({artifact.strategy})
        </p>
      );
  }
}

export function OutputList({ outputs, summary }: { outputs: Array<[string, ArtifactRef]>; summary: unknown }) {
  return (
    <ul className="outputs" aria-label="Outputs">
      {outputs.map(([port, artifact]) => (
        <li key={port} className={`output output-${artifact.type}`}>
          <span className="output-port">
            {port}
            {port.toLowerCase() !== artifact.type.toLowerCase() && <span className="muted"> · {artifact.type}</span>}
          </span>
          <Content port={port} artifact={artifact} summary={summary} />
        </li>
      ))}
    </ul>
  );
}
