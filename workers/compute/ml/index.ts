// Headrace's built-in ML core: pure functions over Arrow tables and typed arrays (no database, no Temporal).
export { tableToMatrix, featureStats, sortClasses, type Matrix } from './matrix';
export { trainLogistic, logisticCheckpointFits, MOMENTUM, type LogisticCheckpoint, type LogisticModel, type TrainLogisticInput } from './logistic';
export { exportLogistic, METADATA_KEYS, type ExportedModel } from './export';
export { evaluateClassifier, LOG_LOSS_EPS, type ClassifierEvaluation, type ClassMetrics } from './evaluate';
export {
  trainMlp, mlpCheckpointFits, type MlpCheckpoint, type MlpEpochInfo, type MlpModel, type TrainMlpInput,
} from './mlp';
export { predictMlp, type MlpPrediction } from './mlp-eval';
export type { Activation } from './mlp-net';
export type { MlpTask } from './mlp-step';
export { exportMlp } from './export-mlp';
export { trainLinear, predictLinear, type LinearModel, type TrainLinearInput } from './linear';
export { exportLinear } from './export-linear';
export { regressionMetrics, evaluateRegressor, RESIDUAL_BINS, type RegressorEvaluation } from './evaluate-regressor';
export { resolveOptimizer, type Optimizer, type OptimizerName, type OptimizerOptions } from './optim';
export { learningRateAt, validateSchedule, type ScheduleName, type ScheduleOptions, type SchedulePosition } from './schedule';
export { openSession, type Device, type OpenedSession } from './onnx/session';
export { GraphBuilder, readMetadata, OPSET } from './onnx/graph';
export { mulberry32, mixSeed, shuffledIndices } from '../random';
