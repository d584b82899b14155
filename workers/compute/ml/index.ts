// Headrace's built-in ML core: pure functions over Arrow tables and typed arrays (no database, no Temporal).
export { tableToMatrix, featureStats, sortClasses, type Matrix } from './matrix';
export { trainLogistic, MOMENTUM, type LogisticCheckpoint, type LogisticModel, type TrainLogisticInput } from './logistic';
export { exportLogistic, METADATA_KEYS, type ExportedModel } from './export';
export { evaluateClassifier, LOG_LOSS_EPS, type ClassifierEvaluation, type ClassMetrics } from './evaluate';
export { openSession, type Device, type OpenedSession } from './onnx/session';
export { GraphBuilder, readMetadata, OPSET } from './onnx/graph';
export { mulberry32, mixSeed, shuffledIndices } from '../random';
