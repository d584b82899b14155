// The activities of `deploymentRollout` (workers/workflows/rollout.ts; docs/serving.md, "Rollouts"): read the
// deployment, check its new versions (the ONNX file opens in onnxruntime-node and agrees with the registry's
// signature), shift traffic, judge a canary's window, stop. Every change is one transaction of
// server/db/repo/endpoints.ts that records its event under a key, so an attempt retried after its commit (a worker
// killed at the wrong moment) changes and records nothing twice.
import { ApplicationFailure } from '@temporalio/common';
import { sha256Hex } from '../../server/artifacts/store';
import { eventRecorded, listDeploymentEvents, recordDeploymentEvent, type DeploymentEventKind } from '../../server/db/repo/deployment-events';
import {
  applyRollout, EndpointRuleError, getDeployments, resolveDeployments, servableRefusal, stopRollout,
  type RolloutChange, type RolloutStop, type Strategy, type Variant,
} from '../../server/db/repo/endpoints';
import { quantileOf, summarizeServing, emptyLatencyCounts, type VariantSummary } from '../../server/db/repo/serving-windows';
import { endpoints } from '../../server/db/schema';
import { eq } from 'drizzle-orm';
import { CANARY_DEFAULTS, type CanaryDecision, type CanarySettings } from '../../server/temporal/contract';
import type { ModelSignature } from '../../dsl/refs';
import { inputNames, zeroRowFeeds } from '../compute/ml/model-inputs';
import { openSession, type ort } from '../compute/ml/onnx/session';
import { sameItems } from '../compute/ml/same-items';
import type { ActivityDeps } from './deps';

export interface RolloutPlan {
  deploymentId: string;
  endpoint: string;
  number: number;
  strategy: Strategy;
  status: string;
  variants: Variant[];
  canary: CanarySettings | null;
}

/** The failure type of a change refused because the deployment is no longer rolling out: not retried. */
export const ROLLOUT_STOPPED = 'RolloutStopped';

function stopped(err: unknown): never {
  if (err instanceof EndpointRuleError) throw ApplicationFailure.create({ type: ROLLOUT_STOPPED, message: err.message, nonRetryable: true });
  throw err;
}

/** Summed traffic of several variants over a window (their histograms merged). */
function merged(rows: VariantSummary[]): CanaryDecision['canary'] {
  const counts = emptyLatencyCounts();
  let requests = 0;
  let errors = 0;
  for (const r of rows) {
    requests += r.requests;
    errors += r.errors;
    r.latencyCounts.forEach((c, i) => { counts[i] += c; });
  }
  return { requests, errorRate: requests > 0 ? errors / requests : 0, p99Ms: quantileOf(counts, 0.99) };
}

const pct = (x: number) => `${(x * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
const ms = (x: number | null) => (x === null ? 'none' : x === Number.POSITIVE_INFINITY ? `over 10000 ms` : `${x} ms`);

/**
 * The canary rule (docs/serving.md, "Judging a canary"): with fewer than `minRequests` canary requests in the
 * window, hold; else the canary passes when its error rate is at most `maxErrorRate` or at most the stable's
 * (the stable counting only with `minRequests` of its own), and likewise its p99 against `maxLatencyP99Ms`.
 */
export function judgeCanary(
  settings: Pick<CanarySettings, 'maxErrorRate' | 'maxLatencyP99Ms' | 'minRequests'>,
  canary: CanaryDecision['canary'],
  stable: CanaryDecision['stable'],
): Pick<CanaryDecision, 'decision' | 'reason'> {
  if (canary.requests < settings.minRequests) {
    return { decision: 'hold', reason: `the canary answered ${canary.requests} requests in the window, fewer than minRequests ${settings.minRequests}: too few to judge` };
  }
  const stableCounts = stable.requests >= settings.minRequests;
  if (canary.errorRate > settings.maxErrorRate && !(stableCounts && canary.errorRate <= stable.errorRate)) {
    return {
      decision: 'rollback',
      reason: `the canary's error rate ${pct(canary.errorRate)} is above maxErrorRate ${pct(settings.maxErrorRate)}` +
        (stableCounts ? ` and the stable version's ${pct(stable.errorRate)}` : ''),
    };
  }
  const p99 = canary.p99Ms ?? 0;
  if (p99 > settings.maxLatencyP99Ms && !(stableCounts && stable.p99Ms !== null && p99 <= stable.p99Ms)) {
    return {
      decision: 'rollback',
      reason: `the canary's p99 latency ${ms(canary.p99Ms)} is above maxLatencyP99 ${settings.maxLatencyP99Ms} ms` +
        (stableCounts ? ` and the stable version's ${ms(stable.p99Ms)}` : ''),
    };
  }
  return { decision: 'advance', reason: `the canary's error rate ${pct(canary.errorRate)} and p99 ${ms(canary.p99Ms)} are within bounds over ${canary.requests} requests` };
}

/** Reads `config.canary` with the defaults; an invalid value is refused before the deployment is made (the service). */
export function canarySettings(config: Record<string, unknown>): CanarySettings {
  const c = (config.canary ?? {}) as Partial<CanarySettings>;
  return { ...CANARY_DEFAULTS, ...Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== null)) };
}

export function rolloutActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    async rolloutLoad(deploymentId: string): Promise<RolloutPlan> {
      const [d] = await getDeployments(db, [deploymentId]);
      if (!d) throw ApplicationFailure.create({ type: ROLLOUT_STOPPED, message: `no deployment ${deploymentId}`, nonRetryable: true });
      const [e] = await db.select({ name: endpoints.name }).from(endpoints).where(eq(endpoints.id, d.endpointId));
      return {
        deploymentId, endpoint: e.name, number: d.number, strategy: d.strategy, status: d.status, variants: d.variants,
        canary: d.strategy === 'canary' ? canarySettings(d.config) : null,
      };
    },

    /** Appends an event once per key. */
    async rolloutEvent(e: { deploymentId: string; key: string; kind: DeploymentEventKind; message: string; details?: Record<string, unknown> }): Promise<void> {
      await recordDeploymentEvent(db, e);
    },

    /**
     * Checks the versions this deployment brings (those the endpoint did not serve before): each still exists and
     * is in staging or production, its ONNX file is in the artifact store with its recorded hash, opens in
     * onnxruntime-node, has the registry signature's input (a float32 [N, features] tensor) and outputs, and
     * answers one row. Answers why not rather than throwing, so the workflow fails the deployment with the reason.
     */
    async rolloutCheck(input: { deploymentId: string; newVariants: string[] }): Promise<{ ok: boolean; message: string }> {
      const [d] = await resolveDeployments(db, await getDeployments(db, [input.deploymentId]));
      const checked: string[] = [];
      for (const v of d.variants.filter((x) => input.newVariants.includes(x.name))) {
        const refusal = servableRefusal({ name: v.model, version: v.version, stage: v.stage });
        if (refusal) return { ok: false, message: refusal };
        let bytes: Uint8Array;
        try {
          bytes = await deps.store.get(v.artifactUri);
        } catch (err) {
          return { ok: false, message: `the ONNX file of ${v.model}@${v.version} (${v.artifactUri}) cannot be read from the artifact store: ${(err as Error).message}` };
        }
        if (sha256Hex(bytes) !== v.artifactHash) return { ok: false, message: `the ONNX file of ${v.model}@${v.version} does not match its recorded hash ${v.artifactHash}` };
        const sig = v.signature as ModelSignature | null;
        if (!sig?.input || !Array.isArray(sig.features) || !Array.isArray(sig.outputs)) {
          return { ok: false, message: `${v.model}@${v.version} has no usable signature in the registry (input, features, outputs)` };
        }
        let session: ort.InferenceSession | undefined;
        try {
          session = (await openSession(bytes)).session;
          const expected = inputNames(sig);
          if (!sameItems(session.inputNames, expected)) {
            return { ok: false, message: `${v.model}@${v.version}: the ONNX model's inputs are ${session.inputNames.join(', ')}, the registry's signature says ${expected.join(', ')}` };
          }
          const missing = sig.outputs.filter((o) => !session!.outputNames.includes(o));
          if (missing.length > 0) {
            return { ok: false, message: `${v.model}@${v.version}: the ONNX model has no output ${missing.join(', ')} (it has ${session.outputNames.join(', ')}), as the registry's signature says` };
          }
          await session.run(zeroRowFeeds(sig));
        } catch (err) {
          return { ok: false, message: `${v.model}@${v.version}: the ONNX model does not answer one row of its ${sig.features.length} features: ${(err as Error).message}` };
        } finally {
          await session?.release();
        }
        checked.push(`${v.model}@${v.version}`);
      }
      const message = checked.length > 0 ? `checked ${checked.join(', ')}: the ONNX file opens, matches its signature and answers` : 'no new version to check';
      await recordDeploymentEvent(db, { deploymentId: input.deploymentId, key: 'checked', kind: 'checked', message, details: { versions: checked } });
      return { ok: true, message };
    },

    /** Shifts traffic (one transaction, once per key); answers when the window that starts now started. */
    async rolloutApply(change: RolloutChange): Promise<{ applied: boolean; at: string }> {
      const r = await applyRollout(db, change).catch(stopped);
      return { applied: r.applied, at: new Date().toISOString() };
    },

    /** Ends a rollout that will not finish (rolled back or failed), undoing the traffic it took. */
    async rolloutStop(stop: RolloutStop): Promise<{ rollbackDeploymentId?: string }> {
      const r = await stopRollout(db, stop);
      return r.rollback ? { rollbackDeploymentId: r.rollback.id } : {};
    },

    /**
     * Judges the canary over [since, now] from the serving windows predict servers recorded for this deployment,
     * and records the judgement (`watch`). Asked again under the same key, it answers what it recorded.
     */
    async rolloutJudge(input: {
      deploymentId: string; endpoint: string; key: string; since: string; weight: number; canary: string;
      settings: Pick<CanarySettings, 'maxErrorRate' | 'maxLatencyP99Ms' | 'minRequests'>;
    }): Promise<CanaryDecision> {
      if (await eventRecorded(db, input.deploymentId, input.key)) {
        const event = (await listDeploymentEvents(db, input.deploymentId)).find((e) => e.details.key === input.key)!;
        return event.details as unknown as CanaryDecision;
      }
      const until = new Date();
      const rows = await summarizeServing(db, { endpoint: input.endpoint, since: new Date(input.since), until, deploymentId: input.deploymentId });
      const canary = merged(rows.filter((r) => r.role === 'canary' && r.variant === input.canary));
      const stable = merged(rows.filter((r) => r.role === 'primary'));
      const judged = judgeCanary(input.settings, canary, stable);
      const decision: CanaryDecision = { ...judged, weight: input.weight, canary, stable, since: input.since, until: until.toISOString() };
      await recordDeploymentEvent(db, {
        deploymentId: input.deploymentId, key: input.key, kind: 'watch',
        message: `${judged.decision} at ${input.weight}%: ${judged.reason}`, details: { ...decision },
      });
      return decision;
    },
  };
}

export type RolloutActivities = ReturnType<typeof rolloutActivities>;
