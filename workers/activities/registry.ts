// registry.register: one model version per (run, step), with its metrics, datasets and lineage.
import type { RegistryRegisterConfig } from '../../dsl/catalog';
import type { MetricsRef, ModelRef } from '../../dsl/refs';
import { registerModelVersion } from '../../server/db/repo/registry';
import type { StepResult } from '../workflows/types';
import type { StepContext } from './step';

export async function registryRegisterStep(ctx: StepContext<RegistryRegisterConfig>): Promise<StepResult> {
  const model = ctx.input.inputs.model as ModelRef;
  const metrics = ctx.input.inputs.metrics as MetricsRef | undefined;
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
    lineage: { runId: ctx.input.runId, pipeline: ctx.input.pipeline, step: ctx.input.step.id, training: model.training, evaluation: metrics?.uri },
    runId: ctx.input.runId,
    stepId: ctx.input.step.id,
  });
  return {
    outputs: { version: { type: 'ModelVersion', id: row.id, name: ctx.config.name, version: row.version, stage: row.stage } },
    summary: { name: ctx.config.name, version: row.version, stage: row.stage, created },
  };
}
