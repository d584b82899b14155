// Shapes of what the API returns, inferred from the router type (dates arrive as Date through superjson).
import type { inferRouterOutputs } from '@trpc/server';
import { FINISHED_RUN_STATUSES, type RunStatus } from '../../dsl/states';
import type { AppRouter } from '../../server/api/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type RunView = Outputs['run']['get'];
export type StepRun = RunView['steps'][number];
export type RunListItem = Outputs['run']['list']['items'][number];
export type PipelineListItem = Outputs['pipeline']['list'][number];
export type ModelVersionItem = Outputs['model']['list'][number];
export type ModelVersionDetail = Outputs['model']['version'];

export type { RunStatus } from '../../dsl/states';

export function isRunActive(status: string | undefined): boolean {
  return status !== undefined && !FINISHED_RUN_STATUSES.includes(status as RunStatus);
}
