// The activities of deploy.lifecycle's workflow (workers/workflows/lifecycle.ts; docs/lifecycle.md): who the
// candidate and the champion are, the gate (both scored on the same test table by the evaluate code of
// evaluate.classifier), the shadow's agreement from the serving windows, the audit row of every decision, the
// promotion (the registry's production rules, in one transaction), the alert of a canary rolled back, and the
// endpoint put back as it was before the lifecycle. The shadow and the canary themselves are deployments rolled
// out by deploymentRollout, made by deploy.rollout's own activity (deployRolloutCreate).
import { and, eq, ne } from 'drizzle-orm';
import { parseConfig } from '../../dsl/catalog';
import { baselineVersion, judgeLifecycleGate, lifecycleConditions, type LifecycleCheck } from '../../dsl/catalog/lifecycle';
import type { TableRef } from '../../dsl/refs';
import type { Db } from '../../server/db/client';
import { audit, auditOnce } from '../../server/db/repo/audit';
import { versionByNumber } from '../../server/db/repo/deploy-strategies';
import { createDeployment, getDeployments, getEndpoint, rolloutInFlight, type Variant } from '../../server/db/repo/endpoints';
import { raiseAlert } from '../../server/db/repo/monitors';
import { productionRefusal, runFacts, setStage, type ModelVersionRow } from '../../server/db/repo/registry';
import { summarizeServing } from '../../server/db/repo/serving-windows';
import { models, modelVersions } from '../../server/db/schema';
import { readTable } from '../compute/data/table';
import { evaluateClassifier } from '../compute/ml';
import type { ActivityDeps } from './deps';
import { userError } from './errors';

/** A version as the lifecycle names it. */
export interface LifecycleVersion {
  id: string;
  name: string;
  version: number;
  stage: string;
}

export interface LifecycleStartInput {
  runId: string;
  stepId: string;
  config: unknown;
  version: { id: string; name: string; version: number };
}

export interface LifecycleStart {
  actor: string;
  endpoint: string;
  candidate: LifecycleVersion;
  /** The champion the gate compares with (null: none, the candidate is the first version). */
  champion: LifecycleVersion | null;
  /** The deployment the endpoint served before the lifecycle (null: it serves nothing yet). */
  before: { id: string; number: number } | null;
}

export interface GateInput {
  endpoint: string;
  candidateId: string;
  championId: string | null;
  test: TableRef;
  target?: string;
  gate: Record<string, number | string>;
}

export interface GateResult {
  passed: boolean;
  rows: number;
  candidate: Record<string, number>;
  baseline: Record<string, number> | null;
  checks: LifecycleCheck[];
}

export interface ShadowReport {
  requests: number;
  compared: number;
  agreed: number;
  dropped: number;
  /** agreed / compared (null: nothing compared yet). */
  agreement: number | null;
  rmse: number | null;
  latencyDiffMeanMs: number | null;
}

async function versionById(db: Db, id: string): Promise<(ModelVersionRow & { name: string }) | undefined> {
  const [row] = await db.select({ v: modelVersions, name: models.name }).from(modelVersions).innerJoin(models, eq(models.id, modelVersions.modelId)).where(eq(modelVersions.id, id));
  return row ? { ...(row.v as ModelVersionRow), name: row.name } : undefined;
}

const named = (v: { id: string; name: string; version: number; stage: string }): LifecycleVersion => ({ id: v.id, name: v.name, version: v.version, stage: v.stage });

const sameVariants = (a: Variant[], b: Variant[]) =>
  a.length === b.length && a.every((x, i) => x.name === b[i].name && x.role === b[i].role && x.weight === b[i].weight && x.modelVersionId === b[i].modelVersionId);

export function lifecycleActivities(deps: ActivityDeps) {
  const { db, store } = deps;

  /** Scores one version on the table with the evaluate code of evaluate.classifier. */
  async function score(versionId: string, test: TableRef, target: string | undefined) {
    const v = await versionById(db, versionId);
    if (!v) throw userError('BadData', `model version ${versionId} no longer exists in the registry`);
    const table = await readTable(store, test);
    const bytes = await store.get(v.artifactUri);
    const ev = await evaluateClassifier(bytes, v.signature as Parameters<typeof evaluateClassifier>[1], table, { target });
    return { values: ev.values, rows: table.numRows };
  }

  return {
    /** The actor (the run's requester), the candidate, the champion the baseline names and what the endpoint serves now. */
    async lifecycleStart(input: LifecycleStartInput): Promise<LifecycleStart> {
      let config;
      try {
        config = parseConfig('deploy.lifecycle', input.config);
      } catch (err) {
        throw userError('BadConfig', `deploy.lifecycle's settings are invalid: ${(err as Error).message}`);
      }
      const actor = (await runFacts(db, input.runId))?.createdBy ?? `run ${input.runId}`;
      const candidate = await versionById(db, input.version.id);
      if (!candidate) throw userError('BadData', `model version ${input.version.name}@${input.version.version} no longer exists in the registry`);
      let champion: LifecycleVersion | null = null;
      const spec = baselineVersion(config.baseline);
      if (spec) {
        const v = await versionByNumber(db, spec);
        if (!v) throw userError('BadConfig', `baseline ${spec}: the registry has no such version`);
        champion = v.id === candidate.id ? null : named(v);
      } else {
        const [row] = await db
          .select({ id: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage })
          .from(modelVersions)
          .where(and(eq(modelVersions.modelId, candidate.modelId), eq(modelVersions.stage, config.baseline), ne(modelVersions.id, candidate.id)))
          .orderBy(modelVersions.version);
        champion = row ? { id: row.id, name: candidate.name, version: row.version, stage: row.stage } : null;
      }
      const endpoint = await getEndpoint(db, config.endpoint);
      const [current] = endpoint?.currentDeploymentId ? await getDeployments(db, [endpoint.currentDeploymentId]) : [];
      return { actor, endpoint: config.endpoint, candidate: named(candidate), champion, before: current ? { id: current.id, number: current.number } : null };
    },

    /** Scores the candidate and the champion on the same test table and judges the gate's conditions. */
    async lifecycleGate(input: GateInput): Promise<GateResult> {
      const mine = await score(input.candidateId, input.test, input.target);
      const theirs = input.championId ? await score(input.championId, input.test, input.target) : undefined;
      const { passed, checks } = judgeLifecycleGate(lifecycleConditions({ gate: input.gate }), mine.values, theirs?.values);
      return { passed, rows: mine.rows, candidate: mine.values, baseline: theirs?.values ?? null, checks };
    },

    /** The shadow variant's comparisons with the answers it shadowed since `since`, summed over the serving windows. */
    async lifecycleShadowReport(input: { endpoint: string; deploymentId: string; since: string }): Promise<ShadowReport> {
      const summary = await summarizeServing(db, { endpoint: input.endpoint, since: new Date(input.since), deploymentId: input.deploymentId });
      const shadow = summary.find((s) => s.role === 'shadow');
      const s = shadow?.shadow;
      return {
        requests: shadow?.requests ?? 0, compared: s?.compared ?? 0, agreed: s?.agreed ?? 0, dropped: s?.dropped ?? 0,
        agreement: s?.agreement ?? null, rmse: s?.rmse ?? null, latencyDiffMeanMs: s?.latencyDiffMeanMs ?? null,
      };
    },

    /** One decision in the audit log (`lifecycle.STAGE`), with its evidence; once, however often it is retried. */
    async lifecycleDecision(input: { runId: string; stepId: string; endpoint: string; actor: string; stage: string; decision: string; ok: boolean; evidence: Record<string, unknown> }) {
      await auditOnce(db, {
        actor: input.actor, action: `lifecycle.${input.stage}`, target: input.endpoint, outcome: input.ok ? 'ok' : 'error',
        details: { run: input.runId, step: input.stepId, decision: input.decision, evidence: input.evidence },
      }, { run: input.runId, step: input.stepId, decision: input.decision });
    },

    /**
     * The candidate enters production by the registry's one rule (productionRefusal): from staging only, its own
     * gate passed, the champion in production archived in the same transaction, both changes in the stage history.
     * The run that registered it is still running (this step is part of it): it counts as succeeded, since every
     * stage of its lifecycle before the promotion passed. Already in production: nothing changes.
     */
    async lifecyclePromote(input: { runId: string; stepId: string; candidateId: string; actor: string; reason: string }): Promise<{ promoted: boolean; archived: number[] }> {
      const v = await versionById(db, input.candidateId);
      if (!v) throw userError('BadData', `model version ${input.candidateId} no longer exists in the registry`);
      if (v.stage === 'production') return { promoted: false, archived: [] };
      const refusal = await productionRefusal(db, v, { promotingRun: input.runId });
      if (refusal) {
        await audit(db, { actor: input.actor, action: 'model.transition', target: `${v.name}@${v.version}`, outcome: 'error', details: { stage: 'production', message: refusal, run: input.runId, step: input.stepId } });
        throw userError('Forbidden', refusal);
      }
      const { archived } = await setStage(db, { modelId: v.modelId, versionId: v.id, from: v.stage, to: 'production', reason: input.reason, actor: input.actor });
      await audit(db, {
        actor: input.actor, action: 'model.transition', target: `${v.name}@${v.version}`, outcome: 'ok',
        details: { stage: 'production', reason: input.reason, archived: archived.map((a) => a.version), run: input.runId, step: input.stepId },
      });
      return { promoted: true, archived: archived.map((a) => a.version) };
    },

    /** A monitor alert of kind `lifecycle` for the endpoint, one per run and step. */
    async lifecycleAlert(input: { endpoint: string; runId: string; stepId: string; message: string; details: Record<string, unknown> }) {
      const { row, created } = await raiseAlert(db, {
        endpoint: input.endpoint, windowId: null, kind: 'lifecycle', severity: 'critical', subject: input.stepId,
        message: input.message, details: { run: input.runId, step: input.stepId, ...input.details },
        dedupKey: `lifecycle:${input.endpoint}:${input.runId}:${input.stepId}`,
      });
      return { alertId: row.id, created };
    },

    /**
     * Puts the endpoint back as it was before the lifecycle: when what it serves now differs from the deployment
     * `before`, a new deployment serving `before`'s variants is appended (history is never rewritten). Serving the
     * same already (a rollout rolled back by itself, a retried attempt): nothing is appended.
     */
    async lifecycleRestore(input: { endpoint: string; before: string; actor: string; reason: string }): Promise<{ restored: boolean; deployment?: number }> {
      const endpoint = await getEndpoint(db, input.endpoint);
      if (!endpoint) return { restored: false };
      const busy = await rolloutInFlight(db, endpoint.id);
      if (busy) throw new Error(`endpoint ${input.endpoint} is still rolling out deployment #${busy.number}: the lifecycle waits for it before restoring`);
      const [before] = await getDeployments(db, [input.before]);
      const [current] = endpoint.currentDeploymentId ? await getDeployments(db, [endpoint.currentDeploymentId]) : [];
      if (!before || (current && sameVariants(current.variants, before.variants))) return { restored: false };
      const made = await createDeployment(db, {
        endpoint: input.endpoint, strategy: before.strategy, variants: before.variants, config: before.config as Record<string, unknown>, status: 'active', actor: input.actor, reason: input.reason,
      });
      await audit(db, { actor: input.actor, action: 'endpoint.deploy', target: input.endpoint, outcome: 'ok', details: { id: made.deployment.id, reason: input.reason, restores: before.number } });
      return { restored: true, deployment: made.deployment.number };
    },
  };
}

export type LifecycleActivities = ReturnType<typeof lifecycleActivities>;
