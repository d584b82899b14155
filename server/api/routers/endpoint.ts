// endpoint.*: serving's control plane — endpoints, what serves them, deploy and rollback (docs/serving.md).
import { z } from 'zod';
import { DEPLOY_STRATEGIES, DEPLOYMENT_STATUSES } from '../../db/schema';
import { deploy, ENDPOINT_NAME, ENDPOINT_NAME_RULE, getEndpointView, listEndpoints, rollback } from '../../services/endpoints';
import { Stage } from '../schemas/model';
import { actorOf, editorProcedure, router, viewerProcedure } from '../trpc';

const EndpointName = z.string().regex(ENDPOINT_NAME, `use ${ENDPOINT_NAME_RULE}`);
const Reason = z.string().trim().min(1).max(2000).optional();

const VariantOut = z.object({
  name: z.string(),
  role: z.enum(['primary', 'canary', 'shadow']),
  /** Percent of the traffic (for a shadow: of the requests copied to it). */
  weight: z.number(),
  modelVersionId: z.string().uuid(),
  model: z.string(),
  version: z.number().int(),
  stage: Stage,
});

const DeploymentOut = z.object({
  id: z.string().uuid(),
  endpointId: z.string().uuid(),
  number: z.number().int(),
  strategy: z.enum(DEPLOY_STRATEGIES),
  variants: z.array(VariantOut),
  config: z.record(z.string(), z.unknown()),
  status: z.enum(DEPLOYMENT_STATUSES),
  previousDeploymentId: z.string().uuid().nullable(),
  rollbackOf: z.string().uuid().nullable(),
  workflowId: z.string().nullable(),
  actor: z.string(),
  reason: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

const EndpointSummary = z.object({
  name: z.string(),
  description: z.string().nullable(),
  requireToken: z.boolean(),
  logSampleRate: z.number(),
  revision: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  current: DeploymentOut.nullable(),
});

export const endpointRouter = router({
  /** Every endpoint with its current deployment (variants, weights, versions), by name. */
  list: viewerProcedure.output(z.array(EndpointSummary)).query(({ ctx }) => listEndpoints(ctx.svc)),
  /** One endpoint: its settings, current deployment and deployment history, newest first. */
  get: viewerProcedure
    .input(z.object({ name: EndpointName }))
    .output(EndpointSummary.extend({ createdBy: z.string(), history: z.array(DeploymentOut) }))
    .query(({ ctx, input }) => getEndpointView(ctx.svc, input.name)),
  /**
   * Deploys MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS behind the endpoint (created when new). Only a version in
   * staging or production may take traffic. Strategies other than `replace` come with the rollout workflow.
   */
  deploy: editorProcedure
    .input(z.object({
      endpoint: EndpointName,
      model: z.string().trim().min(3).max(300).regex(/.@./, 'give MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS'),
      strategy: z.enum(['replace']).default('replace'),
      reason: Reason,
    }))
    .output(DeploymentOut.extend({ endpoint: z.string(), endpointCreated: z.boolean() }))
    .mutation(({ ctx, input }) => deploy(ctx.svc, { ...input, actor: actorOf(ctx) })),
  /** Returns the endpoint to the deployment before its current one, in one call. */
  rollback: editorProcedure
    .input(z.object({ endpoint: EndpointName, reason: Reason }))
    .output(DeploymentOut.extend({ endpoint: z.string(), undone: z.number().int(), restored: z.number().int() }))
    .mutation(({ ctx, input }) => rollback(ctx.svc, { ...input, actor: actorOf(ctx) })),
});
