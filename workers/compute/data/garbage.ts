// What ingest refuses instead of turning into a table: an empty file, a file that is not UTF-8 text (a
// binary file), and more malformed rows than `maxMalformedRows` allows. Each refusal is a short message with
// a printable, truncated sample, so a user sees at once what is wrong with the file.
import type { BadValues } from './convert';

/** Bytes looked at for NUL bytes and invalid UTF-8: enough to catch a binary file, cheap on a large one. */
export const TEXT_CHECK_BYTES = 64 * 1024;
/** Default of `maxMalformedRows`: 1 % of the rows. */
export const DEFAULT_MAX_MALFORMED = 0.01;
const SAMPLE_ROWS = 3;
const SAMPLE_CHARS = 60;

/** Why `data` is not a text file worth reading, or undefined when it is. `file` names it in the message. */
export function notText(data: Uint8Array, file: string): string | undefined {
  const start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  let blank = true;
  for (let i = start; i < data.length && blank; i++) blank = data[i] === 0x20 || (data[i] >= 0x09 && data[i] <= 0x0d);
  if (blank) return `${file}: the file is empty`;
  const end = Math.min(data.length, TEXT_CHECK_BYTES);
  const nul = data.subarray(0, end).indexOf(0);
  if (nul >= 0) return `${file} is not UTF-8 text: a NUL byte at byte ${nul} (a binary file?)`;
  const bad = invalidUtf8At(data, start, end, end === data.length);
  if (bad >= 0) {
    const shown = [...data.subarray(bad, Math.min(bad + 4, data.length))].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return `${file} is not UTF-8 text: invalid bytes at byte ${bad} (${shown}); save it as UTF-8`;
  }
  return undefined;
}

/**
 * Offset of the first byte of data[start, end) that does not begin a well-formed UTF-8 sequence, or −1.
 * A sequence cut by `end` is well-formed unless `end` is the end of the data (`final`).
 */
export function invalidUtf8At(data: Uint8Array, start: number, end: number, final: boolean): number {
  let i = start;
  while (i < end) {
    const b = data[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    if (i + n >= end && !final) return -1; // cut by the end of the block: the rest is not checked
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = data[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** `maxMalformedRows` as a row count for a file of `rows` rows: a fraction when below 1, else a count. */
export function malformedAllowed(max: number, rows: number): number {
  return max < 1 ? Math.floor(max * rows) : max;
}

/** The refusal when `malformed` exceeds `max` (see malformedAllowed), else undefined. */
export function tooManyMalformed(malformed: BadValues, rows: number, max: number, file: string, what: string): string | undefined {
  const allowed = malformedAllowed(max, rows);
  if (malformed.count <= allowed) return undefined;
  const limit = max < 1 ? `${allowed} (${+(max * 100).toFixed(4)} % of ${rows} rows)` : String(allowed);
  const sample = malformed.rows.slice(0, SAMPLE_ROWS).map((row, k) => `row ${row}: ${printable(malformed.examples[k] ?? '')}`);
  const more = malformed.count > sample.length ? `; … ${malformed.count - sample.length} more` : '';
  return `${file}: ${malformed.count} of ${rows} rows are malformed (${what}), more than maxMalformedRows allows: ${limit}. ${sample.join('; ')}${more}`;
}

/** A sample of a bad row as one short line: control characters escaped, long text cut. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => (c === '\ufffd' ? '\\ufffd' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return `"${escaped.length > SAMPLE_CHARS ? `${escaped.slice(0, SAMPLE_CHARS - 1)}…` : escaped}"`;
}
