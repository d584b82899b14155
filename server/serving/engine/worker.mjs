// One inference worker thread of the engine (engine.ts): holds onnxruntime-node sessions keyed by model version id
// and runs them. onnxruntime-node's run() is a synchronous native call, which is why it lives here and not on the
// HTTP thread. Plain JavaScript so that Node starts it as it is, under tsx, vitest or plain node alike.
//
// Messages in (from engine.ts, in order; the engine never sends a run before the version's `loaded` reply):
//   { op: 'load', id, versionId, bytes: Uint8Array }  → { op: 'loaded', id, info } | { op: 'error', id, message }
//   { op: 'run', id, versionId, x: Float32Array, rows, text? } → { op: 'ran', id, outputs: [{ name, type, dims, data }] }
//     (a model with one [N, 1] input per raw column — preprocessing compiled in — takes its numeric columns from
//     x, row-major, and its text columns from text[j], the values of feature j)
//   { op: 'unload', id, versionId }                   → { op: 'unloaded', id }
//   { op: 'crash' }                                   → the thread dies of an uncaught error (tests of replacement)
import { parentPort } from 'node:worker_threads';
import ort from 'onnxruntime-node';

if (!parentPort) throw new Error('worker.mjs runs as a worker thread of the inference engine');
const port = parentPort;

/** versionId → { session, input, features, columns? } */
const sessions = new Map();

// One intra-op thread: the engine runs one worker per core, so each session stays on its own core.
const OPTIONS = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
};

function message(err) {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The model's inputs: one float32 [N, F] tensor, or one [N, 1] float32 or string tensor per raw column (in feature
 * order); else an error naming what the model has instead.
 */
function inputOf(session) {
  const metas = session.inputNames.map((_, i) => session.inputMetadata?.[i]);
  const perColumn = metas.every((m) => m && m.isTensor && (m.type === 'float32' || m.type === 'string') && m.shape.length === 2 && m.shape[1] === 1);
  if (perColumn && (session.inputNames.length > 1 || metas[0].type === 'string')) {
    const columns = session.inputNames.map((name, i) => ({ name, type: metas[i].type }));
    return { input: columns[0].name, features: columns.length, columns };
  }
  if (session.inputNames.length !== 1) {
    throw new Error(`the model has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); the engine serves models with one float32 [N, F] input`);
  }
  const meta = session.inputMetadata?.[0];
  const name = session.inputNames[0];
  if (meta && meta.isTensor && meta.type !== 'float32') {
    throw new Error(`the model's input "${name}" is ${meta.type}; the engine serves models with one float32 [N, F] input`);
  }
  const shape = meta && meta.isTensor ? meta.shape : [];
  const features = typeof shape[1] === 'number' ? shape[1] : undefined;
  if (shape.length !== 2 || features === undefined) {
    throw new Error(`the model's input "${name}" has shape [${shape.join(', ')}]; the engine serves models with one float32 [N, F] input`);
  }
  return { input: name, features };
}

function outputsInfo(session) {
  return session.outputNames.map((name, i) => {
    const meta = session.outputMetadata?.[i];
    return meta && meta.isTensor ? { name, type: meta.type, shape: [...meta.shape] } : { name, type: 'unknown', shape: [] };
  });
}

/** versionId → the load in progress (a replacement's warm-up and a new load may ask for the same version). */
const loading = new Map();

function load(msg) {
  const existing = sessions.get(msg.versionId);
  if (existing) return Promise.resolve(infoOf(existing));
  let p = loading.get(msg.versionId);
  if (!p) {
    p = open(msg).finally(() => loading.delete(msg.versionId));
    loading.set(msg.versionId, p);
  }
  return p;
}

function infoOf(entry) {
  return { input: entry.input, features: entry.features, ...(entry.columns ? { columns: entry.columns } : {}), outputs: outputsInfo(entry.session) };
}

/** The feeds of `rows` rows: x row-major [rows, features]; text[j] the values of text column j. */
function feedsOf(entry, x, rows, text) {
  if (!entry.columns) return { [entry.input]: new ort.Tensor('float32', x, [rows, entry.features]) };
  const F = entry.features;
  const feeds = {};
  entry.columns.forEach((c, j) => {
    if (c.type === 'string') {
      feeds[c.name] = new ort.Tensor('string', text?.[j] ?? new Array(rows).fill(''), [rows, 1]);
      return;
    }
    const col = new Float32Array(rows);
    for (let r = 0; r < rows; r++) col[r] = x[r * F + j];
    feeds[c.name] = new ort.Tensor('float32', col, [rows, 1]);
  });
  return feeds;
}

async function open(msg) {
  const session = await ort.InferenceSession.create(msg.bytes, OPTIONS);
  try {
    const entry = { session, ...inputOf(session) };
    // Warm up with one row of zeros: the first run allocates and plans; callers never pay for it, and a model
    // that cannot answer fails its load instead of its first request.
    await session.run(feedsOf(entry, new Float32Array(entry.features), 1, undefined));
    sessions.set(msg.versionId, entry);
    return infoOf(entry);
  } catch (err) {
    await session.release();
    throw err;
  }
}

async function run(msg) {
  const entry = sessions.get(msg.versionId);
  if (!entry) throw new Error(`version ${msg.versionId} is not loaded in this worker`);
  const result = await entry.session.run(feedsOf(entry, msg.x, msg.rows, msg.text));
  const outputs = [];
  const transfer = new Set();
  for (const name of entry.session.outputNames) {
    const t = result[name];
    outputs.push({ name, type: t.type, dims: [...t.dims], data: t.data });
    if (ArrayBuffer.isView(t.data) && t.data.buffer instanceof ArrayBuffer) transfer.add(t.data.buffer);
  }
  return { outputs, transfer: [...transfer] };
}

async function unload(msg) {
  const entry = sessions.get(msg.versionId);
  sessions.delete(msg.versionId);
  if (entry) await entry.session.release();
}

let chain = Promise.resolve();

port.on('message', (msg) => {
  if (msg.op === 'crash') {
    // An uncaught error, as a bug in a session's code path would raise: the engine must replace this thread.
    setImmediate(() => {
      throw new Error('injected worker crash');
    });
    return;
  }
  const reply = async () => {
    try {
      if (msg.op === 'load') {
        port.postMessage({ op: 'loaded', id: msg.id, info: await load(msg) });
      } else if (msg.op === 'run') {
        const { outputs, transfer } = await run(msg);
        try {
          port.postMessage({ op: 'ran', id: msg.id, outputs }, transfer);
        } catch {
          // A buffer the runtime owns may refuse to be detached: send copies instead.
          port.postMessage({ op: 'ran', id: msg.id, outputs });
        }
      } else if (msg.op === 'unload') {
        await unload(msg);
        port.postMessage({ op: 'unloaded', id: msg.id });
      } else {
        port.postMessage({ op: 'error', id: msg.id, message: `unknown operation ${String(msg.op)}` });
      }
    } catch (err) {
      port.postMessage({ op: 'error', id: msg.id, message: message(err) });
    }
  };
  // One message at a time, in order: an unload never overtakes the load before it. Runs are synchronous native
  // calls anyway, so nothing is lost by not interleaving.
  chain = chain.then(reply); // reply catches every failure and sends it back as an `error` message
});
