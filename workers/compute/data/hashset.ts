// Open-addressing hash sets over typed arrays, for distinct counts and `unique` checks on
// million-row columns: a JS Set of a million numbers or strings costs an object per entry
// and most of the time in GC. Numbers are keyed by value (-0 is 0); strings by their UTF-8
// bytes (the row index is stored, and bytes are compared on a hash match).

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export function hashNumber(x: number): number {
  f64[0] = x === 0 ? 0 : x; // -0 and 0 are one value
  return fmix32(u32[0] ^ fmix32(u32[1] + 0x9e3779b9));
}

/** hashNumber of the double whose little-endian words are (lo, hi), read as Int32. */
export function hashBits(lo: number, hi: number): number {
  if (lo === 0 && hi === -2147483648) hi = 0; // -0 is 0
  return fmix32(lo ^ fmix32(hi + 0x9e3779b9));
}

/** FNV-1a over bytes, finished with fmix32 so every bit is mixed (HyperLogLog reads the top bits). */
export function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return fmix32(h);
}

function capacityFor(n: number): number {
  let cap = 16;
  while (cap < n * 2) cap *= 2;
  return cap;
}

export class NumberSet {
  size = 0;
  private keys: Float64Array;
  private used: Uint8Array;
  private hashes: Int32Array;
  private mask: number;

  constructor(expected = 1024) {
    const cap = capacityFor(expected);
    this.keys = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Calls fn with the hash of every value in the set. */
  eachHash(fn: (h: number) => void): void {
    for (let i = 0; i < this.used.length; i++) if (this.used[i]) fn(this.hashes[i] >>> 0);
  }

  /** Adds x (h: its hashNumber, when already known); true when it was not there yet. */
  add(x: number, h: number = hashNumber(x)): boolean {
    if (x === 0) x = 0;
    let i = h & this.mask;
    while (this.used[i]) {
      if (this.keys[i] === x) return false;
      i = (i + 1) & this.mask;
    }
    this.used[i] = 1;
    this.keys[i] = x;
    this.hashes[i] = h;
    if (++this.size * 2 > this.mask) this.grow();
    return true;
  }

  private grow(): void {
    const { keys, used, hashes } = this;
    const cap = keys.length * 2;
    this.keys = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < keys.length; j++) {
      if (!used[j]) continue;
      let i = hashes[j] & this.mask;
      while (this.used[i]) i = (i + 1) & this.mask;
      this.used[i] = 1;
      this.keys[i] = keys[j];
      this.hashes[i] = hashes[j];
    }
  }
}

/** A set of the strings of rows of one UTF-8 column (offsets + data). */
export class RowBytesSet {
  size = 0;
  private rows: Int32Array;
  private hashes: Int32Array;
  private mask: number;

  constructor(private readonly offsets: Int32Array, private readonly data: Uint8Array, expected = 1024) {
    const cap = capacityFor(expected);
    this.rows = new Int32Array(cap).fill(-1);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Calls fn with the hash of every string in the set. */
  eachHash(fn: (h: number) => void): void {
    for (let i = 0; i < this.rows.length; i++) if (this.rows[i] !== -1) fn(this.hashes[i] >>> 0);
  }

  /** Adds row r's string; true when no earlier row had the same one. */
  add(r: number, h: number = hashBytes(this.data, this.offsets[r], this.offsets[r + 1])): boolean {
    const { offsets, data } = this;
    const s = offsets[r], len = offsets[r + 1] - s;
    const hs = h | 0;
    let i = h & this.mask;
    for (let o = this.rows[i]; o !== -1; o = this.rows[i]) {
      if (this.hashes[i] === hs) {
        const os = offsets[o];
        if (offsets[o + 1] - os === len) {
          let k = 0;
          while (k < len && data[s + k] === data[os + k]) k++;
          if (k === len) return false;
        }
      }
      i = (i + 1) & this.mask;
    }
    this.rows[i] = r;
    this.hashes[i] = hs;
    if (++this.size * 2 > this.mask) this.grow();
    return true;
  }

  private grow(): void {
    const { rows, hashes } = this;
    const cap = rows.length * 2;
    this.rows = new Int32Array(cap).fill(-1);
    this.hashes = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < rows.length; j++) {
      if (rows[j] === -1) continue;
      let i = hashes[j] & this.mask;
      while (this.rows[i] !== -1) i = (i + 1) & this.mask;
      this.rows[i] = rows[j];
      this.hashes[i] = hashes[j];
    }
  }
}
