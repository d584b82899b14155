// Shapes of monitor.* answers, inferred from the router (dates arrive as Date through superjson).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/api/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type MonitorView = Outputs['monitor']['get'];
export type StoredWindow = Outputs['monitor']['windows']['windows'][number];
export type FeatureDrift = StoredWindow['features'][string];
export type Alert = Outputs['monitor']['alerts'][number];
export type RunItem = Outputs['run']['list']['items'][number];
export type EndpointDetail = Outputs['endpoint']['get'];

/** A mark on the time charts: a retrain run, or a deployment of the endpoint. */
export interface TimeMark {
  kind: 'retrain' | 'deployment';
  at: Date;
  /** Written on the chart; `label` in the list under it. */
  short: string;
  label: string;
  href: string;
}
