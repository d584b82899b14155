// train.logistic: multinomial logistic regression trained as an ONNX train-step graph; heartbeats
// each epoch with a checkpoint so a retried attempt resumes where the last one stopped.
import { CancelledFailure } from '@temporalio/common';
import type { TrainLogisticConfig } from '../../dsl/catalog';
import type { TableRef } from '../../dsl/refs';
import { readTable } from '../compute/data/table';
import { setStepProgress } from '../../server/db/repo/runs';
import { exportLogistic, profileMatrix, tableToMatrix, trainLogistic, type LogisticCheckpoint } from '../compute/ml';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import type { StepContext } from './step';

function checkpointOf(previous: unknown): LogisticCheckpoint | undefined {
  const c = previous as { checkpoint?: LogisticCheckpoint } | undefined;
  return c?.checkpoint?.version === 1 ? c.checkpoint : undefined;
}

export async function trainLogisticStep(ctx: StepContext<TrainLogisticConfig>): Promise<StepResult> {
  const ref = ctx.input.inputs.table as TableRef;
  const table = await readTable(ctx.deps.store, ref);
  const c = ctx.config;
  const features = c.features ?? ref.columns.filter((col) => col.name !== c.target && ['number', 'integer', 'boolean'].includes(col.type)).map((col) => col.name);
  if (features.length === 0) throw userError('BadConfig', `no numeric feature columns besides "${c.target}"`);
  let m;
  try {
    m = tableToMatrix(table, features, c.target);
  } catch (err) {
    throw userError('BadData', (err as Error).message);
  }
  const resumeFrom = checkpointOf(ctx.previous);
  ctx.log.info(`training on ${m.rows} rows, ${features.length} features, ${m.classes!.length} classes, ${c.epochs} epochs`);
  if (resumeFrom) ctx.log.info(`resuming from the checkpoint of epoch ${resumeFrom.epoch}`);
  // About ten progress lines per training, whatever the number of epochs.
  const logEvery = Math.max(1, Math.ceil(c.epochs / 10));
  const key = { runId: ctx.input.runId, stepId: ctx.input.step.id, attempt: ctx.attempt };
  let lastProgress = 0;
  const model = await trainLogistic({
    X: m.X, rows: m.rows, features, y: m.y!, classes: m.classes!,
    epochs: c.epochs, learningRate: c.learningRate, batchSize: c.batchSize, l2: c.l2, seed: c.seed,
    device: ctx.input.step.resources.gpu ? ctx.deps.device ?? 'cpu' : 'cpu',
    checkpoint: resumeFrom,
    onEpoch: async (epoch, loss, checkpoint) => {
      ctx.heartbeat({ epoch, loss, checkpoint });
      if (epoch % logEvery === 0 || epoch === c.epochs) ctx.log.info(`epoch ${epoch}/${c.epochs} loss ${loss.toFixed(4)}`);
      if (Date.now() - lastProgress > 1000) {
        // At most once a second, so the run page can show the epoch while training runs.
        lastProgress = Date.now();
        await setStepProgress(ctx.deps.db, key, { epoch, epochs: c.epochs, loss, resumedFromEpoch: resumeFrom?.epoch ?? null });
      }
      // Yield so heartbeats go out and a cancellation can arrive between epochs.
      await new Promise((r) => setImmediate(r));
      if (ctx.signal.aborted) throw new CancelledFailure('training cancelled');
    },
  });
  const { bytes, signature } = exportLogistic(model, { target: c.target, profile: profileMatrix(m.X, m.rows, features) });
  const put = await ctx.deps.store.put(bytes, '.onnx');
  const finalLoss = model.lossCurve[model.lossCurve.length - 1] ?? NaN;
  if (model.deviceFallbackReason) ctx.log.warn(`trained on cpu: ${model.deviceFallbackReason}`);
  ctx.log.info(`model ${put.hash.slice(0, 12)} on ${model.device}, final loss ${finalLoss.toFixed(4)}, ${Math.round(model.trainMillis)} ms`);
  return {
    outputs: {
      model: {
        type: 'Model', hash: put.hash, uri: put.uri, framework: 'onnx', signature,
        trainingDatasets: [ref.hash],
        training: { epochs: model.epochs, finalLoss, device: model.device, rows: m.rows, trainMillis: model.trainMillis },
      },
    },
    summary: {
      rows: m.rows, features: features.length, classes: m.classes!.length, epochs: model.epochs, finalLoss,
      device: model.device, ...(model.deviceFallbackReason ? { deviceFallback: model.deviceFallbackReason } : {}),
      resumedFromEpoch: resumeFrom?.epoch ?? null,
      lossCurve: model.lossCurve.filter((_, i) => i % Math.max(1, Math.ceil(model.lossCurve.length / 50)) === 0),
    },
  };
}
