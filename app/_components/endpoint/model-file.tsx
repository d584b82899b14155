'use client';
// The ONNX file of each version the endpoint serves, with the signature an application embedding it needs:
// the input tensor, the features in order with their types, the outputs and the classes.
import { useQuery } from '@tanstack/react-query';
import { modelDownloadHref } from '../../_lib/links';
import { shortHash } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { SignatureView } from '../registry/signature-view';
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

function ModelFile({ model, version, variant }: { model: string; version: number; variant: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.model.version.queryOptions({ name: model, version }, { staleTime: 60_000 }));
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
        <SignatureView signature={q.data.signature} features={q.data.features} label={`Signature of ${model} v${version}`} tableLabel={`Features of ${model} v${version}`} shape />
      )}
    </div>
  );
}
