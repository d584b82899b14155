// registry.register: one model version per (run, step), with the registry's fields: its metrics, training
// datasets and window, runtime figures, hyperparameters, features with types, pipeline version and source
// hash, who asked and why, the run's approvals, and the gate its metrics passed (checked before production).
// A registration never enters production: that stage is reached only by promotion (server/services/registry.ts).
import type { RegistryRegisterConfig } from '../../dsl/catalog';
import type { Plan } from '../../dsl/plan';
import type { MetricsRef } from '../../dsl/refs';
import {
  featureTypes, registerModelVersion, registerStageRefusal, runFacts, trainingWindow,
} from '../../server/db/repo/registry';
import { getRunPlan } from '../../server/db/repo/runs';
import { profileOfTable } from '../../server/monitoring/profile';
import type { DataProfile } from '../../server/monitoring/stats/types';
import { readTable } from '../compute/data/table';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import { unmetGates } from '../../dsl/gates';
import type { KindContext } from './kinds';
import type { StepContext } from './step';

/** The gate of the step that produced the metrics, and whether the metrics meet it. */
function gateOf(ctx: StepContext<RegistryRegisterConfig>, plan: Plan | null, metrics: MetricsRef | undefined) {
  const producer = ctx.input.step.inputs.metrics?.step;
  if (!producer || !metrics) return undefined;
  const gate = plan?.steps.find((s) => s.id === producer)?.gate ?? [];
  const unmet = unmetGates(gate, { metrics });
  return { step: producer, conditions: gate, passed: unmet.length === 0, unmet };
}

/**
 * The profile of the table the model was trained on (its first training dataset), or null when that table cannot
 * be read as the signature describes it: the version is registered without one, and the log says why.
 */
async function profileOf(ctx: KindContext<'registry.register'>): Promise<DataProfile | null> {
  const model = ctx.inputs.model;
  const hash = model.trainingDatasets[0];
  if (!hash) return null;
  try {
    const { features, target } = model.signature;
    return profileOfTable(await readTable(ctx.deps.store, hash), { features, target });
  } catch (err) {
    ctx.log.warn(`no training profile stored with this version (monitoring cannot measure drift against it): ${(err as Error).message}`);
    return null;
  }
}

export async function registryRegisterStep(ctx: KindContext<'registry.register'>): Promise<StepResult> {
  // The checker refuses `stage: production` at its line; a Plan started by hand meets the same rule here.
  const refusal = registerStageRefusal(ctx.config.name, ctx.config.stage);
  if (refusal) throw userError('BadConfig', refusal);
  const model = ctx.inputs.model;
  const metrics = ctx.inputs.metrics;
  const { db } = ctx.deps;
  const runId = ctx.input.runId;
  const plan = (await getRunPlan(db, runId)) as Plan | null;
  const gate = gateOf(ctx, plan, metrics);
  const trainer = ctx.input.step.inputs.model?.step;
  const trainStep = plan?.steps.find((s) => s.id === trainer);
  const run = await runFacts(db, runId);
  const window = trainer ? await trainingWindow(db, runId, trainer) : undefined;
  const { row, created } = await registerModelVersion(db, {
    name: ctx.config.name,
    description: ctx.config.description,
    artifactUri: model.uri,
    artifactHash: model.hash,
    stage: ctx.config.stage,
    signature: model.signature,
    trainingDatasets: model.trainingDatasets,
    metrics: metrics?.values ?? {},
    tags: ctx.config.tags,
    lineage: {
      runId, pipeline: ctx.input.pipeline, step: ctx.input.step.id, training: model.training, evaluation: metrics?.uri,
      ...(gate ? { gate } : {}),
    },
    runId,
    stepId: ctx.input.step.id,
    trainingStartedAt: window?.startedAt ?? null,
    trainingFinishedAt: window?.finishedAt ?? null,
    runtime: model.training,
    hyperparameters: trainStep?.config ?? {},
    features: await featureTypes(db, model.signature.features, model.trainingDatasets),
    pipelineVersionId: run?.pipelineVersionId ?? null,
    sourceHash: plan?.sourceHash ?? null,
    registeredBy: run?.createdBy ?? null,
    reason: `registered by step "${ctx.input.step.id}" of run ${runId} (pipeline ${ctx.input.pipeline}, trigger ${run?.trigger ?? 'unknown'})`,
    approvals: run?.approvals ?? [],
    profile: await profileOf(ctx),
  });
  ctx.log.info(created
    ? `registered ${ctx.config.name} v${row.version} in stage ${row.stage}`
    : `${ctx.config.name} v${row.version} already holds this model; nothing new registered`);
  return {
    outputs: { version: { type: 'ModelVersion', id: row.id, name: ctx.config.name, version: row.version, stage: row.stage } },
    summary: { name: ctx.config.name, version: row.version, stage: row.stage, created },
  };
}
