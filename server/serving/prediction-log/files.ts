// The prediction log's files: where they lie, how a batch becomes an Arrow IPC file written whole (temp name,
// fsync, rename), and how files are read back. Layout under the log's root (docs/serving.md, "Prediction log"):
//   ROOT/ENDPOINT/YYYY-MM-DD/PART.arrow          predictions of that endpoint and UTC day
//   ROOT/ENDPOINT/YYYY-MM-DD/labels/PART.arrow   ground truth attached later to that day's predictions
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Table, tableFromIPC, tableToIPC, type Vector } from 'apache-arrow';
import { boolVector, float64Vector, utf8Vector } from './vectors';

export type FeatureValue = number | string | boolean | null;
export type LabelValue = string | number;

/** Endpoint names are path segments of the predict URLs (server/services/endpoints.ts); anything else is refused. */
const ENDPOINT_RE = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function isEndpointName(name: unknown): name is string {
  return typeof name === 'string' && ENDPOINT_RE.test(name) && name !== '..' && !name.includes('..');
}

export function checkEndpoint(name: string): void {
  if (!isEndpointName(name)) throw new Error(`not an endpoint name: ${JSON.stringify(name)}`);
}

/** The UTC day of a time in ms, as the folder name `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** A time bound as ms since the epoch: a Date, a number of ms, or an ISO string. */
export type TimeBound = Date | number | string;

export function toMs(t: TimeBound, what: string): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  if (!Number.isFinite(ms)) throw new Error(`${what} is not a time: ${JSON.stringify(t)}`);
  return ms;
}

export interface TimeRange {
  /** Inclusive lower bound (default: the beginning). */
  from?: TimeBound;
  /** Exclusive upper bound (default: no end). */
  to?: TimeBound;
}

export function rangeMs(range: TimeRange = {}): { from: number; to: number } {
  const from = range.from === undefined ? -Infinity : toMs(range.from, '"from"');
  const to = range.to === undefined ? Infinity : toMs(range.to, '"to"');
  return { from, to };
}

/** The day folders of an endpoint that can hold times in [from, to), oldest first. */
export async function daysIn(root: string, endpoint: string, from: number, to: number): Promise<string[]> {
  const names = await listDir(join(root, endpoint));
  return names
    .filter((d) => DAY_RE.test(d))
    .filter((d) => dayStart(d) + DAY_MS > from && dayStart(d) < to)
    .sort();
}

/** The finished `.arrow` files of a folder in name order (temp files start with `.` and are never listed). */
export async function arrowFiles(dir: string): Promise<string[]> {
  const names = await listDir(dir);
  return names.filter((n) => n.endsWith('.arrow') && !n.startsWith('.')).sort().map((n) => join(dir, n));
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

let seq = 0;

/** A part name that sorts by the time it was written and never collides between processes. */
export function partName(now = Date.now()): string {
  seq = (seq + 1) % 1_000_000;
  const stamp = new Date(now).toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${process.pid}-${randomBytes(4).toString('hex')}-${String(seq).padStart(6, '0')}.arrow`;
}

/** Folders this process has made: a day's folder is made once, not before every file (mkdir is a syscall each). */
const made = new Set<string>();

/** Opens `file` (new) in `dir`, making the folder the first time, or again if it was removed since. */
async function openNew(dir: string, file: string) {
  if (!made.has(dir)) {
    await mkdir(dir, { recursive: true });
    made.add(dir);
  }
  try {
    return await open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true });
    return open(file, 'wx');
  }
}

/**
 * Writes a table as one Arrow IPC file: to a temp name in the same folder, synced, then renamed, so a reader
 * sees either no file or the whole file, and a crash leaves at most a `.tmp-` file that readers skip.
 */
export async function writeTableFile(dir: string, name: string, table: Table): Promise<string> {
  const bytes = tableToIPC(table, 'file');
  const final = join(dir, name);
  const tmp = join(dir, `.tmp-${name}`);
  try {
    const fh = await openNew(dir, tmp);
    try {
      await fh.writeFile(bytes);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, final);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return final;
}

export async function readTableFile(file: string): Promise<Table> {
  const bytes = await readFile(file);
  try {
    return tableFromIPC(bytes);
  } catch (err) {
    throw new Error(`prediction log: ${file} is not a readable Arrow file: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * One column from JS values: numbers → Float64, booleans → Bool, strings → Utf8, null/undefined → null. A column
 * whose values mix kinds is written as Utf8 (each value as `String(v)`), so a batch never fails on a stray type.
 */
export function inferVector(values: readonly unknown[]): Vector {
  let kind: 'none' | 'number' | 'boolean' | 'string' | 'mixed' = 'none';
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const k = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
    if (kind === 'none') kind = k;
    else if (kind !== k) {
      kind = 'mixed';
      break;
    }
  }
  if (kind === 'number') return float64Vector(values);
  if (kind === 'boolean') return boolVector(values);
  return utf8Vector(values.map((v) => (v === null || v === undefined ? null : String(v))));
}

/** A column's values as JS values, nulls kept (Timestamp → ms number, Int32/Float → number). */
export function columnValues(table: Table, name: string): unknown[] {
  const v = table.getChild(name);
  if (!v) return new Array<unknown>(table.numRows).fill(null);
  const out = new Array<unknown>(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const x: unknown = v.get(i);
    out[i] = x === undefined ? null : typeof x === 'bigint' ? Number(x) : x;
  }
  return out;
}
