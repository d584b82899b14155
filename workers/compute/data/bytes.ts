// Value parsers that read UTF-8 bytes in place (b[s..e)), so CSV ingest creates no JS
// string per cell. Each returns NaN when the bytes do not fit; results equal the string
// parsers in convert.ts (numbers are correctly rounded: Clinger's fast path, else
// the engine's own parser on the decoded text).

/** Set by parseNumberBytes: the last parsed value had integer syntax and fits Int32. */
export let lastWasInt = false;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const latin1 = new TextDecoder('latin1');

export function parseNumberBytes(b: Uint8Array, s: number, e: number): number {
  lastWasInt = false;
  let i = s;
  let neg = false;
  let c = b[i];
  if (c === 45) { neg = true; i++; } else if (c === 43) i++;
  let mant = 0, digits = 0, scale = 0, any = false, intSyntax = true;
  while (i < e && (c = b[i] - 48) >= 0 && c <= 9) { mant = mant * 10 + c; if (mant > 0) digits++; any = true; i++; }
  if (i < e && b[i] === 46) {
    intSyntax = false;
    i++;
    while (i < e && (c = b[i] - 48) >= 0 && c <= 9) { mant = mant * 10 + c; if (mant > 0) digits++; scale++; any = true; i++; }
  }
  if (!any) return NaN;
  let exp = 0;
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    intSyntax = false;
    i++;
    let eneg = false;
    if (b[i] === 45) { eneg = true; i++; } else if (b[i] === 43) i++;
    const start = i;
    while (i < e && (c = b[i] - 48) >= 0 && c <= 9 && i - start < 6) { exp = exp * 10 + c; i++; }
    if (i === start) return NaN;
    if (eneg) exp = -exp;
  }
  if (i !== e) return NaN;
  const p = exp - scale;
  let v: number;
  if (digits <= 15 && p >= -22 && p <= 22) v = p >= 0 ? mant * POW10[p] : mant / POW10[-p];
  else {
    v = +latin1.decode(b.subarray(s, e)); // rare: many digits or a large exponent
    if (v - v !== 0) return NaN;
    return v;
  }
  if (neg) v = -v;
  lastWasInt = intSyntax && v >= -2147483648 && v <= 2147483647 && e - s <= 11;
  return v;
}

const lower = (c: number): number => c | 0x20;

/** 1 / 0 / NaN. strict: only true/false (any case), as inference requires. */
export function parseBoolBytes(b: Uint8Array, s: number, e: number, strict: boolean): number {
  const n = e - s;
  if (n === 4 && lower(b[s]) === 116 && lower(b[s + 1]) === 114 && lower(b[s + 2]) === 117 && lower(b[s + 3]) === 101) return 1;
  if (n === 5 && lower(b[s]) === 102 && lower(b[s + 1]) === 97 && lower(b[s + 2]) === 108 && lower(b[s + 3]) === 115 && lower(b[s + 4]) === 101) return 0;
  if (strict) return NaN;
  if (n === 1) {
    const c = lower(b[s]);
    if (c === 121 || c === 116 || b[s] === 49) return 1; // y t 1
    if (c === 110 || c === 102 || b[s] === 48) return 0; // n f 0
    return NaN;
  }
  if (n === 3 && lower(b[s]) === 121 && lower(b[s + 1]) === 101 && lower(b[s + 2]) === 115) return 1;
  if (n === 2 && lower(b[s]) === 110 && lower(b[s + 1]) === 111) return 0;
  return NaN;
}

function digits(b: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = b[i + k] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** ISO 8601 `YYYY-MM-DD[(T| )HH:MM[:SS[.fff…]][Z|±HH[:]MM]]` → ms since epoch (UTC when no zone). */
export function parseDateBytes(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 10 || b[s + 4] !== 45 || b[s + 7] !== 45) return NaN;
  const y = digits(b, s, 4), m = digits(b, s + 5, 2), d = digits(b, s + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m]) return NaN;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  let ms = daysFromCivil(y, m, d) * 86400000;
  if (n === 10) return ms;
  let i = s + 10;
  if ((b[i] !== 84 && b[i] !== 32) || n < 16 || b[i + 3] !== 58) return NaN;
  const hh = digits(b, i + 1, 2), mi = digits(b, i + 4, 2);
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return NaN;
  ms += hh * 3600000 + mi * 60000;
  i += 6;
  if (i < e && b[i] === 58) {
    const ss = digits(b, i + 1, 2);
    if (ss < 0 || ss > 59) return NaN;
    ms += ss * 1000;
    i += 3;
    if (i < e && b[i] === 46) {
      i++;
      let scale = 100, any = false, c: number;
      while (i < e && (c = b[i] - 48) >= 0 && c <= 9) { ms += c * scale; scale /= 10; any = true; i++; }
      if (!any) return NaN;
      ms = Math.floor(ms);
    }
  }
  if (i === e) return ms;
  if (b[i] === 90 && i + 1 === e) return ms; // Z
  if (b[i] !== 43 && b[i] !== 45) return NaN;
  const sign = b[i] === 43 ? 1 : -1;
  const oh = digits(b, i + 1, 2);
  const colon = b[i + 3] === 58 ? 1 : 0;
  const om = digits(b, i + 3 + colon, 2);
  if (oh < 0 || oh > 23 || om < 0 || om > 59 || i + 5 + colon !== e) return NaN;
  return ms - sign * (oh * 3600000 + om * 60000);
}
