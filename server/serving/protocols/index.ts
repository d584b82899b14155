// Request/response codecs of the predict server: pure functions from a model version's signature.
// rows.ts: rows → float32 matrix and outputs → predictions; plain.ts, mlflow.ts, v2.ts: the three wire formats.
export * from './rows';
export * from './plain';
export * from './mlflow';
export * from './v2';
