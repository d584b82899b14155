// The workflow bundle's entry: every workflow type the worker serves (contract: server/temporal/contract.ts).
export { pipelineRun } from './pipeline';
export { testChild, testLoop } from './test-child';
export { deploymentRollout } from './rollout';
export { deployRollout } from './deploy-rollout';
export { endpointMonitor } from './monitor';
export { dataTriggerPoll } from './window-triggers';
export { deployLifecycle } from './lifecycle';
