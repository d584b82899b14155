// What every epoch-based trainer's step does between epochs: store the trainer's state as a checkpoint in the
// artifact store after every epoch that took half a second or more (else every two seconds), write where it is on the
// attempt's row and heartbeat it (a retried attempt resumes from the newest: at most one epoch, or two seconds of
// short epochs, is lost to a killed worker), log about ten
// progress lines, record every epoch's figures (training_epochs, experiment tracking) and publish the live figures
// and curves on the step's row, both at most once a second (the run page draws them while training runs), let
// heartbeats out, and notice a cancellation. train.logistic and train.mlp use it.
import { CancelledFailure } from '@temporalio/common';
import { getJson } from '../../server/artifacts/store';
import { latestStepCheckpoint, setStepCheckpoint, setStepProgress } from '../../server/db/repo/runs';
import { bestSoFar, recordEpochs, type EpochRow } from '../../server/db/repo/training-epochs';
import { trialStepId } from '../../dsl/sweep';
import type { StepContext } from './step';

/** How often the state is stored when epochs are short: well inside the heartbeat throttle (0.8 × heartbeat timeout). */
const CHECKPOINT_EVERY_MS = 2000;
/** An epoch at least this long is always followed by a checkpoint, so a kill loses at most the epoch it interrupts. */
const CHECKPOINT_EPOCH_MS = 500;
/** Points kept per curve, whatever the number of epochs. */
const CURVE_POINTS = 50;

/** One epoch as a trainer reports it. */
export interface EpochFigures {
  epoch: number;
  /** Mean training loss of the epoch. */
  loss: number;
  valLoss?: number;
  /** Validation accuracy (classification) or RMSE (regression). */
  valMetric?: number;
  samplesPerSecond?: number;
  lr?: number;
}

/** A checkpoint artifact: the trainer's state and the thinned curves, all bounded by the model's size. */
export interface StoredCheckpoint<S> {
  format: string;
  state: S;
  /** The losses the step's summary shows: every `curveEvery`-th epoch from epoch 1. */
  curve: number[];
  /** The validation losses at the same epochs, when the trainer validates. */
  valCurve?: number[];
  /** The loss of epoch `state.epoch`. */
  loss: number;
}

/** The heartbeat of each epoch: where training is and a reference to the latest stored checkpoint. */
export interface TrainHeartbeat {
  epoch: number;
  loss: number;
  checkpoint?: { hash: string; uri: string };
}

/**
 * The newest checkpoint an earlier attempt stored — from the attempts' rows, which are written as each checkpoint is
 * stored, or else the previous attempt's last heartbeat (the SDK sends heartbeats at most every 0.8 × the heartbeat
 * timeout, so it may be several epochs behind) — when it can be read, has this `format` and `fits` this data and
 * config; otherwise undefined, and the step's log says why training starts over.
 */
export async function loadCheckpoint<S>(
  ctx: StepContext<unknown, unknown>, format: string, fits: (state: S) => boolean,
): Promise<StoredCheckpoint<S> | undefined> {
  const key = { runId: ctx.input.runId, stepId: ctx.input.step.id, attempt: ctx.attempt };
  const ref = (ctx.attempt > 1 ? await latestStepCheckpoint(ctx.deps.db, key) : undefined)
    ?? (ctx.previous as Partial<TrainHeartbeat> | undefined)?.checkpoint;
  if (!ref?.uri) return undefined;
  let stored: StoredCheckpoint<S>;
  try {
    stored = await getJson<StoredCheckpoint<S>>(ctx.deps.store, ref.uri);
  } catch (err) {
    // Dropped on purpose: a lost checkpoint costs the epochs it held, not the step; said in the step's log.
    ctx.log.warn(`checkpoint ${ref.uri} cannot be read (${(err as Error).message}); training from the first epoch`);
    return undefined;
  }
  if (stored.format !== format || !stored.state || !fits(stored.state)) {
    ctx.log.warn(`checkpoint ${ref.uri} was made for other data or by another version; training from the first epoch`);
    return undefined;
  }
  return stored;
}

export interface EpochTracker<S> {
  /** Called by the trainer after each epoch with its figures and its resumable state. */
  onEpoch(figures: EpochFigures, state: S): Promise<void>;
  /** The thinned training-loss curve so far (kept across resumes). */
  readonly curve: number[];
  /** The thinned validation-loss curve, when the trainer validates. */
  readonly valCurve: number[];
  /** The last epoch's figures (the resumed checkpoint's loss before the first). */
  last(): EpochFigures | undefined;
  /** Records the epochs not yet recorded (call once training returns). */
  flush(): Promise<void>;
  /** Why training should stop now (a sweep's trial losing by the median rule), once it should. */
  stopReason(): string | undefined;
  /** The trial's `select` figure of the epoch its model keeps (the best one when `bestEpoch`, else the last). */
  selected(bestEpoch?: number): Record<string, number>;
}

/**
 * The between-epochs work for a trainer of `epochs` epochs, continuing `resumed` when there is one. `extra` is
 * added to the live progress (the device, the model's shape).
 */
export function epochTracker<S extends { epoch: number }>(
  ctx: StepContext<unknown, unknown>,
  opts: { format: string; epochs: number; resumed?: StoredCheckpoint<S>; extra?: Record<string, unknown> },
): EpochTracker<S> {
  const { epochs, resumed } = opts;
  // About ten progress lines per training, whatever the number of epochs.
  const logEvery = Math.max(1, Math.ceil(epochs / 10));
  const curveEvery = Math.max(1, Math.ceil(epochs / CURVE_POINTS));
  const key = { runId: ctx.input.runId, stepId: ctx.input.step.id, attempt: ctx.attempt };
  const curve = resumed ? [...resumed.curve] : [];
  const valCurve = resumed?.valCurve ? [...resumed.valCurve] : [];
  let last: EpochFigures | undefined = resumed ? { epoch: resumed.state.epoch, loss: resumed.loss } : undefined;
  let checkpoint: TrainHeartbeat['checkpoint'];
  let checkpointAt = 0;
  let epochStartedAt = Date.now();
  let lastProgress = 0;
  const started = Date.now();
  const startEpoch = resumed?.state.epoch ?? 0;
  const unrecorded: EpochRow[] = [];
  const flush = () => recordEpochs(ctx.deps.db, key, unrecorded.splice(0));
  const median = medianRule(ctx, epochs, flush);
  /** Every epoch's figures of this attempt, for `selected` (a few numbers per epoch). */
  const seen = new Map<number, EpochFigures>();

  return {
    curve,
    valCurve,
    last: () => last,
    flush,
    stopReason: () => median?.reason,
    selected(bestEpoch) {
      const f = (bestEpoch !== undefined ? seen.get(bestEpoch) : undefined) ?? last;
      if (!f) return {};
      const task = (ctx.input.step.config as { task?: string }).task;
      return {
        loss: f.loss,
        ...(f.valLoss !== undefined ? { val_loss: f.valLoss } : {}),
        ...(f.valMetric !== undefined ? { [task === 'regression' ? 'val_rmse' : 'val_accuracy']: f.valMetric } : {}),
      };
    },
    async onEpoch(f, state) {
      seen.set(f.epoch, f);
      unrecorded.push({
        epoch: f.epoch, loss: f.loss, valLoss: f.valLoss ?? null, valMetric: f.valMetric ?? null,
        samplesPerSecond: f.samplesPerSecond ?? null, lr: f.lr ?? null,
      });
      if ((f.epoch - 1) % curveEvery === 0) {
        curve.push(f.loss);
        if (f.valLoss !== undefined) valCurve.push(f.valLoss);
      }
      last = f;
      const epochMs = Date.now() - epochStartedAt;
      if (!checkpoint || epochMs >= CHECKPOINT_EPOCH_MS || Date.now() - checkpointAt >= CHECKPOINT_EVERY_MS) {
        checkpointAt = Date.now();
        const doc: StoredCheckpoint<S> = { format: opts.format, state, curve, ...(valCurve.length ? { valCurve } : {}), loss: f.loss };
        const put = await ctx.deps.store.put(new TextEncoder().encode(JSON.stringify(doc)), '.json');
        checkpoint = { hash: put.hash, uri: put.uri };
        await ctx.recorded();
        await setStepCheckpoint(ctx.deps.db, key, { epoch: f.epoch, ...checkpoint });
      }
      ctx.heartbeat({ epoch: f.epoch, loss: f.loss, checkpoint } satisfies TrainHeartbeat);
      if (f.epoch % logEvery === 0 || f.epoch === epochs) {
        const val = f.valLoss !== undefined ? `, validation loss ${f.valLoss.toFixed(4)}` : '';
        ctx.log.info(`epoch ${f.epoch}/${epochs} loss ${f.loss.toFixed(4)}${val}`);
      }
      if (Date.now() - lastProgress > 1000) {
        // At most once a second, so the run page can show the epoch and the curves so far while training runs
        // (the same thinned curves the summary ends with; docs/decisions.md, "Live training progress").
        lastProgress = Date.now();
        await flush();
        const done = f.epoch - startEpoch;
        const etaSeconds = done > 0 ? Math.round(((Date.now() - started) / done) * (epochs - f.epoch) / 1000) : null;
        await ctx.recorded();
        await setStepProgress(ctx.deps.db, key, {
          ...opts.extra, epoch: f.epoch, epochs, loss: f.loss, resumedFromEpoch: resumed?.state.epoch ?? null, lossCurve: curve,
          ...(valCurve.length ? { valLossCurve: valCurve } : {}),
          ...(f.valLoss !== undefined ? { valLoss: f.valLoss } : {}),
          ...(f.valMetric !== undefined ? { valMetric: f.valMetric } : {}),
          ...(f.samplesPerSecond !== undefined ? { samplesPerSecond: Math.round(f.samplesPerSecond) } : {}),
          ...(f.lr !== undefined ? { lr: f.lr } : {}),
          etaSeconds,
        });
      }
      if (median) await median.check(f);
      // Yield so heartbeats go out and a cancellation can arrive between epochs.
      await new Promise((r) => setImmediate(r));
      if (ctx.signal.aborted) throw new CancelledFailure('training cancelled');
      epochStartedAt = Date.now();
    },
  };
}

/** Median stopping is judged from this share of the epochs on (and never before epoch 3). */
const MEDIAN_GRACE = 0.2;
/** The other trials that must have reached an epoch for the median there to count. */
const MEDIAN_QUORUM = 2;
/** The most often the others' figures are read (each read is one query). */
const MEDIAN_EVERY_MS = 250;

/**
 * The median stopping rule of a sweep's trial (the step a sweep runs as carries `trial`): once past the grace
 * epochs, the trial stops when its best `select` figure so far is worse than the median of the other trials' best
 * figures up to the same epoch (those that reached it, at least two). Its own epochs are recorded first, so the
 * trials running beside it see them.
 */
function medianRule(ctx: StepContext<unknown, unknown>, epochs: number, flush: () => Promise<void>) {
  const trial = ctx.input.step.trial;
  if (!trial || trial.stopping !== 'median') return undefined;
  const { metric, mode } = trial;
  const better = (a: number, b: number) => (mode === 'min' ? a < b : a > b);
  const grace = Math.max(3, Math.ceil(epochs * MEDIAN_GRACE));
  const others = Array.from({ length: trial.count }, (_, i) => i + 1).filter((i) => i !== trial.index).map((i) => trialStepId(trial.of, i));
  let best: number | undefined;
  let readAt = 0;
  const state = {
    reason: undefined as string | undefined,
    async check(f: EpochFigures) {
      const value = metric === 'loss' ? f.loss : metric === 'val_loss' ? f.valLoss : f.valMetric;
      if (value === undefined || !Number.isFinite(value)) return;
      if (best === undefined || better(value, best)) best = value;
      if (state.reason || f.epoch < grace || f.epoch >= epochs || Date.now() - readAt < MEDIAN_EVERY_MS) return;
      readAt = Date.now();
      await flush();
      const theirs = await bestSoFar(ctx.deps.db, { runId: ctx.input.runId, stepIds: others, epoch: f.epoch, metric, mode });
      if (theirs.length < MEDIAN_QUORUM) return;
      const sorted = [...theirs].sort((a, b) => a - b);
      const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      if (better(mid, best)) {
        state.reason = `stopped at epoch ${f.epoch} by the median rule: best ${metric} so far ${best.toFixed(4)} is worse than the median ${mid.toFixed(4)} of ${theirs.length} other trials at this epoch`;
        ctx.log.info(state.reason);
      }
    },
  };
  return state;
}
