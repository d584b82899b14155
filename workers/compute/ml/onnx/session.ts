// Creating onnxruntime-node sessions with the settings every Headrace ML path uses, and the cuda → cpu fallback.
import * as ort from 'onnxruntime-node';

export type Device = 'cpu' | 'cuda';

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The device actually used. */
  device: Device;
  /** Why the requested device was not used (set only when we fell back). */
  fallbackReason?: string;
}

function options(device: Device): ort.InferenceSession.SessionOptions {
  // One intra-op thread was fastest for these small graphs (docs/decisions.md, "Training on ONNX Runtime"); severity 3 keeps ORT's stderr quiet.
  return { executionProviders: [device], intraOpNumThreads: 1, logSeverityLevel: 3 };
}

/**
 * Opens a session on the requested device. Asking for cuda where its provider libraries are missing (they are not
 * bundled with onnxruntime-node) fails at creation: we then open on cpu and report why, rather than failing the step.
 */
export async function openSession(model: Uint8Array, device: Device = 'cpu'): Promise<OpenedSession> {
  if (device === 'cpu') return { session: await ort.InferenceSession.create(model, options('cpu')), device: 'cpu' };
  try {
    return { session: await ort.InferenceSession.create(model, options(device)), device };
  } catch (err) {
    const reason = `${device} unavailable: ${err instanceof Error ? err.message : String(err)}`;
    return { session: await ort.InferenceSession.create(model, options('cpu')), device: 'cpu', fallbackReason: reason };
  }
}

export { ort };
