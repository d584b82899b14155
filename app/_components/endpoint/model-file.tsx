'use client';
// The ONNX file of each version the endpoint serves, with the signature an application embedding it needs:
// the input tensor, the features in order with their types, the outputs and the classes.
import { useQuery } from '@tanstack/react-query';
import { modelDownloadHref } from '../../_lib/links';
import { shortHash } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import type { Deployment } from './types';

export function ModelFiles({ deployment }: { deployment: Deployment }) {
  const seen = new Set<string>();
  const versions = deployment.variants.filter((v) => (seen.has(v.modelVersionId) ? false : (seen.add(v.modelVersionId), true)));
  return (
    <section aria-labelledby="onnx-heading" data-testid="model-files">
      <h2 id="onnx-heading">ONNX file</h2>
      <p className="small muted">To run the model inside an application or on a device, with onnxruntime.</p>
      {versions.map((v) => (
        <ModelFile key={v.modelVersionId} model={v.model} version={v.version} variant={v.name} />
      ))}
    </section>
  );
}

const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);

function ModelFile({ model, version, variant }: { model: string; version: number; variant: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.model.version.queryOptions({ name: model, version }, { staleTime: 60_000 }));
  const sig = (q.data?.signature ?? {}) as { input?: unknown; outputs?: unknown; classes?: unknown; features?: unknown; target?: unknown };
  const features = q.data ? (q.data.features.length > 0 ? q.data.features : list(sig.features).map((name) => ({ name, type: '' }))) : [];
  return (
    <div className="model-file" data-testid={`model-file-${model}-v${version}`}>
      <div className="model-file-head">
        <a className="button-link" href={modelDownloadHref(model, version)} download aria-label={`Download ONNX of ${model} v${version}`}>
          Download {model}-v{version}.onnx
        </a>
        <span className="small muted">
          {variant}
          {q.data && <> · sha256 {shortHash(q.data.artifactHash)}</>}
        </span>
      </div>
      {q.data && (
        <>
          <dl className="fields" aria-label={`Signature of ${model} v${version}`}>
            <dt>Input</dt>
            <dd>
              {typeof sig.input === 'string' ? <code>{sig.input}</code> : '—'}
              <span className="small muted"> float32 [N, {features.length}]</span>
            </dd>
            <dt>Outputs</dt>
            <dd>{list(sig.outputs).length > 0 ? list(sig.outputs).map((o) => <code key={o} className="chip">{o}</code>) : '—'}</dd>
            <dt>Classes</dt>
            <dd data-testid="model-classes">{list(sig.classes).length > 0 ? list(sig.classes).map((c) => <span key={c} className="chip">{c}</span>) : '—'}</dd>
          </dl>
          <table className="mini" aria-label={`Features of ${model} v${version}`}>
            <caption className="small muted">Features, in input order</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Feature</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {features.map((f, i) => (
                <tr key={f.name}>
                  <td className="num">{i}</td>
                  <td>{f.name}</td>
                  <td className="muted">{f.type || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
