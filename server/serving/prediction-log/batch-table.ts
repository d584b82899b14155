// A batch of the prediction log (./encode.ts) as Arrow tables, one per endpoint and UTC day, built straight from
// the batch's three buffers: each column is filled from the entries' JSON scalars, the feature matrices and the
// probability pool, with no object per entry or per row in between. The tables are those `entriesToTable`
// (./table.ts) makes of the decoded entries, column for column and byte for byte in their IPC form
// (test/serving/prediction-log-writer.test.ts compares them).
import { Float64, Int32, makeData, makeVector, Table, TimestampMillisecond, Utf8, type Vector } from 'apache-arrow';
import type { EncodedBatch, EncodedEntry } from './encode';
import { dayOf, dayStart, inferVector, type FeatureValue, type LabelValue } from './files';
import { FEATURE_PREFIX } from './table';
import { utf8Vector } from './vectors';

export interface BatchGroup {
  endpoint: string;
  day: string;
  rows: number;
  table: Table;
}

/** The entries of a batch, parsed from its JSON text (their matrices and probabilities stay in the pools). */
export function parseBatch(batch: EncodedBatch): EncodedEntry[] {
  return JSON.parse(`[${new TextDecoder().decode(batch.meta)}]`) as EncodedEntry[];
}

const entryRows = (e: EncodedEntry): number => {
  const ps = e[8];
  return ps[0] === 'probs' ? ps[1].length : ps[1].length;
};

/** The batch's entries grouped by endpoint and UTC day (in the order each group first appears). */
export function groupBatch(entries: readonly EncodedEntry[]): Array<{ endpoint: string; day: string; entries: EncodedEntry[] }> {
  const groups = new Map<string, { endpoint: string; day: string; entries: EncodedEntry[] }>();
  // Entries of a batch mostly share a day: its name is made again only for a time outside the last one's day.
  let day = '';
  let from = Infinity;
  let to = -Infinity;
  let last: { endpoint: string; day: string; entries: EncodedEntry[] } | undefined;
  for (const e of entries) {
    const t = e[1];
    if (!(t >= from && t < to)) {
      day = dayOf(t);
      from = dayStart(day);
      to = from + 86_400_000;
    }
    if (!last || last.endpoint !== e[2] || last.day !== day) {
      const k = `${e[2]}/${day}`;
      last = groups.get(k);
      if (!last) groups.set(k, (last = { endpoint: e[2], day, entries: [] }));
    }
    last.entries.push(e);
  }
  return [...groups.values()];
}

const encoder = new TextEncoder();

/** A validity bitmap (bit set: present) from a byte per row (1: present), or undefined when all are present. */
function bitmapOf(present: Uint8Array, n: number): { bitmap: Uint8Array | undefined; nulls: number } {
  let nulls = 0;
  let bitmap: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    if (present[i]) continue;
    if (!bitmap) bitmap = new Uint8Array((n + 7) >> 3).fill(0xff);
    bitmap[i >> 3] &= ~(1 << (i & 7));
    nulls++;
  }
  return { bitmap, nulls };
}

/** A Utf8 column holding each entry's value once per row of the entry (a value missing: null rows). */
function repeatedUtf8(values: ReadonlyArray<string | null>, counts: Int32Array, n: number): Vector<Utf8> {
  let bound = 0;
  for (let k = 0; k < values.length; k++) bound += (values[k]?.length ?? 0) * 3 * counts[k];
  const data = new Uint8Array(bound);
  const offsets = new Int32Array(n + 1);
  const present = new Uint8Array(n);
  let at = 0;
  let i = 0;
  let allPresent = true;
  // A value equal to the one before it (an endpoint, a variant across a batch) copies its bytes.
  let prev: string | null = null;
  let prevStart = 0;
  let prevLen = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    const c = counts[k];
    if (typeof v === 'string') {
      const base = at;
      let len: number;
      if (v === prev) {
        len = prevLen;
        data.copyWithin(at, prevStart, prevStart + len);
      } else {
        len = encoder.encodeInto(v, data.subarray(at)).written;
        prev = v;
        prevStart = at;
        prevLen = len;
      }
      // The entry's other rows: the bytes doubled in place (log2(rows) copies, not one per row).
      const total = len * c;
      for (let filled = len; filled < total;) {
        const m = Math.min(filled, total - filled);
        data.copyWithin(base + filled, base, base + m);
        filled += m;
      }
      for (let r = 0; r < c; r++, i++) {
        offsets[i + 1] = base + len * (r + 1);
        present[i] = 1;
      }
      at = base + total;
    } else {
      allPresent = false;
      for (let r = 0; r < c; r++, i++) offsets[i + 1] = at;
    }
  }
  const { bitmap, nulls } = allPresent ? { bitmap: undefined, nulls: 0 } : bitmapOf(present, n);
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap: bitmap, valueOffsets: offsets, data: data.subarray(0, at) }));
}

/** A Float64 column from values with a byte per row saying which are present. */
function float64Column(values: Float64Array, present: Uint8Array, n: number): Vector<Float64> {
  const { bitmap, nulls } = bitmapOf(present, n);
  return makeVector(makeData({ type: new Float64(), length: n, nullCount: nulls, nullBitmap: bitmap, data: values }));
}

/** JSON of a number as JSON.stringify writes it (a value that is not finite: null). */
const jsonNumber = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');

/**
 * A feature column while it fills: numbers in a Float64Array with a byte per row that holds one, until a value of
 * another kind arrives (only records carry those), when it turns into a plain array of values for `inferVector`.
 */
interface FeatureColumn {
  f64: Float64Array;
  present: Uint8Array;
  values: FeatureValue[] | null;
}

/** The table of one group's entries: the columns of `entriesToTable`, filled from the batch's buffers. */
export function groupTable(batch: EncodedBatch, entries: readonly EncodedEntry[]): { rows: number; table: Table } {
  const E = entries.length;
  const counts = new Int32Array(E);
  let n = 0;
  for (let k = 0; k < E; k++) n += counts[k] = entryRows(entries[k]);

  const requestId = new Array<string | null>(E);
  const endpoint = new Array<string | null>(E);
  const variant = new Array<string | null>(E);
  const versionId = new Array<string | null>(E);
  const row = new Int32Array(n);
  const time = new BigInt64Array(n);
  const version = new Int32Array(n);
  const latency = new Float64Array(n);
  const latencyPresent = new Uint8Array(n);
  const label = new Array<LabelValue | null>(n);
  const probabilities = new Array<string | null>(n);
  const features = new Map<string, FeatureColumn>();
  const column = (name: string): FeatureColumn => {
    let c = features.get(name);
    if (!c) features.set(name, (c = { f64: new Float64Array(n), present: new Uint8Array(n), values: null }));
    return c;
  };
  const setValue = (c: FeatureColumn, i: number, v: FeatureValue): void => {
    if (c.values === null) {
      if (typeof v === 'number') {
        c.f64[i] = v;
        c.present[i] = 1;
        return;
      }
      if (v === null) {
        c.present[i] = 0;
        return;
      }
      c.values = new Array<FeatureValue>(n).fill(null);
      for (let j = 0; j < n; j++) if (c.present[j]) c.values[j] = c.f64[j];
    }
    c.values[i] = v;
  };
  /** The JSON text before each class's probability (`{"a":`, `,"b":`), per class list of the batch. */
  const probPrefixes = new Map<number, string[]>();

  let i = 0;
  for (let k = 0; k < E; k++) {
    const [rid, t, ep, vr, vid, ver, lat, fs, ps] = entries[k];
    const rows = counts[k];
    requestId[k] = typeof rid === 'string' ? rid : null;
    endpoint[k] = typeof ep === 'string' ? ep : null;
    variant[k] = typeof vr === 'string' ? vr : null;
    versionId[k] = typeof vid === 'string' ? vid : null;
    const tn = BigInt(Math.trunc(t ?? 0));
    const latOk = typeof lat === 'number';
    for (let r = 0; r < rows; r++) {
      row[i + r] = r;
      time[i + r] = tn;
      version[i + r] = ver as number;
      latency[i + r] = latOk ? lat : 0;
      latencyPresent[i + r] = latOk ? 1 : 0;
    }

    if (ps[0] === 'probs') {
      const [, labels, classesId, at] = ps;
      let prefixes = probPrefixes.get(classesId);
      if (!prefixes) {
        prefixes = batch.lists[classesId].map((c, j) => `${j === 0 ? '{' : ','}${JSON.stringify(c)}:`);
        probPrefixes.set(classesId, prefixes);
      }
      const C = prefixes.length;
      const pool = batch.f64;
      for (let r = 0; r < rows; r++) {
        label[i + r] = labels[r] ?? null;
        let text = C === 0 ? '{' : '';
        for (let c = 0; c < C; c++) text += prefixes[c] + jsonNumber(pool[at + r * C + c]);
        probabilities[i + r] = `${text}}`;
      }
    } else {
      const preds = ps[1];
      for (let r = 0; r < rows; r++) {
        const p = preds[r];
        label[i + r] = p?.label ?? null;
        probabilities[i + r] = p?.probabilities ? JSON.stringify(p.probabilities) : null;
      }
    }

    if (fs[0] === 'records') {
      const recs = fs[1] as ReadonlyArray<Readonly<Record<string, FeatureValue>>>;
      for (let r = 0; r < rows; r++) {
        const rec = recs[r];
        for (const key of Object.keys(rec)) setValue(column(key), i + r, rec[key] ?? null);
      }
    } else {
      const [kind, namesId, at] = fs;
      const names = batch.lists[namesId];
      const F = names.length;
      const pool = kind === 'f32' ? batch.f32 : batch.f64;
      for (let j = 0; j < F; j++) {
        const c = column(names[j]);
        if (c.values === null) {
          const f64 = c.f64;
          const present = c.present;
          for (let r = 0, src = at + j; r < rows; r++, src += F) {
            f64[i + r] = pool[src];
            present[i + r] = 1;
          }
        } else {
          for (let r = 0; r < rows; r++) c.values[i + r] = pool[at + r * F + j];
        }
      }
    }
    i += rows;
  }

  const cols: Record<string, Vector> = {
    request_id: repeatedUtf8(requestId, counts, n),
    row: makeVector(row),
    time: makeVector(makeData({ type: new TimestampMillisecond(), length: n, nullCount: 0, data: time })),
    endpoint: repeatedUtf8(endpoint, counts, n),
    variant: repeatedUtf8(variant, counts, n),
    model_version_id: repeatedUtf8(versionId, counts, n),
    model_version: makeVector(version),
    latency_ms: float64Column(latency, latencyPresent, n),
  };
  for (const [name, c] of features) {
    cols[FEATURE_PREFIX + name] = c.values === null ? float64Column(c.f64, c.present, n) : inferVector(c.values);
  }
  cols.label = inferVector(label);
  cols.probabilities = utf8Vector(probabilities);
  return { rows: n, table: new Table(cols) };
}

/** Every group of a batch as its table. */
export function batchTables(batch: EncodedBatch): BatchGroup[] {
  return groupBatch(parseBatch(batch)).map((g) => ({ endpoint: g.endpoint, day: g.day, ...groupTable(batch, g.entries) }));
}
