// The workflow bundle's entry: every workflow type the worker serves.
export { pipelineRun, statusQuery } from './pipeline';
