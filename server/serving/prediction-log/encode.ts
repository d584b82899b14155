// The prediction log's queue, encoded as it fills. `append()` runs on the request path and turns each entry into
// one short JSON text (its scalars and labels) kept as UTF-8 bytes, plus numbers copied into two growing typed
// arrays (the feature matrix as the protocols built it, the class probabilities). So the queue holds three
// off-heap buffers instead of a tree of objects per request (which every young-generation GC would copy), and
// `take()` hands a batch (at most `maxRows` rows) to the writer thread as those three buffers, transferred without
// a copy. The writer builds the Arrow columns straight from them (./batch-table.ts); `decodeBatch()` turns a batch
// back into the entries `log()` was given. Entries the fast path does not fit (features as records, predictions
// without probabilities or with uneven classes) travel whole in their JSON text.
import type { LabelValue } from './files';
import type { EntryFeatures, LoggedPrediction, PredictionEntry } from './table';

/** What the writer receives: every entry of the batch, in the order `log()` took them. */
export interface EncodedBatch {
  /** One JSON array per entry, joined with commas (the writer wraps them in brackets), as UTF-8. */
  meta: Uint8Array;
  entries: number;
  /** Predicted rows over all entries. */
  rows: number;
  /** The distinct feature-name and class lists the entries name by index. */
  lists: string[][];
  f32: Float32Array;
  f64: Float64Array;
}

/** How an entry's features travel: a matrix in one of the pools, or its records in the JSON. */
export type FeaturesSpec = [kind: 'f32' | 'f64', names: number, offset: number] | [kind: 'records', records: unknown];
/** How its predictions travel: labels in the JSON and probabilities in the f64 pool, or whole in the JSON. */
export type PredictionsSpec = [kind: 'probs', labels: LabelValue[], classes: number, offset: number] | [kind: 'json', predictions: readonly LoggedPrediction[]];
export type EncodedEntry = [requestId: string, time: number, endpoint: string, variant: string, versionId: string, version: number, latencyMs: number, features: FeaturesSpec, predictions: PredictionsSpec];

class GrowingPool<A extends Float32Array | Float64Array | Uint8Array> {
  used = 0;
  private readonly initial: number;
  constructor(private array: A, private readonly make: (n: number) => A) {
    this.initial = array.length;
  }
  /** Room for `n` more values; the offset they go at. */
  reserve(n: number): number {
    if (this.used + n > this.array.length) {
      const bigger = this.make(Math.max(this.array.length * 2, this.used + n));
      bigger.set(this.array.subarray(0, this.used));
      this.array = bigger;
    }
    const at = this.used;
    this.used += n;
    return at;
  }
  get values(): A {
    return this.array;
  }
  /**
   * The values so far, as a view of the pool's own buffer, which the pool gives up (so it can be transferred
   * without a copy); the pool starts over in a new buffer as large as the one it gave up, since the next batch
   * is likely to need as much. A pool that holds nothing keeps its buffer and answers an empty array.
   */
  take(): A {
    if (this.used === 0) return this.make(0);
    const out = this.array.subarray(0, this.used) as A;
    this.array = this.make(Math.max(this.initial, this.array.length));
    this.used = 0;
    return out;
  }
}

export interface EntryEncoder {
  /** Encodes an entry already checked by `entryRows` (with its time stamped). */
  append(entry: PredictionEntry): void;
  /**
   * The oldest batch (null when nothing waits): a full one, else the one filling, after which the encoder starts a
   * new one.
   */
  take(): EncodedBatch | null;
  /** Entries and rows waiting, over every batch. */
  readonly entries: number;
  readonly rows: number;
}

const encoder = new TextEncoder();

/**
 * `maxRows`: the most rows a batch holds (default: no bound); an entry that would take the batch past it starts
 * the next batch (an entry of more rows than that is a batch of its own), so the writer never gets more than one
 * flush's worth at a time, however long it fell behind.
 */
export function createEntryEncoder(opts: { maxRows?: number } = {}): EntryEncoder {
  const maxRows = opts.maxRows ?? Infinity;
  let entries = 0;
  let rows = 0;
  /** Full batches, oldest first, and what they hold. */
  const full: EncodedBatch[] = [];
  let fullEntries = 0;
  let fullRows = 0;
  const meta = new GrowingPool(new Uint8Array(65_536), (n) => new Uint8Array(n));
  let lists: string[][] = [];
  let listIds = new Map<readonly string[], number>();
  const f32 = new GrowingPool(new Float32Array(16_384), (n) => new Float32Array(n));
  const f64 = new GrowingPool(new Float64Array(16_384), (n) => new Float64Array(n));

  /** The same array object (a served version's feature names, its classes) is listed once per batch. */
  const listId = (names: readonly string[]): number => {
    let id = listIds.get(names);
    if (id === undefined) {
      id = lists.length;
      lists.push(names.slice());
      listIds.set(names, id);
    }
    return id;
  };

  function features(f: EntryFeatures, rows: number): FeaturesSpec {
    if (Array.isArray(f)) return ['records', f];
    const m = f as { names: readonly string[]; X: ArrayLike<number>; rows: number };
    const n = rows * m.names.length;
    if (m.X instanceof Float32Array) {
      const at = f32.reserve(n);
      f32.values.set(m.X.subarray(0, n), at);
      return ['f32', listId(m.names), at];
    }
    const at = f64.reserve(n);
    const pool = f64.values;
    for (let i = 0; i < n; i++) pool[at + i] = m.X[i];
    return ['f64', listId(m.names), at];
  }

  function predictions(ps: readonly LoggedPrediction[]): PredictionsSpec {
    const first = ps[0].probabilities;
    if (!first) return ['json', ps];
    const classes = Object.keys(first);
    const C = classes.length;
    const labels = new Array<LabelValue>(ps.length);
    const at = f64.reserve(ps.length * C);
    const pool = f64.values;
    for (let r = 0; r < ps.length; r++) {
      const p = ps[r];
      const probs = p.probabilities;
      if (!probs || (p.label !== null && typeof p.label !== 'string' && typeof p.label !== 'number')) {
        f64.used = at;
        return ['json', ps];
      }
      let c = 0;
      for (const k in probs) {
        if (c >= C || k !== classes[c]) {
          f64.used = at;
          return ['json', ps];
        }
        pool[at + r * C + c] = probs[k];
        c++;
      }
      if (c !== C || p.label === null) {
        f64.used = at;
        return ['json', ps];
      }
      labels[r] = p.label;
    }
    return ['probs', labels, listId(classes), at];
  }

  /** The batch filling, as a batch of its own (null when empty); the encoder starts a new one. */
  function seal(): EncodedBatch | null {
    if (entries === 0) return null;
    const batch: EncodedBatch = { meta: meta.take(), entries, rows, lists, f32: f32.take(), f64: f64.take() };
    entries = 0;
    rows = 0;
    lists = [];
    listIds = new Map();
    return batch;
  }

  return {
    append(e) {
      const n = e.predictions.length;
      if (entries > 0 && rows + n > maxRows) {
        const batch = seal()!;
        full.push(batch);
        fullEntries += batch.entries;
        fullRows += batch.rows;
      }
      const encoded: EncodedEntry = [
        e.requestId, e.time as number, e.endpoint, e.variant, e.modelVersionId, e.modelVersion, e.latencyMs,
        features(e.features, n), predictions(e.predictions),
      ];
      const text = `${entries > 0 ? ',' : ''}${JSON.stringify(encoded)}`;
      // UTF-8 takes at most 3 bytes per UTF-16 unit; the pool keeps the bytes encodeInto wrote.
      const at = meta.reserve(text.length * 3);
      meta.used = at + encoder.encodeInto(text, meta.values.subarray(at)).written;
      entries++;
      rows += n;
    },
    take() {
      const batch = full.shift();
      if (!batch) return seal();
      fullEntries -= batch.entries;
      fullRows -= batch.rows;
      return batch;
    },
    get entries() {
      return fullEntries + entries;
    },
    get rows() {
      return fullRows + rows;
    },
  };
}

/** The entries of a batch, as `log()` was given them (features as matrices over the batch's pools). */
export function decodeBatch(batch: EncodedBatch): PredictionEntry[] {
  const encoded = JSON.parse(`[${new TextDecoder().decode(batch.meta)}]`) as EncodedEntry[];
  return encoded.map(([requestId, time, endpoint, variant, modelVersionId, modelVersion, latencyMs, fs, ps]) => {
    let rows: number;
    let predictions: LoggedPrediction[];
    if (ps[0] === 'probs') {
      const [, labels, classesId, at] = ps;
      const classes = batch.lists[classesId];
      const C = classes.length;
      rows = labels.length;
      predictions = labels.map((label, r) => {
        const probabilities: Record<string, number> = {};
        for (let c = 0; c < C; c++) probabilities[classes[c]] = batch.f64[at + r * C + c];
        return { label, probabilities };
      });
    } else {
      predictions = ps[1] as LoggedPrediction[];
      rows = predictions.length;
    }
    let features: EntryFeatures;
    if (fs[0] === 'records') features = fs[1] as EntryFeatures;
    else {
      const [kind, namesId, at] = fs;
      const names = batch.lists[namesId];
      const pool = kind === 'f32' ? batch.f32 : batch.f64;
      features = { names, X: pool.subarray(at, at + rows * names.length), rows };
    }
    return { requestId, time, endpoint, variant, modelVersionId, modelVersion, latencyMs, features, predictions };
  });
}
