// Evaluates an exported classifier (any ONNX model with the Headrace signature) on a labelled Arrow table.
import type { Table } from 'apache-arrow';
import type { ModelSignature } from '../../../dsl/refs';
import { targetClasses } from './matrix';
import { modelFeeds } from './model-inputs';
import { openSession } from './onnx/session';

/** Probabilities are clipped to [EPS, 1 − EPS] for log loss, so one confident miss cannot make it infinite. */
export const LOG_LOSS_EPS = 1e-15;

/** Equal-width bins of the calibration table over [0, 1]. */
export const CALIBRATION_BINS = 10;

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /**
   * ROC AUC of the class against the rest, scored by its probability column; null when the data has no row of
   * the class, only rows of it, or the model has no probability for it (a label it does not know).
   */
  rocAuc: number | null;
}

/** One bin of the top-label calibration table: rows whose predicted label's probability is in [lower, upper). */
export interface CalibrationBin {
  lower: number;
  /** The last bin includes 1. */
  upper: number;
  count: number;
  /** Mean probability of the predicted label over the bin's rows; null when the bin is empty. */
  confidence: number | null;
  /** Share of the bin's rows whose predicted label is right; null when the bin is empty. */
  accuracy: number | null;
}

/** One bin of a class's reliability table: rows whose probability for the class is in [lower, upper). */
export interface ClassCalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean probability of the class over the bin's rows; null when empty. */
  probability: number | null;
  /** Share of the bin's rows that truly are of the class; null when empty. */
  frequency: number | null;
}

export interface Calibration {
  /** Top-label confidence (the predicted label's probability) in CALIBRATION_BINS equal-width bins. */
  bins: CalibrationBin[];
  /** Expected calibration error: Σ count/rows · |accuracy − confidence| over the bins. */
  ece: number;
  /** Per model class: its probability column in the same bins against how often the row is of the class. */
  perClass: Record<string, ClassCalibrationBin[]>;
}

export interface ClassifierEvaluation {
  values: {
    accuracy: number; balancedAccuracy: number; logLoss: number;
    macroPrecision: number; macroRecall: number; macroF1: number; rows: number;
    /**
     * ROC AUC: binary models, the AUC of the positive (second) class; otherwise the unweighted mean of the
     * one-vs-rest AUCs of the classes that have one (`rocAucNote` names those left out). Absent when no class has one.
     */
    rocAuc?: number;
    /** As rocAuc, the mean weighted by each class's rows (binary: the same as rocAuc). */
    rocAucWeighted?: number;
    /** Expected calibration error of the top-label confidence (see `calibration`). */
    ece: number;
  };
  perClass: Record<string, ClassMetrics>;
  /** matrix[i][j] = rows whose true label is labels[i] and predicted label is labels[j]. */
  confusionMatrix: { labels: string[]; matrix: number[][] };
  /** Target labels the model does not know (each such row is counted as an error; see below). */
  unknownLabels: string[];
  /** How rocAuc was formed, in one sentence: which class (binary) or how many classes, and any left out and why. */
  rocAucNote: string;
  calibration: Calibration;
}

/**
 * Runs the model in batches over `table` and scores it against the target column.
 * Rows whose true label is not among the model's classes are errors: they count against accuracy, their log loss
 * term is −log(EPS) (the model gave that label probability 0), and they appear as extra rows of the confusion
 * matrix (appended after the model's classes) with recall 0 in perClass.
 * Macro averages run over the labels that occur in the truth or in the predictions (as scikit-learn does);
 * a label never predicted has precision 0. Balanced accuracy is the mean recall over the labels that occur in
 * the truth (scikit-learn's `balanced_accuracy_score`), so unknown labels count with recall 0.
 * ROC AUC is one-vs-rest per model class, from its probability column, with ties counted half (the Mann–Whitney
 * statistic, as scikit-learn's `roc_auc_score`); rows of unknown labels are negatives of every class. A class
 * with no positive or no negative row has no AUC (null) and is left out of the means, as are unknown labels.
 * Calibration bins the predicted label's probability into CALIBRATION_BINS equal-width bins of [0, 1]
 * ([0, 0.1), …, [0.9, 1], compared in float32 as the model gives them); rows of unknown labels are wrong.
 */
export async function evaluateClassifier(
  modelBytes: Uint8Array,
  signature: ModelSignature,
  table: Table,
  opts: { target?: string; batchSize?: number } = {},
): Promise<ClassifierEvaluation> {
  const target = opts.target ?? signature.target;
  const inputs = modelFeeds(table, signature);
  const { y, unknownLabels } = targetClasses(table, target, signature.classes);
  const C = signature.classes.length;
  const labels = [...signature.classes, ...unknownLabels];
  const L = labels.length;
  // Unknown labels come back as −(1 + i); they take confusion-matrix rows C + i.
  const trueIndex = Int32Array.from(y, (k) => (k >= 0 ? k : C - 1 - k));
  const matrix = Array.from({ length: L }, () => new Array<number>(L).fill(0));

  const { session } = await openSession(modelBytes, 'cpu');
  const batch = Math.max(1, opts.batchSize ?? 4096);
  let correct = 0;
  let logLossSum = 0;
  const rows = inputs.rows;
  // Each class's probability column (column-major: class c's rows at c·rows), for the AUCs and reliability.
  const scores = new Float32Array(rows * C);
  const top = { count: new Float64Array(CALIBRATION_BINS), confidence: new Float64Array(CALIBRATION_BINS), correct: new Float64Array(CALIBRATION_BINS) };
  try {
    for (let start = 0; start < rows; start += batch) {
      const n = Math.min(batch, rows - start);
      const out = await session.run(inputs.feeds(start, n));
      const probs = out.probabilities.data as Float32Array;
      const pred = out.label.data as BigInt64Array;
      for (let k = 0; k < n; k++) {
        const r = start + k;
        const p = Number(pred[k]);
        const right = p === y[r];
        matrix[trueIndex[r]][p]++;
        if (right) correct++;
        for (let c = 0; c < C; c++) scores[c * rows + r] = probs[k * C + c];
        const confidence = probs[k * C + p];
        const b = binOf(confidence);
        top.count[b]++;
        top.confidence[b] += confidence;
        if (right) top.correct[b]++;
        const pTrue = y[r] >= 0 ? probs[k * C + y[r]] : 0;
        logLossSum -= Math.log(Math.min(Math.max(pTrue, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
      }
    }
  } finally {
    await session.release();
  }

  const aucs = labels.map((_, i) => (i < C ? rocAuc(scores.subarray(i * rows, (i + 1) * rows), y, i) : null));
  const perClass: Record<string, ClassMetrics> = {};
  const macro = { precision: 0, recall: 0, f1: 0, count: 0 };
  const balanced = { recall: 0, count: 0 };
  labels.forEach((label, i) => {
    const support = matrix[i].reduce((a, v) => a + v, 0);
    const predicted = matrix.reduce((a, row) => a + row[i], 0);
    const tp = matrix[i][i];
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision, recall, f1, support, rocAuc: aucs[i] };
    if (support > 0) {
      balanced.recall += recall;
      balanced.count++;
    }
    if (support > 0 || predicted > 0) {
      macro.precision += precision;
      macro.recall += recall;
      macro.f1 += f1;
      macro.count++;
    }
  });
  const avg = (v: number) => (macro.count > 0 ? v / macro.count : 0);
  const auc = averageRocAuc(labels, C, aucs, labels.map((l) => perClass[l].support));
  const calibration = calibrationOf(top, rows, signature.classes, scores, y);
  return {
    values: {
      accuracy: rows > 0 ? correct / rows : 0,
      balancedAccuracy: balanced.count > 0 ? balanced.recall / balanced.count : 0,
      logLoss: rows > 0 ? logLossSum / rows : 0,
      macroPrecision: avg(macro.precision),
      macroRecall: avg(macro.recall),
      macroF1: avg(macro.f1),
      rows,
      ...(auc.macro !== null ? { rocAuc: auc.macro } : {}),
      ...(auc.weighted !== null ? { rocAucWeighted: auc.weighted } : {}),
      ece: calibration.ece,
    },
    perClass,
    confusionMatrix: { labels, matrix },
    unknownLabels,
    rocAucNote: auc.note,
    calibration,
  };
}

/** The calibration bin of a probability: [b/BINS, (b+1)/BINS), the last one closed at 1. */
function binOf(p: number): number {
  return Math.min(CALIBRATION_BINS - 1, Math.max(0, Math.floor(p * CALIBRATION_BINS)));
}

const binEdges = (b: number) => ({ lower: b / CALIBRATION_BINS, upper: (b + 1) / CALIBRATION_BINS });

/**
 * ROC AUC of `scores` for the rows with `y[r] === positive` against all others: the probability that a random
 * positive row scores above a random negative one, ties counting half (Mann–Whitney U / (P·N), which is what
 * scikit-learn's trapezoidal roc_auc_score gives). Null without a positive or a negative row.
 */
export function rocAuc(scores: ArrayLike<number>, y: ArrayLike<number>, positive: number): number | null {
  const n = scores.length;
  let P = 0;
  for (let r = 0; r < n; r++) if (y[r] === positive) P++;
  const N = n - P;
  if (P === 0 || N === 0) return null;
  const pos = new Float64Array(P);
  const neg = new Float64Array(N);
  for (let r = 0, i = 0, j = 0; r < n; r++) {
    if (y[r] === positive) pos[i++] = scores[r];
    else neg[j++] = scores[r];
  }
  pos.sort();
  neg.sort();
  // Walk both sorted lists by distinct score: each positive beats the negatives below it and ties the equal ones.
  // Twice U is a sum of integers (exact below 2^53), halved at the end.
  let twiceU = 0;
  let i = 0;
  let below = 0;
  while (i < P) {
    const v = pos[i];
    while (below < N && neg[below] < v) below++;
    let equal = 0;
    while (below + equal < N && neg[below + equal] === v) equal++;
    let run = 0;
    while (i < P && pos[i] === v) {
      run++;
      i++;
    }
    twiceU += run * (2 * below + equal);
  }
  return twiceU / 2 / (P * N);
}

/** The binary or macro/weighted means of the per-class AUCs, and a sentence on how they were formed. */
function averageRocAuc(labels: string[], C: number, aucs: Array<number | null>, support: number[]): { macro: number | null; weighted: number | null; note: string } {
  const why = (i: number) =>
    i >= C ? 'not a model class' : support[i] === 0 ? 'no row of it' : 'every row is of it';
  if (C === 2) {
    const v = aucs[1];
    return {
      macro: v,
      weighted: v,
      note: v !== null
        ? `binary: the AUC of ${labels[1]} (the positive, second class)`
        : `binary: no AUC for ${labels[1]}, the positive class (${why(1)})`,
    };
  }
  let sum = 0;
  let wsum = 0;
  let weight = 0;
  const used: string[] = [];
  const left: string[] = [];
  labels.forEach((label, i) => {
    const v = aucs[i];
    if (v === null) {
      left.push(`${label} (${why(i)})`);
      return;
    }
    used.push(label);
    sum += v;
    wsum += v * support[i];
    weight += support[i];
  });
  const over = `one-vs-rest, mean over ${used.length} of ${labels.length} classes`;
  return {
    macro: used.length > 0 ? sum / used.length : null,
    weighted: weight > 0 ? wsum / weight : null,
    note: left.length > 0 ? `${over}; left out: ${left.join(', ')}` : over,
  };
}

function calibrationOf(
  top: { count: Float64Array; confidence: Float64Array; correct: Float64Array },
  rows: number,
  classes: string[],
  scores: Float32Array,
  y: ArrayLike<number>,
): Calibration {
  let ece = 0;
  const bins = Array.from({ length: CALIBRATION_BINS }, (_, b): CalibrationBin => {
    const count = top.count[b];
    if (count === 0) return { ...binEdges(b), count, confidence: null, accuracy: null };
    const confidence = top.confidence[b] / count;
    const accuracy = top.correct[b] / count;
    ece += (count / rows) * Math.abs(accuracy - confidence);
    return { ...binEdges(b), count, confidence, accuracy };
  });
  const perClass: Record<string, ClassCalibrationBin[]> = {};
  classes.forEach((label, c) => {
    const count = new Float64Array(CALIBRATION_BINS);
    const sum = new Float64Array(CALIBRATION_BINS);
    const hits = new Float64Array(CALIBRATION_BINS);
    for (let r = 0; r < rows; r++) {
      const p = scores[c * rows + r];
      const b = binOf(p);
      count[b]++;
      sum[b] += p;
      if (y[r] === c) hits[b]++;
    }
    perClass[label] = Array.from({ length: CALIBRATION_BINS }, (_, b) => ({
      ...binEdges(b),
      count: count[b],
      probability: count[b] > 0 ? sum[b] / count[b] : null,
      frequency: count[b] > 0 ? hits[b] / count[b] : null,
    }));
  });
  return { bins, ece, perClass };
}

