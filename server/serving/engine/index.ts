// The predict server's inference engine: worker threads holding onnxruntime sessions per model version.
export {
  EngineError, InferenceEngine,
  type EngineErrorCode, type EngineOptions, type EngineStats, type ModelInfo, type ModelOutputs, type OutputData, type OutputTensor,
} from './engine';
