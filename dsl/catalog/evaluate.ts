// Evaluate steps: score a model on held-back rows; their Metrics are what gates test.
import { z } from 'zod';
import { columnName, numericTypes } from './columns';
import { defaultExecution, defineStepKind } from './types';

const evaluateClassifierConfig = z.strictObject({
  target: columnName.optional().describe("Column with the true classes (default: the model's target)"),
});
export type EvaluateClassifierConfig = z.infer<typeof evaluateClassifierConfig>;

/** Scalar metrics evaluate.classifier reports; gates may name any of them. */
export const classifierMetrics = [
  'accuracy',
  'balancedAccuracy',
  'macroPrecision',
  'macroRecall',
  'macroF1',
  'logLoss',
  'rocAuc',
  'rocAucWeighted',
  'ece',
] as const;

export const evaluateClassifier = defineStepKind({
  kind: 'evaluate.classifier',
  version: 1,
  group: 'evaluate',
  description: 'Score a classifier on a table: accuracy, ROC AUC, per-class figures, confusion matrix, calibration table.',
  inputs: {
    model: { type: 'Model', description: 'Model to score' },
    table: { type: 'Table', description: 'Rows with the true classes' },
  },
  outputs: { metrics: { type: 'Metrics', description: 'Scalar metrics and the full evaluation' } },
  config: evaluateClassifierConfig,
  pathFields: [],
  execution: defaultExecution,
  metrics: classifierMetrics,
  columnRefs: (config) => (config.target ? [{ port: 'table', column: config.target, path: ['target'] }] : []),
});

const evaluateRegressorConfig = z.strictObject({
  target: columnName.optional().describe("Number column with the true values (default: the model's target)"),
});
export type EvaluateRegressorConfig = z.infer<typeof evaluateRegressorConfig>;

/** Scalar metrics evaluate.regressor reports; gates may name any of them. */
export const regressorMetrics = ['rmse', 'mae', 'r2'] as const;

export const evaluateRegressor = defineStepKind({
  kind: 'evaluate.regressor',
  version: 1,
  group: 'evaluate',
  description: 'Score a regression model on a table: RMSE, MAE, R² and a residual histogram.',
  inputs: {
    model: { type: 'Model', description: 'Model to score' },
    table: { type: 'Table', description: 'Rows with the true values' },
  },
  outputs: { metrics: { type: 'Metrics', description: 'Scalar metrics and the residual histogram' } },
  config: evaluateRegressorConfig,
  pathFields: [],
  execution: defaultExecution,
  metrics: regressorMetrics,
  columnRefs: (config) => (config.target ? [{ port: 'table', column: config.target, path: ['target'], types: numericTypes }] : []),
});
