// Temporal task queues: resource pools. `pipelineRun` workflows and bookkeeping run on the cpu queue. A module
// without zod: the workflow bundle imports it, and every module the workflow code imports is evaluated again for
// each new workflow (the SDK's per-workflow module isolation), so it must stay cheap to evaluate.
export const TASK_QUEUES = { cpu: 'headrace-cpu', gpu: 'headrace-gpu' } as const;
export type QueueName = keyof typeof TASK_QUEUES;
export type TaskQueue = (typeof TASK_QUEUES)[QueueName];
