// The prediction log (docs/serving.md, "Prediction log and labels"): a non-blocking writer for the predict
// server's request path, Arrow files per endpoint and UTC day, ground truth attached later by request id, and the
// readers the monitoring side uses.
export { createPredictionLog, shouldLog, type PredictionLog, type PredictionLogOptions, type PredictionLogStats } from './log';
export {
  attachLabels, joinLabels, openPredictionStore, predictionLogDir, readPredictions, type AttachOptions, type AttachResult,
  type JoinResult, type LabelInput, type LabelledPrediction, type PredictionLogLocation, type PredictionStore,
} from './store';
export { FEATURE_PREFIX, type EntryFeatures, type LoggedPrediction, type PredictionEntry, type PredictionRow } from './table';
export type { FeatureValue, LabelValue, TimeBound, TimeRange } from './files';
