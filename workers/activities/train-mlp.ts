// train.mlp: a multilayer perceptron for classification or regression, trained by running its derived train-step
// graph once per mini-batch (workers/compute/ml/mlp.ts). Checkpoints, heartbeats and the live curves between
// epochs are train-epochs.ts's, as for train.logistic: a retried attempt resumes from the last checkpoint.
import type { TrainMlpConfig } from '../../dsl/catalog';
import { readTable } from '../compute/data/table';
import { exportMlp, mlpCheckpointFits, tableToMatrix, trainMlp, type MlpCheckpoint, type TrainMlpInput } from '../compute/ml';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import type { KindContext } from './kinds';
import { epochTracker, loadCheckpoint } from './train-epochs';
import { exportedForTable, trainingFeatures } from './train-features';

const CHECKPOINT_FORMAT = 'headrace.train.mlp.checkpoint';

/** The task: as configured, else regression for a `number` target and classification for any other. */
export function mlpTask(c: Pick<TrainMlpConfig, 'task' | 'target'>, columns: Array<{ name: string; type: string }>): 'classification' | 'regression' {
  if (c.task) return c.task;
  return columns.find((col) => col.name === c.target)?.type === 'number' ? 'regression' : 'classification';
}

/** Class weights by name → by index, or balanced; a name that is not a class is the step's mistake, said with the classes. */
function classWeightsOf(c: Pick<TrainMlpConfig, 'classWeights' | 'balanceClasses'>, classes: string[]): number[] | 'balanced' | undefined {
  const weights = c.classWeights;
  if (c.balanceClasses) {
    if (weights) throw userError('BadConfig', 'set classWeights or balanceClasses, not both');
    return 'balanced';
  }
  if (weights === undefined) return undefined;
  const unknown = Object.keys(weights).filter((k) => !classes.includes(k));
  if (unknown.length > 0) {
    throw userError('BadConfig', `classWeights names ${unknown.map((u) => `"${u}"`).join(', ')}, which the target does not hold (classes: ${classes.join(', ')})`);
  }
  return classes.map((k) => weights[k] ?? 1);
}

export async function trainMlpStep(ctx: KindContext<'train.mlp'>): Promise<StepResult> {
  const ref = ctx.inputs.table;
  const c = ctx.config;
  const table = await readTable(ctx.deps.store, ref);
  const features = trainingFeatures(ref, c.target, c.features);
  const task = mlpTask(c, ref.columns);
  // A missing column, nulls, a non-numeric feature or target: DataError, shown as is and not retried.
  const m = tableToMatrix(table, features, task === 'classification' ? c.target : undefined);
  const labels = task === 'classification'
    ? { task, y: m.y!, classes: m.classes!, classWeights: classWeightsOf(c, m.classes!) } as const
    : { task, y: tableToMatrix(table, [c.target]).X } as const;
  const classes = task === 'classification' ? m.classes! : [];
  const resumed = await loadCheckpoint<MlpCheckpoint>(ctx, CHECKPOINT_FORMAT, (s) =>
    mlpCheckpointFits(s, { task, features, classes, hidden: c.hidden, activation: c.activation, optimizer: c.optimizer }));
  const shape = `${features.length}-${[...c.hidden, task === 'classification' ? classes.length : 1].join('-')}`;
  ctx.log.info(`training an MLP ${shape} (${c.activation}, ${c.optimizer}) for ${task} on ${m.rows} rows, ${c.epochs} epochs`);
  if (resumed) ctx.log.info(`resuming from the checkpoint of epoch ${resumed.state.epoch}`);
  const device = ctx.input.step.resources.gpu ? ctx.deps.device ?? 'cpu' : 'cpu';
  const epochs = epochTracker<MlpCheckpoint>(ctx, { format: CHECKPOINT_FORMAT, epochs: c.epochs, resumed, extra: { task, layers: shape, device } });

  const input: TrainMlpInput = {
    X: m.X, rows: m.rows, features, ...labels,
    hidden: c.hidden, activation: c.activation, dropout: c.dropout, optimizer: c.optimizer,
    ...(c.momentum !== undefined ? { momentum: c.momentum } : {}), ...(c.nesterov !== undefined ? { nesterov: c.nesterov } : {}),
    ...(c.weightDecay !== undefined ? { weightDecay: c.weightDecay } : {}),
    learningRate: c.learningRate, schedule: c.schedule, warmupEpochs: c.warmupEpochs, gamma: c.gamma, stepEpochs: c.stepEpochs, l2: c.l2,
    ...(c.clipNorm !== undefined ? { clipNorm: c.clipNorm } : {}),
    batchSize: c.batchSize, epochs: c.epochs, validationFraction: c.validationFraction,
    ...(c.patience !== undefined ? { patience: c.patience } : {}),
    restoreBest: c.restoreBest, seed: c.seed, device, checkpoint: resumed?.state,
    shouldStop: () => epochs.stopReason() !== undefined,
    onEpoch: (f, state) => epochs.onEpoch({ epoch: f.epoch, loss: f.trainLoss, valLoss: f.valLoss, valMetric: f.valMetric, samplesPerSecond: f.samplesPerSecond, lr: f.lr }, state),
  };
  const model = await trainMlp(input);
  await epochs.flush();
  const { bytes, signature, trainingDatasets } = exportedForTable(ref, exportMlp(model, { target: c.target }));
  const put = await ctx.deps.store.put(bytes, '.onnx');
  const last = epochs.last();
  const finalLoss = last?.loss ?? NaN;
  if (model.deviceFallbackReason) ctx.log.warn(`trained on cpu: ${model.deviceFallbackReason}`);
  const stoppedBy = epochs.stopReason();
  if (model.stoppedEarly && !stoppedBy) ctx.log.info(`stopped early after epoch ${model.epochs}: no better validation loss for ${c.patience} epochs`);
  if (model.bestEpoch !== undefined) ctx.log.info(`kept the weights of epoch ${model.bestEpoch}, the best on validation`);
  ctx.log.info(`model ${put.hash.slice(0, 12)} on ${model.device}, final loss ${finalLoss.toFixed(4)}, ${Math.round(model.trainMillis)} ms`);
  const training = {
    task, layers: shape, epochs: model.epochs, finalLoss, device: model.device, rows: m.rows, trainMillis: model.trainMillis,
    ...(last?.valLoss !== undefined ? { finalValLoss: last.valLoss } : {}),
    ...(model.bestEpoch !== undefined ? { bestEpoch: model.bestEpoch } : {}),
  };
  return {
    outputs: {
      model: { type: 'Model', hash: put.hash, uri: put.uri, framework: 'onnx', signature, trainingDatasets, training },
    },
    summary: {
      ...training, rows: m.rows, features: features.length, ...(task === 'classification' ? { classes: classes.length } : {}),
      stoppedEarly: model.stoppedEarly, ...(stoppedBy ? { stoppedBy } : {}),
      // What a sweep's `select` compares: the figures of the epoch whose weights the model keeps.
      selection: epochs.selected(model.bestEpoch),
      ...(model.deviceFallbackReason ? { deviceFallback: model.deviceFallbackReason } : {}),
      resumedFromEpoch: resumed?.state.epoch ?? null,
      lossCurve: epochs.curve,
      ...(epochs.valCurve.length ? { valLossCurve: epochs.valCurve } : {}),
    },
  };
}
