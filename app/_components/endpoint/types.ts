// Shapes of endpoint.* answers, inferred from the router (dates arrive as Date through superjson).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/api/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type EndpointListItem = Outputs['endpoint']['list'][number];
export type EndpointDetail = Outputs['endpoint']['get'];
export type Deployment = EndpointDetail['history'][number];
export type DeployedVariant = Deployment['variants'][number];
export type EndpointStats = Outputs['endpoint']['stats'];
export type VariantStats = EndpointStats['variants'][number];

/** Traffic of the variants that answer callers (shadows never do), summed: requests/s, error rate, worst p99. */
export function answeringTotals(variants: VariantStats[]): { rps: number; requests: number; errors: number; errorRate: number; p99Ms: number | null } {
  const answering = variants.filter((v) => v.role !== 'shadow');
  const requests = answering.reduce((a, v) => a + v.requests, 0);
  const errors = answering.reduce((a, v) => a + v.errors, 0);
  const served = answering.filter((v) => v.requests > 0);
  // A null p99 with requests is above the histogram's last bound: it is the worst.
  const p99Ms = served.length === 0 || served.some((v) => v.p99Ms === null) ? null : Math.max(...served.map((v) => v.p99Ms as number));
  return { rps: answering.reduce((a, v) => a + v.rps, 0), requests, errors, errorRate: requests > 0 ? errors / requests : 0, p99Ms };
}
