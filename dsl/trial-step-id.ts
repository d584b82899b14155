// A sweep's trial ids, in a module without zod: the workflow code imports it (see ./task-queues.ts for why that
// matters).

/** The step id of a sweep's trial: its step rows, logs and curves are kept under it. */
export const trialStepId = (stepId: string, index: number) => `${stepId}~${index}`;
