// Arrow vectors built straight from typed arrays, for the prediction log's flush on the predict server's event loop:
// apache-arrow's generic builders (vectorFromArray) cost several microseconds a value, which made a 4096-row flush
// block the loop for tens of milliseconds. These write the buffers once: a UTF-8 column is encoded with one
// TextEncoder pass (a value equal to the one before it, as a request's id across its rows, reuses its bytes), and
// numbers go into a Float64Array / Int32Array with a validity bitmap only where a value is missing.
import { Bool, Float64, Int32, makeData, makeVector, Utf8, type Vector } from 'apache-arrow';

const encoder = new TextEncoder();

/** A validity bitmap (bit set: present) when some value is missing, else undefined (all valid). */
function validity(n: number, missing: (i: number) => boolean): { bitmap: Uint8Array | undefined; nulls: number } {
  let nulls = 0;
  let bitmap: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    if (!missing(i)) continue;
    if (!bitmap) {
      bitmap = new Uint8Array((n + 7) >> 3).fill(0xff);
    }
    bitmap[i >> 3] &= ~(1 << (i & 7));
    nulls++;
  }
  return { bitmap, nulls };
}

/** A Utf8 vector of strings (null: missing). */
export function utf8Vector(values: ReadonlyArray<string | null>): Vector<Utf8> {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  // Upper bound of the UTF-8 size: 3 bytes per UTF-16 unit.
  let bound = 0;
  for (let i = 0; i < n; i++) bound += (values[i]?.length ?? 0) * 3;
  const data = new Uint8Array(bound);
  let at = 0;
  let prev: string | null = null;
  let prevStart = 0;
  let prevLen = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      if (v === prev) {
        data.copyWithin(at, prevStart, prevStart + prevLen);
        at += prevLen;
      } else {
        const { written } = encoder.encodeInto(v, data.subarray(at));
        prev = v;
        prevStart = at;
        prevLen = written;
        at += written;
      }
    }
    offsets[i + 1] = at;
  }
  const { bitmap, nulls } = validity(n, (i) => values[i] === null || values[i] === undefined);
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap: bitmap, valueOffsets: offsets, data: data.subarray(0, at) }));
}

/** A Float64 vector (null or a non-number: missing). */
export function float64Vector(values: ArrayLike<unknown>): Vector<Float64> {
  const n = values.length;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    data[i] = typeof v === 'number' ? v : 0;
  }
  const { bitmap, nulls } = validity(n, (i) => typeof values[i] !== 'number');
  return makeVector(makeData({ type: new Float64(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
}

/** An Int32 vector of whole numbers (none missing). */
export function int32Vector(values: ArrayLike<number>): Vector<Int32> {
  return makeVector(Int32Array.from(values));
}

/** A Bool vector (null or a non-boolean: missing). */
export function boolVector(values: ArrayLike<unknown>): Vector<Bool> {
  const n = values.length;
  const data = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (values[i] === true) data[i >> 3] |= 1 << (i & 7);
  const { bitmap, nulls } = validity(n, (i) => typeof values[i] !== 'boolean');
  return makeVector(makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
}
