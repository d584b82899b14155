// Evaluates an exported classifier (any ONNX model with the Headrace signature) on a labelled Arrow table.
import type { Table } from 'apache-arrow';
import type { ModelSignature } from '../../../dsl/refs';
import { tableToMatrix } from './matrix';
import { openSession, ort } from './onnx/session';

/** Probabilities are clipped to [EPS, 1 − EPS] for log loss, so one confident miss cannot make it infinite. */
export const LOG_LOSS_EPS = 1e-15;

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassifierEvaluation {
  values: {
    accuracy: number; balancedAccuracy: number; logLoss: number;
    macroPrecision: number; macroRecall: number; macroF1: number; rows: number;
  };
  perClass: Record<string, ClassMetrics>;
  /** matrix[i][j] = rows whose true label is labels[i] and predicted label is labels[j]. */
  confusionMatrix: { labels: string[]; matrix: number[][] };
  /** Target labels the model does not know (each such row is counted as an error; see below). */
  unknownLabels: string[];
}

/**
 * Runs the model in batches over `table` and scores it against the target column.
 * Rows whose true label is not among the model's classes are errors: they count against accuracy, their log loss
 * term is −log(EPS) (the model gave that label probability 0), and they appear as extra rows of the confusion
 * matrix (appended after the model's classes) with recall 0 in perClass.
 * Macro averages run over the labels that occur in the truth or in the predictions (as scikit-learn does);
 * a label never predicted has precision 0. Balanced accuracy is the mean recall over the labels that occur in
 * the truth (scikit-learn's `balanced_accuracy_score`), so unknown labels count with recall 0.
 */
export async function evaluateClassifier(
  modelBytes: Uint8Array,
  signature: ModelSignature,
  table: Table,
  opts: { target?: string; batchSize?: number } = {},
): Promise<ClassifierEvaluation> {
  const target = opts.target ?? signature.target;
  const m = tableToMatrix(table, signature.features, target, { classes: signature.classes });
  const y = m.y!;
  const F = signature.features.length;
  const C = signature.classes.length;
  const labels = [...signature.classes, ...m.unknownLabels!];
  const L = labels.length;
  // Unknown labels come back as −(1 + i); they take confusion-matrix rows C + i.
  const trueIndex = Int32Array.from(y, (k) => (k >= 0 ? k : C - 1 - k));
  const matrix = Array.from({ length: L }, () => new Array<number>(L).fill(0));

  const { session } = await openSession(modelBytes, 'cpu');
  const batch = Math.max(1, opts.batchSize ?? 4096);
  let correct = 0;
  let logLossSum = 0;
  try {
    for (let start = 0; start < m.rows; start += batch) {
      const n = Math.min(batch, m.rows - start);
      const out = await session.run({
        [signature.input]: new ort.Tensor('float32', m.X.subarray(start * F, (start + n) * F), [n, F]),
      });
      const probs = out.probabilities.data as Float32Array;
      const pred = out.label.data as BigInt64Array;
      for (let k = 0; k < n; k++) {
        const r = start + k;
        const p = Number(pred[k]);
        matrix[trueIndex[r]][p]++;
        if (p === y[r]) correct++;
        const pTrue = y[r] >= 0 ? probs[k * C + y[r]] : 0;
        logLossSum -= Math.log(Math.min(Math.max(pTrue, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
      }
    }
  } finally {
    await session.release();
  }

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
    perClass[label] = { precision, recall, f1, support };
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
  const rows = m.rows;
  return {
    values: {
      accuracy: rows > 0 ? correct / rows : 0,
      balancedAccuracy: balanced.count > 0 ? balanced.recall / balanced.count : 0,
      logLoss: rows > 0 ? logLossSum / rows : 0,
      macroPrecision: avg(macro.precision),
      macroRecall: avg(macro.recall),
      macroF1: avg(macro.f1),
      rows,
    },
    perClass,
    confusionMatrix: { labels, matrix },
    unknownLabels: m.unknownLabels!,
  };
}

