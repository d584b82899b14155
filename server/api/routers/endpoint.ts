// endpoint.*: serving's control plane — endpoints, what serves them, deploy and rollback (docs/serving.md).
import { z } from 'zod';
import { isoDate } from '../schemas/date';
import { DURATION } from '../../../dsl/grammar';
import { DEPLOY_STRATEGIES, DEPLOYMENT_STATUSES } from '../../db/schema';
import { deploy, ENDPOINT_NAME, ENDPOINT_NAME_RULE, getEndpointView, listEndpoints, promote, rollback, rolloutEvents } from '../../services/endpoints';
import { Stage } from '../schemas/model';
import { EndpointStatsOut } from '../schemas/serving';
import { endpointStats } from '../../services/endpoint-stats';
import { updateEndpoint } from '../../services/endpoints';
import { actorOf, editorProcedure, router, viewerProcedure } from '../trpc';

const EndpointName = z.string().regex(ENDPOINT_NAME, `use ${ENDPOINT_NAME_RULE}`);
const Reason = z.string().trim().min(1).max(2000).optional();
const ModelSpec = z.string().trim().min(3).max(300).regex(/.@./, 'give MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS');


const VariantOut = z.object({
  name: z.string(),
  role: z.enum(['primary', 'canary', 'shadow']),
  /** Percent of the traffic (for a shadow: of the requests copied to it). */
  weight: z.number(),
  modelVersionId: z.string().uuid(),
  model: z.string(),
  version: z.number().int(),
  stage: Stage,
}).meta({ id: 'Variant' });

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
  createdAt: isoDate(),
  finishedAt: isoDate().nullable(),
}).meta({ id: 'Deployment' });

const EndpointSummary = z.object({
  name: z.string(),
  description: z.string().nullable(),
  requireToken: z.boolean(),
  logSampleRate: z.number(),
  revision: z.number().int(),
  createdAt: isoDate(),
  updatedAt: isoDate(),
  current: DeploymentOut.nullable(),
}).meta({ id: 'Endpoint' });

export const endpointRouter = router({
  /** Every endpoint with its current deployment (variants, weights, versions), by name. */
  list: viewerProcedure.meta({ openapi: { method: 'GET', path: '/endpoints', tags: ['endpoints'], summary: 'Endpoints with their variants, versions and health' } }).output(z.array(EndpointSummary)).query(({ ctx }) => listEndpoints(ctx.svc)),
  /** One endpoint: its settings, current deployment and deployment history, newest first. */
  get: viewerProcedure.meta({ openapi: { method: 'GET', path: '/endpoints/{name}', tags: ['endpoints'], summary: 'One endpoint with its deployment history' } })
    .input(z.object({ name: EndpointName }))
    .output(EndpointSummary.extend({ createdBy: z.string(), history: z.array(DeploymentOut) }))
    .query(({ ctx, input }) => getEndpointView(ctx.svc, input.name)),
  /**
   * Deploys MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS behind the endpoint (created when new), by a rollout
   * workflow (docs/serving.md, "Rollouts"). Every version must be in staging or production. `replace` answers
   * once the version serves; `canary`, `split` and `shadow` answer once the rollout started (`wait`: finished).
   */
  deploy: editorProcedure.meta({ openapi: { method: 'POST', path: '/endpoints/{endpoint}/deployments', tags: ['endpoints'], summary: 'Deploy MODEL@VERSION (or @STAGE, @ALIAS) behind an endpoint by a strategy' } })
    .input(z.object({
      endpoint: EndpointName,
      model: ModelSpec,
      strategy: z.enum(DEPLOY_STRATEGIES).default('replace'),
      reason: Reason,
      /** canary: weights per step, the time each step is watched, and the bounds the canary must keep. */
      canary: z.object({
        steps: z.array(z.number().gt(0).max(100)).min(1).max(20).optional(),
        interval: z.string().trim().regex(DURATION, 'a duration: 30s, 10m, 1h').optional(),
        maxErrorRate: z.number().min(0).max(1).optional(),
        /** Milliseconds. */
        maxLatencyP99: z.number().positive().optional(),
        minRequests: z.number().int().min(0).optional(),
        maxHolds: z.number().int().min(0).max(100).optional(),
      }).optional(),
      /** split: the other competing versions with their weights; `model` takes what they leave of 100. */
      variants: z.array(z.object({ model: ModelSpec, weight: z.number().gt(0).lt(100) })).max(10).optional(),
      /** split or canary: the request header or body field whose value pins a caller to one variant. */
      sticky: z.object({ header: z.string().trim().min(1).max(200).optional(), field: z.string().trim().min(1).max(200).optional() }).optional(),
      /** shadow: percent of the requests copied to the challenger (default 100). */
      sample: z.number().gt(0).max(100).optional(),
      /** Answer once the rollout has finished (at most two minutes). */
      wait: z.boolean().optional(),
    }))
    .output(DeploymentOut.extend({ endpoint: z.string(), endpointCreated: z.boolean() }))
    .mutation(({ ctx, input }) => {
      const { canary, ...rest } = input;
      return deploy(ctx.svc, {
        ...rest,
        canary: canary && { ...canary, maxLatencyP99Ms: canary.maxLatencyP99 },
        actor: actorOf(ctx),
      });
    }),
  /**
   * The named variant takes all the traffic: a canary still rolling out is finished early; a variant of a split
   * or a shadow's challenger (or its primary) is deployed by `replace`, ending the split or the shadow.
   */
  promote: editorProcedure
    .input(z.object({ endpoint: EndpointName, variant: z.string().trim().min(1).max(300), reason: Reason }))
    .output(DeploymentOut.extend({ endpoint: z.string(), endpointCreated: z.boolean() }))
    .mutation(({ ctx, input }) => promote(ctx.svc, { ...input, actor: actorOf(ctx) })),
  /** The latest rollout of the endpoint: its deployment and the events it recorded (steps, judgements, rollbacks). */
  events: viewerProcedure
    .input(z.object({ endpoint: EndpointName }))
    .output(z.object({
      endpoint: z.string(),
      deployment: z.object({
        id: z.string().uuid(), number: z.number().int(), strategy: z.enum(DEPLOY_STRATEGIES), status: z.enum(DEPLOYMENT_STATUSES),
        workflowId: z.string().nullable(), config: z.record(z.string(), z.unknown()), createdAt: isoDate(), finishedAt: isoDate().nullable(),
      }).nullable(),
      events: z.array(z.object({ id: z.number().int(), at: isoDate(), kind: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) })),
    }))
    .query(({ ctx, input }) => rolloutEvents(ctx.svc, input.endpoint)),
  /** Per-variant requests/s, p50/p99 latency, errors and shadow comparison over the last `minutes` (default 5). */
  stats: viewerProcedure.meta({ openapi: { method: 'GET', path: '/endpoints/{endpoint}/stats', tags: ['endpoints'], summary: 'Per-variant requests, errors and latency of an endpoint' } })
    .input(z.object({ endpoint: EndpointName, minutes: z.number().min(1).max(24 * 60).optional(), deploymentId: z.string().uuid().optional() }))
    .output(EndpointStatsOut)
    .query(({ ctx, input }) => endpointStats(ctx.svc, input)),
  /**
   * Changes an endpoint's settings — a token with the predict scope required or not, the prediction log's sample
   * rate (0 to 1), its description (empty clears it) — bumping its revision, so predict servers follow within a
   * second. Audited with the reason when given.
   */
  update: editorProcedure
    .input(z.object({
      endpoint: EndpointName,
      requireToken: z.boolean().optional(),
      logSampleRate: z.number().min(0).max(1).optional(),
      description: z.string().max(2000).nullable().optional(),
      reason: Reason,
    }))
    .output(z.object({
      name: z.string(), description: z.string().nullable(), requireToken: z.boolean(), logSampleRate: z.number(),
      revision: z.number().int(), updatedAt: isoDate(),
    }))
    .mutation(({ ctx, input }) => {
      const { reason: _, ...update } = input;
      return updateEndpoint(ctx.svc, update);
    }),
  /** Returns the endpoint to the deployment before its current one, in one call. */
  rollback: editorProcedure.meta({ openapi: { method: 'POST', path: '/endpoints/{endpoint}/rollback', tags: ['endpoints'], summary: 'Return an endpoint to its previous deployment' } })
    .input(z.object({ endpoint: EndpointName, reason: Reason }))
    .output(DeploymentOut.extend({ endpoint: z.string(), undone: z.number().int(), restored: z.number().int() }))
    .mutation(({ ctx, input }) => rollback(ctx.svc, { ...input, actor: actorOf(ctx) })),
});
