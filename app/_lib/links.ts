// Where things live in the app.
export const runHref = (id: string) => `/runs/${id}`;
export const pipelineRunsHref = (name: string) => `/runs?pipeline=${encodeURIComponent(name)}`;
export const modelAnchor = (name: string, version: number) => `model-${name}-v${version}`;
export const modelPageHref = (name: string) => `/models/${encodeURIComponent(name)}`;
export const modelHref = (name: string, version: number) => `${modelPageHref(name)}/versions/${version}`;
/** The version's ONNX file, served by the platform's HTTP server (server/artifacts/model-download.ts). */
export const modelDownloadHref = (name: string, version: number) => `/api/models/${encodeURIComponent(name)}/versions/${version}/model.onnx`;
export const datasetHref = (idOrHash: string) => `/datasets/${idOrHash}`;
export const datasetsHref = '/datasets';
/** The lineage page of a model version (NAME@VERSION) or a dataset (id, table sha256 or source key). */
export const lineageHref = (of: { model: string } | { dataset: string }) =>
  'model' in of ? `/lineage?model=${encodeURIComponent(of.model)}` : `/lineage?dataset=${encodeURIComponent(of.dataset)}`;
