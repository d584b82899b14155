// Where things live in the app.
export const runHref = (id: string) => `/runs/${id}`;
export const pipelineRunsHref = (name: string) => `/runs?pipeline=${encodeURIComponent(name)}`;
export const modelAnchor = (name: string, version: number) => `model-${name}-v${version}`;
export const modelHref = (name: string, version: number) => `/models#${modelAnchor(name, version)}`;
