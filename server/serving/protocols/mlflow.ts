// MLflow's scoring JSON, as `mlflow models serve` takes it on /invocations, on `POST /v1/endpoints/NAME/invocations`:
//   {"dataframe_split": {"columns": [...], "data": [[...], ...]}}   (columns optional: the signature's order)
//   {"dataframe_records": [{"feature": value, ...}, ...]}
//   {"instances": [[...], ...] | [{...}, ...] | {"feature": [...], ...}}   (TF-serving row or column format)
//   {"inputs": same as instances}
// with an optional "params" object (the model takes none; it is accepted and ignored, as MLflow ignores params a
// model does not declare). The answer is MLflow's {"predictions": [...]}: by default one class label per row, the
// shape an sklearn classifier served by MLflow returns, so client code reading predictions[i] as the class works.
import {
  columnsToMatrix, isObject, isValuePrediction, positionalToMatrix, ProtocolError, recordsToMatrix, type ClassPrediction, type Matrix,
  type ModelSchema, type Prediction,
} from './rows';

const INPUT_KEYS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

/** What each row's prediction is in the response. */
export type MlflowOutput =
  /** the class name: {"predictions": ["Adelie", …]} (MLflow's classifier default) */
  | 'label'
  /** the class probabilities in signature.classes order: {"predictions": [[0.97, 0.02, 0.01], …]} (predict_proba) */
  | 'probabilities'
  /** both, as records: {"predictions": [{"label": "Adelie", "probabilities": {"Adelie": 0.97, …}}, …]} */
  | 'records';

export interface MlflowResponse {
  predictions: Array<string | number | number[] | Prediction>;
}

/** Rows given as a list of lists, a list of objects, or an object of columns. */
function tensorish(v: unknown, schema: ModelSchema, key: string): Matrix {
  if (isObject(v)) return columnsToMatrix(v, schema, `"${key}"`);
  if (Array.isArray(v) && v.length > 0 && isObject(v[0])) return recordsToMatrix(v, schema, `"${key}"`);
  return positionalToMatrix(v, schema, undefined, `"${key}"`);
}

/** The request body (parsed JSON) → the engine's matrix, or a ProtocolError (400) naming what is wrong. */
export function parseMlflowRequest(body: unknown, schema: ModelSchema): Matrix {
  if (!isObject(body)) {
    throw new ProtocolError(`The body must be a JSON object with one of ${INPUT_KEYS.map((k) => `"${k}"`).join(', ')}.`);
  }
  const present = INPUT_KEYS.filter((k) => k in body);
  const unknown = Object.keys(body).find((k) => k !== 'params' && !(INPUT_KEYS as readonly string[]).includes(k));
  if (unknown) {
    throw new ProtocolError(`Unknown field "${unknown}" in the body; it takes one of ${INPUT_KEYS.map((k) => `"${k}"`).join(', ')} (and "params").`);
  }
  if (present.length !== 1) {
    throw new ProtocolError(present.length === 0
      ? `The body must hold one of ${INPUT_KEYS.map((k) => `"${k}"`).join(', ')}.`
      : `The body holds ${present.map((k) => `"${k}"`).join(' and ')}; give exactly one input format.`);
  }
  if ('params' in body && !isObject(body.params)) throw new ProtocolError('"params" must be an object.');
  const key = present[0];
  const value = body[key];
  if (key === 'dataframe_split') {
    if (!isObject(value)) throw new ProtocolError('"dataframe_split" must be an object {"columns": [...], "data": [[...], ...]}.');
    for (const k of Object.keys(value)) {
      if (k !== 'columns' && k !== 'data' && k !== 'index') {
        throw new ProtocolError(`Unknown field "${k}" in "dataframe_split"; it takes "columns", "data" and "index".`);
      }
    }
    return positionalToMatrix(value.data, schema, value.columns, '"dataframe_split.data"');
  }
  if (key === 'dataframe_records') return recordsToMatrix(value, schema, '"dataframe_records"');
  return tensorish(value, schema, key);
}

export function formatMlflowResponse(
  predictions: Prediction[],
  classes: string[],
  output: MlflowOutput = 'label',
): MlflowResponse {
  // A regressor answers its values, as MLflow serves a scikit-learn regressor: {"predictions": [12.3, …]}.
  if (predictions.some(isValuePrediction)) {
    if (output === 'probabilities') throw new ProtocolError('The model predicts a number, so it has no class probabilities; leave out ?output=probabilities.');
    return { predictions: predictions.map((p) => (isValuePrediction(p) ? p.value : p.label)) };
  }
  const rows = predictions as ClassPrediction[];
  if (output === 'label') return { predictions: rows.map((p) => p.label) };
  if (output === 'probabilities') return { predictions: rows.map((p) => classes.map((c) => p.probabilities[c])) };
  return { predictions };
}
