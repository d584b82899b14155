// Whether a model.onnx that a user's program left (train.command) fits the contract every Headrace model keeps, so
// evaluate.*, the registry and the predict server can use it like one of ours (workers/compute/ml/export*.ts):
// one float32 input [rows, features]; a classifier outputs `label` (int64 [rows], an index into the classes) and
// `probabilities` (float32 [rows, classes]); a regressor outputs `prediction` (float32, one value per row: [rows]
// or [rows, 1]). Read from the model's own inputs and outputs, then proven by running it on a few training rows.
import type { InferenceSession } from 'onnxruntime-node';
import { openSession, ort } from '../compute/ml/onnx/session';
import { userError } from './errors';

export interface ModelContract {
  task: 'classification' | 'regression';
  features: string[];
  classes: string[];
  /** A few rows of the features, row-major float32 [rows, features.length], to run the model on. */
  sample: { X: Float32Array; rows: number };
}

/** What a mistake costs to fix, said once at the end of every refusal. */
const HOW = 'see docs/guides/own-trainer.md';

const shape = (s: ReadonlyArray<number | string>) => `[${s.map((d) => (typeof d === 'number' ? d : d || '?')).join(', ')}]`;

function describe(m: InferenceSession.ValueMetadata): string {
  return m.isTensor ? `${m.name} (${m.type} ${shape(m.shape)})` : `${m.name} (not a tensor)`;
}

/** A dimension that is fixed and differs from `want` (a symbolic or unknown one fits anything). */
const differs = (d: number | string | undefined, want: number) => typeof d === 'number' && d >= 0 && d !== want;

/** Refusals found in the declared inputs and outputs (names, types, ranks, fixed sizes). */
function declaredProblems(session: InferenceSession, c: ModelContract): string[] {
  const problems: string[] = [];
  const F = c.features.length;
  const inputs = session.inputMetadata;
  if (inputs.length !== 1) {
    problems.push(`it takes ${inputs.length} inputs (${inputs.map(describe).join(', ')}), where Headrace feeds one float32 [rows, ${F}] tensor of the features`);
  } else {
    const i = inputs[0];
    if (!i.isTensor || i.type !== 'float32' || i.shape.length !== 2 || differs(i.shape[1], F)) {
      problems.push(`its input is ${describe(i)}, not float32 [rows, ${F}] (the ${F} features ${JSON.stringify(c.features)})`);
    }
  }
  const outputs = new Map(session.outputMetadata.map((o) => [o.name, o]));
  const missing: string[] = [];
  const want = (name: string, type: string, ok: (s: ReadonlyArray<number | string>) => boolean, what: string) => {
    const o = outputs.get(name);
    if (!o) missing.push(`"${name}" (${what})`);
    else if (!o.isTensor || o.type !== type || !ok(o.shape)) problems.push(`its output ${describe(o)} is not ${what}`);
  };
  if (c.task === 'classification') {
    const C = c.classes.length;
    want('label', 'int64', (s) => s.length === 1 || (s.length === 2 && !differs(s[1], 1)), 'int64 [rows], the index of the class in HEADRACE_CLASSES');
    want('probabilities', 'float32', (s) => s.length === 2 && !differs(s[1], C), `float32 [rows, ${C}], one column per class of HEADRACE_CLASSES`);
  } else {
    want('prediction', 'float32', (s) => s.length === 1 || (s.length === 2 && !differs(s[1], 1)), 'float32 [rows] or [rows, 1], the predicted number');
  }
  if (missing.length > 0) {
    problems.unshift(`it has no output ${missing.join(' and no output ')}; its outputs are ${session.outputMetadata.map(describe).join(', ')}`);
  }
  return problems;
}

/** Refusals found by running the model on the sample rows. */
async function runProblems(session: InferenceSession, input: string, c: ModelContract): Promise<string[]> {
  const { X, rows } = c.sample;
  const F = c.features.length;
  let out: InferenceSession.ReturnType;
  try {
    out = await session.run({ [input]: new ort.Tensor('float32', X, [rows, F]) });
  } catch (err) {
    return [`it fails on ${rows} rows of the table: ${err instanceof Error ? err.message : String(err)}`];
  }
  const problems: string[] = [];
  const size = (t: ort.Tensor) => t.dims.reduce((a, b) => a * b, 1);
  if (c.task === 'classification') {
    const C = c.classes.length;
    const label = out.label;
    const probabilities = out.probabilities;
    if (size(label) !== rows) problems.push(`on ${rows} rows it answered ${size(label)} labels (dims [${label.dims.join(', ')}])`);
    else {
      const bad = Array.from(label.data as BigInt64Array, Number).find((k) => !(k >= 0 && k < C));
      if (bad !== undefined) problems.push(`it answered the label ${bad}, which is no index into the ${C} classes ${JSON.stringify(c.classes)} (train on the class indices, as HEADRACE_CLASSES orders them)`);
    }
    if (probabilities.dims.length !== 2 || probabilities.dims[0] !== rows || probabilities.dims[1] !== C) {
      problems.push(`on ${rows} rows its probabilities have dims [${probabilities.dims.join(', ')}], not [${rows}, ${C}]`);
    }
  } else if (size(out.prediction) !== rows) {
    problems.push(`on ${rows} rows it answered ${size(out.prediction)} predictions (dims [${out.prediction.dims.join(', ')}])`);
  }
  return problems;
}

/**
 * Checks `bytes` against the contract and returns the name of its input; refuses with a BadConfig user error that
 * says every way it does not fit. `prefix` starts the refusal ("model.onnx from `python train.py`").
 */
export async function checkModel(bytes: Uint8Array, c: ModelContract, prefix: string, suffix = ''): Promise<{ input: string }> {
  let session: InferenceSession;
  try {
    ({ session } = await openSession(bytes, 'cpu'));
  } catch (err) {
    throw userError('BadConfig', `${prefix} cannot be loaded by onnxruntime: ${err instanceof Error ? err.message : String(err)}${suffix}`);
  }
  try {
    const problems = declaredProblems(session, c);
    if (problems.length === 0 && c.sample.rows > 0) problems.push(...(await runProblems(session, session.inputNames[0], c)));
    if (problems.length > 0) {
      throw userError('BadConfig', `${prefix} does not fit a ${c.task === 'classification' ? 'classifier' : 'regressor'}'s signature: ${problems.join('; ')} (${HOW})${suffix}`);
    }
    return { input: session.inputNames[0] };
  } finally {
    await session.release();
  }
}
