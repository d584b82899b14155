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
