// registry.register: one model version per (run, step), with its metrics, datasets and lineage —
// including the gate its metrics passed, which the registry checks before production.
import type { RegistryRegisterConfig } from '../../dsl/catalog';
import type { Plan } from '../../dsl/plan';
import type { MetricsRef, ModelRef } from '../../dsl/refs';
import { registerModelVersion } from '../../server/db/repo/registry';
import { getRunPlan } from '../../server/db/repo/runs';
import type { StepResult } from '../workflows/types';
import { unmetGates } from './gates';
import type { StepContext } from './step';

/** The gate of the step that produced the metrics (from the run's Plan), and whether the metrics meet it. */
async function gateOf(ctx: StepContext<RegistryRegisterConfig>, metrics: MetricsRef | undefined) {
  const producer = ctx.input.step.inputs.metrics?.step;
  if (!producer || !metrics) return undefined;
  const plan = (await getRunPlan(ctx.deps.db, ctx.input.runId)) as Plan | null;
  const gate = plan?.steps.find((s) => s.id === producer)?.gate ?? [];
  const unmet = unmetGates(gate, { metrics });
  return { step: producer, conditions: gate, passed: unmet.length === 0, unmet };
}

export async function registryRegisterStep(ctx: StepContext<RegistryRegisterConfig>): Promise<StepResult> {
  const model = ctx.input.inputs.model as ModelRef;
  const metrics = ctx.input.inputs.metrics as MetricsRef | undefined;
  const gate = await gateOf(ctx, metrics);
  const { row, created } = await registerModelVersion(ctx.deps.db, {
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
      runId: ctx.input.runId, pipeline: ctx.input.pipeline, step: ctx.input.step.id, training: model.training, evaluation: metrics?.uri,
      ...(gate ? { gate } : {}),
    },
    runId: ctx.input.runId,
    stepId: ctx.input.step.id,
  });
  ctx.log.info(created
    ? `registered ${ctx.config.name} v${row.version} in stage ${row.stage}`
    : `${ctx.config.name} v${row.version} already holds this model; nothing new registered`);
  return {
    outputs: { version: { type: 'ModelVersion', id: row.id, name: ctx.config.name, version: row.version, stage: row.stage } },
    summary: { name: ctx.config.name, version: row.version, stage: row.stage, created },
  };
}
