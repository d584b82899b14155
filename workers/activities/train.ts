// train.logistic: multinomial logistic regression trained as an ONNX train-step graph. Every few seconds
// the trainer's state goes to the artifact store as a checkpoint, and each epoch's heartbeat carries only
// its reference, so a retried attempt loads it and resumes where the last one stopped.
import { CancelledFailure } from '@temporalio/common';
import { getJson } from '../../server/artifacts/store';
import type { TrainLogisticConfig } from '../../dsl/catalog';
import { readTable } from '../compute/data/table';
import { setStepProgress } from '../../server/db/repo/runs';
import { exportLogistic, tableToMatrix, trainLogistic, type LogisticCheckpoint } from '../compute/ml';
import type { StepResult } from '../workflows/types';
import { userError } from './errors';
import type { KindContext } from './kinds';
import type { StepContext } from './step';

const CHECKPOINT_FORMAT = 'headrace.train.logistic.checkpoint';
/** How often the state is stored: well inside the heartbeat throttle (0.8 × heartbeat timeout). */
const CHECKPOINT_EVERY_MS = 2000;

/** A checkpoint artifact: the trainer's state and the thinned loss curve, both bounded by the model's size. */
interface StoredCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  state: LogisticCheckpoint;
  /** The losses the step's summary shows: every `curveEvery`-th epoch from epoch 1. */
  curve: number[];
  /** The loss of epoch `state.epoch`. */
  loss: number;
}

/** The heartbeat of each epoch: where training is and a reference to the latest stored checkpoint. */
export interface TrainHeartbeat {
  epoch: number;
  loss: number;
  checkpoint?: { hash: string; uri: string };
}

/** The checkpoint the previous attempt's last heartbeat points at, when it exists and fits this data. */
async function loadCheckpoint(ctx: StepContext<TrainLogisticConfig>, features: string[], classes: string[]): Promise<StoredCheckpoint | undefined> {
  const ref = (ctx.previous as Partial<TrainHeartbeat> | undefined)?.checkpoint;
  if (!ref?.uri) return undefined;
  let stored: StoredCheckpoint;
  try {
    stored = await getJson<StoredCheckpoint>(ctx.deps.store, ref.uri);
  } catch (err) {
    // Dropped on purpose: a lost checkpoint costs the epochs it held, not the step; said in the step's log.
    ctx.log.warn(`checkpoint ${ref.uri} cannot be read (${(err as Error).message}); training from the first epoch`);
    return undefined;
  }
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (stored.format !== CHECKPOINT_FORMAT || stored.state?.version !== 2 || !same(stored.state.features, features) || !same(stored.state.classes, classes)) {
    ctx.log.warn(`checkpoint ${ref.uri} was made for other data or by another version; training from the first epoch`);
    return undefined;
  }
  return stored;
}

export async function trainLogisticStep(ctx: KindContext<'train.logistic'>): Promise<StepResult> {
  const ref = ctx.inputs.table;
  const table = await readTable(ctx.deps.store, ref);
  const c = ctx.config;
  const features = c.features ?? ref.columns.filter((col) => col.name !== c.target && ['number', 'integer', 'boolean'].includes(col.type)).map((col) => col.name);
  if (features.length === 0) throw userError('BadConfig', `no numeric feature columns besides "${c.target}"`);
  // A missing column, nulls, a non-numeric feature: DataError, shown as is and not retried (errors.ts).
  const m = tableToMatrix(table, features, c.target);
  const resumed = await loadCheckpoint(ctx, features, m.classes!);
  const resumeFrom = resumed?.state;
  ctx.log.info(`training on ${m.rows} rows, ${features.length} features, ${m.classes!.length} classes, ${c.epochs} epochs`);
  if (resumeFrom) ctx.log.info(`resuming from the checkpoint of epoch ${resumeFrom.epoch}`);
  // About ten progress lines per training, whatever the number of epochs.
  const logEvery = Math.max(1, Math.ceil(c.epochs / 10));
  const key = { runId: ctx.input.runId, stepId: ctx.input.step.id, attempt: ctx.attempt };
  let lastProgress = 0;
  // The summary's loss curve: about fifty points whatever the number of epochs (kept across resumes).
  const curveEvery = Math.max(1, Math.ceil(c.epochs / 50));
  const curve = resumed ? [...resumed.curve] : [];
  let lastLoss = resumed?.loss ?? NaN;
  let checkpoint: TrainHeartbeat['checkpoint'];
  let checkpointAt = 0;
  const model = await trainLogistic({
    X: m.X, rows: m.rows, features, y: m.y!, classes: m.classes!,
    epochs: c.epochs, learningRate: c.learningRate, batchSize: c.batchSize, l2: c.l2, seed: c.seed,
    device: ctx.input.step.resources.gpu ? ctx.deps.device ?? 'cpu' : 'cpu',
    checkpoint: resumeFrom,
    onEpoch: async (epoch, loss, state) => {
      if ((epoch - 1) % curveEvery === 0) curve.push(loss);
      lastLoss = loss;
      if (!checkpoint || Date.now() - checkpointAt >= CHECKPOINT_EVERY_MS) {
        checkpointAt = Date.now();
        const doc: StoredCheckpoint = { format: CHECKPOINT_FORMAT, state, curve, loss };
        const put = await ctx.deps.store.put(new TextEncoder().encode(JSON.stringify(doc)), '.json');
        checkpoint = { hash: put.hash, uri: put.uri };
      }
      ctx.heartbeat({ epoch, loss, checkpoint } satisfies TrainHeartbeat);
      if (epoch % logEvery === 0 || epoch === c.epochs) ctx.log.info(`epoch ${epoch}/${c.epochs} loss ${loss.toFixed(4)}`);
      if (Date.now() - lastProgress > 1000) {
        // At most once a second, so the run page can show the epoch and the loss curve so far while training
        // runs (the same thinned curve the summary ends with; docs/decisions.md, "Live training progress").
        lastProgress = Date.now();
        await setStepProgress(ctx.deps.db, key, { epoch, epochs: c.epochs, loss, resumedFromEpoch: resumeFrom?.epoch ?? null, lossCurve: curve });
      }
      // Yield so heartbeats go out and a cancellation can arrive between epochs.
      await new Promise((r) => setImmediate(r));
      if (ctx.signal.aborted) throw new CancelledFailure('training cancelled');
    },
  });
  const { bytes, signature } = exportLogistic(model, { target: c.target });
  const put = await ctx.deps.store.put(bytes, '.onnx');
  const finalLoss = lastLoss;
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
      lossCurve: curve,
    },
  };
}
