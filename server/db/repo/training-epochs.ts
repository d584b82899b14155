// Experiment tracking's store: every epoch of every training step's attempt (loss, validation loss and metric,
// throughput, learning rate), recorded in batches while the step trains and read back as curves for the run page,
// the compare page and `headrace compare`. A resumed attempt's epochs replace the killed one's in the curve; long
// runs are thinned when read (every k-th epoch, the last one kept), never when written.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { trainingEpochs } from '../schema';

export interface EpochRow {
  epoch: number;
  loss: number;
  valLoss: number | null;
  valMetric: number | null;
  samplesPerSecond: number | null;
  lr: number | null;
}

export interface StepKey {
  runId: string;
  stepId: string;
  attempt: number;
}

/** Rows per INSERT: 6 values each, well under PostgreSQL's 65 535 parameters. */
const CHUNK = 2000;

/** Records epochs of one attempt; an epoch already recorded (a replayed batch) is kept as it was. */
export async function recordEpochs(db: Db, key: StepKey, rows: readonly EpochRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insert(trainingEpochs)
      .values(rows.slice(i, i + CHUNK).map((r) => ({ ...key, ...r })))
      .onConflictDoNothing();
  }
}

/** One training step's curve: its epochs in order, a resumed attempt's epochs replacing the earlier attempt's. */
export interface EpochCurve {
  runId: string;
  stepId: string;
  /** The attempts that recorded epochs, in order. */
  attempts: number[];
  /** Epochs in the curve before thinning. */
  total: number;
  epochs: EpochRow[];
}

/**
 * The curves of the runs' training steps, one per step (for each epoch the latest attempt's figures), each thinned
 * to at most `points` epochs (every k-th, the last always kept). One query.
 */
export async function trainingCurves(db: Db, runIds: string[], opts: { stepId?: string; points?: number } = {}): Promise<EpochCurve[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .select()
    .from(trainingEpochs)
    .where(and(inArray(trainingEpochs.runId, runIds), opts.stepId ? eq(trainingEpochs.stepId, opts.stepId) : undefined))
    .orderBy(asc(trainingEpochs.runId), asc(trainingEpochs.stepId), asc(trainingEpochs.attempt), asc(trainingEpochs.epoch));
  const curves = new Map<string, { runId: string; stepId: string; attempts: number[]; byEpoch: Map<number, EpochRow> }>();
  for (const r of rows) {
    const k = `${r.runId}/${r.stepId}`;
    let c = curves.get(k);
    if (!c) curves.set(k, (c = { runId: r.runId, stepId: r.stepId, attempts: [], byEpoch: new Map() }));
    if (c.attempts.at(-1) !== r.attempt) c.attempts.push(r.attempt);
    c.byEpoch.set(r.epoch, { epoch: r.epoch, loss: r.loss, valLoss: r.valLoss, valMetric: r.valMetric, samplesPerSecond: r.samplesPerSecond, lr: r.lr });
  }
  const points = Math.max(2, opts.points ?? 500);
  return [...curves.values()].map(({ byEpoch, ...c }) => {
    const epochs = [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
    return { ...c, total: epochs.length, epochs: thin(epochs, points) };
  });
}

/** Every k-th row so that at most `points` remain, the last row always among them. */
export function thin<T>(rows: readonly T[], points: number): T[] {
  if (rows.length <= points) return [...rows];
  const k = Math.ceil((rows.length - 1) / (points - 1));
  const out: T[] = [];
  for (let i = 0; i < rows.length - 1; i += k) out.push(rows[i]);
  out.push(rows[rows.length - 1]);
  return out;
}

/** The column of a sweep's `select` metric. */
const METRIC_COLUMN = { loss: trainingEpochs.loss, val_loss: trainingEpochs.valLoss, val_accuracy: trainingEpochs.valMetric, val_rmse: trainingEpochs.valMetric } as const;

/**
 * For the median stopping rule: each other trial that reached `epoch`, its best `metric` over epochs 1…epoch
 * (the lowest, or the highest for mode max). One query.
 */
export async function bestSoFar(
  db: Db, q: { runId: string; stepIds: string[]; epoch: number; metric: keyof typeof METRIC_COLUMN; mode: 'min' | 'max' },
): Promise<number[]> {
  if (q.stepIds.length === 0) return [];
  const col = METRIC_COLUMN[q.metric];
  const best = q.mode === 'min' ? sql<number | null>`min(${col}) filter (where ${trainingEpochs.epoch} <= ${q.epoch})` : sql<number | null>`max(${col}) filter (where ${trainingEpochs.epoch} <= ${q.epoch})`;
  const rows = await db
    .select({ best, reached: sql<number>`max(${trainingEpochs.epoch})` })
    .from(trainingEpochs)
    .where(and(eq(trainingEpochs.runId, q.runId), inArray(trainingEpochs.stepId, q.stepIds)))
    .groupBy(trainingEpochs.stepId);
  return rows.filter((r) => Number(r.reached) >= q.epoch && r.best !== null).map((r) => Number(r.best));
}
