// train.logistic: multinomial logistic regression trained as an ONNX train-step graph. Every few seconds
// the trainer's state goes to the artifact store as a checkpoint, and each epoch's heartbeat carries only
// its reference, so a retried attempt loads it and resumes where the last one stopped.
import { readTable } from '../compute/data/table';
import { exportLogistic, logisticCheckpointFits, tableToMatrix, trainLogistic, type LogisticCheckpoint } from '../compute/ml';
import type { StepResult } from '../workflows/types';
import type { KindContext } from './kinds';
import { epochTracker, loadCheckpoint } from './train-epochs';
import { exportedForTable, trainingFeatures } from './train-features';

const CHECKPOINT_FORMAT = 'headrace.train.logistic.checkpoint';

export async function trainLogisticStep(ctx: KindContext<'train.logistic'>): Promise<StepResult> {
  const ref = ctx.inputs.table;
  const table = await readTable(ctx.deps.store, ref);
  const c = ctx.config;
  const features = trainingFeatures(ref, c.target, c.features);
  // A missing column, nulls, a non-numeric feature: DataError, shown as is and not retried (errors.ts).
  const m = tableToMatrix(table, features, c.target);
  const resumed = await loadCheckpoint<LogisticCheckpoint>(ctx, CHECKPOINT_FORMAT, (s) => logisticCheckpointFits(s, features, m.classes!));
  const resumeFrom = resumed?.state;
  ctx.log.info(`training on ${m.rows} rows, ${features.length} features, ${m.classes!.length} classes, ${c.epochs} epochs`);
  if (resumeFrom) ctx.log.info(`resuming from the checkpoint of epoch ${resumeFrom.epoch}`);
  const epochs = epochTracker<LogisticCheckpoint>(ctx, { format: CHECKPOINT_FORMAT, epochs: c.epochs, resumed });
  const model = await trainLogistic({
    X: m.X, rows: m.rows, features, y: m.y!, classes: m.classes!,
    epochs: c.epochs, learningRate: c.learningRate, batchSize: c.batchSize, l2: c.l2, seed: c.seed, solver: c.solver, tolerance: c.tolerance,
    device: ctx.input.step.resources.gpu ? ctx.deps.device ?? 'cpu' : 'cpu',
    checkpoint: resumeFrom,
    onEpoch: (epoch, loss, state) => epochs.onEpoch({ epoch, loss }, state),
    shouldStop: () => epochs.stopReason() !== undefined,
  });
  await epochs.flush();
  const { bytes, signature, trainingDatasets } = exportedForTable(ref, exportLogistic(model, { target: c.target }));
  const put = await ctx.deps.store.put(bytes, '.onnx');
  const finalLoss = epochs.last()?.loss ?? NaN;
  if (model.deviceFallbackReason) ctx.log.warn(`trained on cpu: ${model.deviceFallbackReason}`);
  if (model.converged) ctx.log.info(`L-BFGS stopped after ${model.epochs} iterations: ${CONVERGED[model.converged]}`);
  ctx.log.info(`model ${put.hash.slice(0, 12)} on ${model.device}, final loss ${finalLoss.toFixed(4)}, ${Math.round(model.trainMillis)} ms`);
  return {
    outputs: {
      model: {
        type: 'Model', hash: put.hash, uri: put.uri, framework: 'onnx', signature,
        trainingDatasets,
        training: { epochs: model.epochs, finalLoss, device: model.device, rows: m.rows, trainMillis: model.trainMillis },
      },
    },
    summary: {
      rows: m.rows, features: features.length, classes: m.classes!.length, epochs: model.epochs, finalLoss,
      device: model.device, ...(model.deviceFallbackReason ? { deviceFallback: model.deviceFallbackReason } : {}),
      resumedFromEpoch: resumeFrom?.epoch ?? null,
      lossCurve: epochs.curve,
      selection: epochs.selected(),
      ...(epochs.stopReason() ? { stoppedBy: epochs.stopReason() } : {}),
      ...(model.converged ? { solver: 'lbfgs', converged: model.converged } : {}),
    },
  };
}

const CONVERGED = {
  gradient: 'every gradient component is within the tolerance',
  'no-progress': 'an iteration no longer lowered the loss (float32 precision reached)',
  'line-search': 'the line search found no lower loss along the direction (float32 precision reached)',
} as const;
