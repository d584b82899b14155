// Cell-level helpers over UTF-8 bytes shared by the CSV tokenizer and column builder:
// unquoting, cell text (for messages and quoted cells), null-value matching.
const QUOTE = 34;
const decoder = new TextDecoder('utf-8');

/** Writes the unescaped content of the quoted cell [qs, e) to `out` at `off` (or only
 *  counts when `out` is null); returns the byte count. Text after the closing quote is kept. */
export function unquote(b: Uint8Array, qs: number, e: number, out: Uint8Array | null, off: number): number {
  let j = qs + 1, w = off;
  while (j < e) {
    const c = b[j];
    if (c === QUOTE) {
      if (j + 1 < e && b[j + 1] === QUOTE) { if (out) out[w] = QUOTE; w++; j += 2; continue; }
      j++;
      while (j < e) { if (out) out[w] = b[j]; w++; j++; }
      break;
    }
    if (out) out[w] = c;
    w++;
    j++;
  }
  return w - off;
}

/** The text of a cell (quotes removed, "" unescaped). */
export function cellText(b: Uint8Array, start: number, end: number): string {
  if (start >= 0) return decoder.decode(b.subarray(start, end));
  const out = new Uint8Array(end - ~start);
  return decoder.decode(out.subarray(0, unquote(b, ~start, end, out, 0)));
}

/** Null values as bytes, indexed by length so most cells are ruled out by one compare. */
export interface NullMatcher { maxLen: number; byLen: Uint8Array[][]; set: ReadonlySet<string> }

export function nullMatcher(values: string[]): NullMatcher {
  const encoded = values.map((v) => new TextEncoder().encode(v));
  const maxLen = Math.max(-1, ...encoded.map((e) => e.length));
  // Dense (no holes, no out-of-bounds reads) so the lookup stays on V8's fast path.
  const byLen = Array.from({ length: maxLen + 1 }, (_, n) => encoded.filter((e) => e.length === n));
  return { maxLen, byLen, set: new Set(values) };
}

/** Is the cell [s, e) (s = raw start, quoted when it begins with a quote) a null value? */
export function isNullCell(m: NullMatcher, b: Uint8Array, s: number, e: number): boolean {
  if (b[s] === QUOTE && s < e) return m.set.has(cellText(b, ~s, e));
  const n = e - s;
  if (n > m.maxLen) return false;
  const cands = m.byLen[n];
  for (let k = 0; k < cands.length; k++) {
    const nb = cands[k];
    let x = 0;
    while (x < n && b[s + x] === nb[x]) x++;
    if (x === n) return true;
  }
  return false;
}

let scratch = new Uint8Array(256);

/** Parses a cell with `p`; quoted cells (s < 0, raw start ~s) are unquoted first. */
export function parseCell(p: (b: Uint8Array, s: number, e: number) => number, b: Uint8Array, s: number, e: number): number {
  if (s >= 0) return p(b, s, e);
  const n = unquote(b, ~s, e, null, 0);
  if (n > scratch.length) scratch = new Uint8Array(n * 2);
  unquote(b, ~s, e, scratch, 0);
  return p(scratch, 0, n);
}
