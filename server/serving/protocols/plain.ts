// The plain protocol, `POST /v1/endpoints/NAME/predict`:
//   request  {"rows": [{"feature": value, …}, …]}
//   response {"predictions": [{"label": "Adelie", "probabilities": {"Adelie": 0.97, …}}, …],
//             "model": {"name": "penguins", "version": 3, "variant": "penguins-v3"}, "requestId": "…"}
import { ProtocolError, recordsToMatrix, type Matrix, type ModelSchema, type Prediction } from './rows';

export interface PlainResponse {
  predictions: Prediction[];
  /** The version that answered, and the deployment's variant it answered as. */
  model: { name: string; version: number; variant?: string };
  requestId: string;
}

/** The request body (parsed JSON) → the engine's matrix, or a ProtocolError (400) naming what is wrong. */
export function parsePlainRequest(body: unknown, schema: ModelSchema): Matrix {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProtocolError('The body must be a JSON object {"rows": [{…}, …]} with one object of feature values per row.');
  }
  for (const key of Object.keys(body)) {
    if (key !== 'rows') throw new ProtocolError(`Unknown field "${key}" in the body; it takes only "rows".`);
  }
  return recordsToMatrix((body as { rows?: unknown }).rows, schema, '"rows"');
}

export function formatPlainResponse(
  predictions: Prediction[],
  model: { name: string; version: number; variant?: string },
  requestId: string,
): PlainResponse {
  return {
    predictions,
    model: { name: model.name, version: model.version, ...(model.variant !== undefined ? { variant: model.variant } : {}) },
    requestId,
  };
}
