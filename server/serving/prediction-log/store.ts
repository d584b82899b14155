// Reading the prediction log, attaching ground truth and joining it: what the labels route and the monitoring
// issue use. Everything here reads finished files only (a file appears whole, by rename), so it runs safely
// beside any number of writing predict servers.
import { dirname, join } from 'node:path';
import { Int32, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import type { ArtifactStore } from '../../artifacts/store';
import { ProtocolError } from '../protocols/rows';
import {
  arrowFiles, checkEndpoint, columnValues, dayOf, daysIn, inferVector, partName, rangeMs, readTableFile,
  writeTableFile, type LabelValue, type TimeRange,
} from './files';
import { tableToRows, type PredictionRow } from './table';

/** Where the log lies: a folder, or the platform's artifact store (then `predictions/` beside its root). */
export interface PredictionLogLocation {
  dir?: string;
  artifacts?: ArtifactStore;
}

/**
 * The log's root folder. With a local artifact store at HOME/artifacts (the default) it is HOME/predictions: the
 * log is mutable and per endpoint and day, so it does not go inside the content-addressed store itself.
 */
export function predictionLogDir(loc: PredictionLogLocation): string {
  if (loc.dir) return loc.dir;
  const store = loc.artifacts as { root?: unknown; predictionsDir?: unknown } | undefined;
  // An S3 store names a local folder for it (HOME/predictions: server/artifacts/open.ts).
  if (typeof store?.predictionsDir === 'string') return store.predictionsDir;
  if (typeof store?.root === 'string') return join(dirname(store.root), 'predictions');
  throw new Error('prediction log: give `dir`, or a local artifact store (one with a root folder)');
}

/** A ground-truth label for one predicted row (`row` 0 unless the request had several rows). */
export interface LabelInput {
  requestId: string;
  row?: number;
  label: LabelValue;
}

export interface AttachResult {
  /** Labels stored. */
  attached: number;
  /** Labels whose request id (and row) is in no logged prediction of the lookback window. */
  unknown: number;
  /** The first few of them (at most 10), as `requestId` or `requestId#row` for a row other than 0. */
  unknownIds: string[];
}

export interface AttachOptions {
  /** How many days back (UTC days, today included) to look for the predictions; default 30. */
  lookbackDays?: number;
  /** The time the labels are recorded with (ms); default now. */
  now?: number;
}

export interface LabelledPrediction extends PredictionRow {
  /** The ground truth attached to this row, or null. The latest attached wins. */
  actual: LabelValue | null;
  labelledAt: number | null;
}

export interface JoinResult {
  rows: LabelledPrediction[];
  labelled: number;
  unlabelled: number;
}

export interface PredictionStore {
  readonly dir: string;
  readPredictions(endpoint: string, range?: TimeRange): Promise<PredictionRow[]>;
  attachLabels(endpoint: string, labels: readonly LabelInput[], opts?: AttachOptions): Promise<AttachResult>;
  joinLabels(endpoint: string, range?: TimeRange): Promise<JoinResult>;
}

const UNKNOWN_SHOWN = 10;
const key = (requestId: string, row: number) => `${row}\u0000${requestId}`;

/** Reads the log written under a location (no writer: see createPredictionLog for that). */
export function openPredictionStore(loc: PredictionLogLocation): PredictionStore {
  const dir = predictionLogDir(loc);
  return {
    dir,
    readPredictions: (endpoint, range) => readPredictions(dir, endpoint, range),
    attachLabels: (endpoint, labels, opts) => attachLabels(dir, endpoint, labels, opts),
    joinLabels: (endpoint, range) => joinLabels(dir, endpoint, range),
  };
}

/** The logged rows of an endpoint with `from <= time < to`, ordered by time (stable: a request's rows stay in order). */
export async function readPredictions(dir: string, endpoint: string, range?: TimeRange): Promise<PredictionRow[]> {
  checkEndpoint(endpoint);
  const { from, to } = rangeMs(range);
  const out: PredictionRow[] = [];
  for (const day of await daysIn(dir, endpoint, from, to)) {
    for (const file of await arrowFiles(join(dir, endpoint, day))) {
      for (const r of tableToRows(await readTableFile(file))) if (r.time >= from && r.time < to) out.push(r);
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

function checkLabels(labels: readonly LabelInput[]): void {
  if (!Array.isArray(labels)) throw new ProtocolError('"labels" must be an array of {"requestId", "label"} objects.');
  labels.forEach((l, i) => {
    const at = `labels[${i}]`;
    if (l === null || typeof l !== 'object') throw new ProtocolError(`${at} must be an object with "requestId" and "label".`);
    if (typeof l.requestId !== 'string' || l.requestId.length === 0 || l.requestId.length > 256) {
      throw new ProtocolError(`${at}.requestId must be a non-empty string of at most 256 characters.`);
    }
    if (l.row !== undefined && !(Number.isInteger(l.row) && l.row >= 0)) {
      throw new ProtocolError(`${at}.row must be a whole number ≥ 0 (the row of the request, 0 for the first).`);
    }
    const ok = typeof l.label === 'string' || (typeof l.label === 'number' && Number.isFinite(l.label));
    if (!ok) throw new ProtocolError(`${at}.label must be a string (a class) or a finite number.`);
  });
}

/**
 * Stores ground truth for logged predictions, found by request id (and row) among the endpoint's predictions of
 * the last `lookbackDays` days. Labels beside each prediction's day folder (`DAY/labels/PART.arrow`), so a day's
 * folder holds everything about its predictions. Labels for no logged prediction (an unknown id, a request that
 * sampling did not log, one older than the window) are not stored and are reported back.
 */
export async function attachLabels(
  dir: string, endpoint: string, labels: readonly LabelInput[], opts: AttachOptions = {},
): Promise<AttachResult> {
  checkEndpoint(endpoint);
  checkLabels(labels);
  const now = opts.now ?? Date.now();
  const lookback = opts.lookbackDays ?? 30;
  const pending = new Map<string, LabelInput & { row: number }>();
  for (const l of labels) pending.set(key(l.requestId, l.row ?? 0), { ...l, row: l.row ?? 0 });
  const byDay = new Map<string, Array<LabelInput & { row: number }>>();

  const from = Date.parse(`${dayOf(now - (lookback - 1) * 86_400_000)}T00:00:00.000Z`);
  const days = (await daysIn(dir, endpoint, from, Infinity)).reverse(); // newest first: labels usually come soon
  for (const day of days) {
    if (pending.size === 0) break;
    for (const file of await arrowFiles(join(dir, endpoint, day))) {
      if (pending.size === 0) break;
      const table = await readTableFile(file);
      const ids = columnValues(table, 'request_id') as string[];
      const rows = columnValues(table, 'row') as number[];
      for (let i = 0; i < ids.length; i++) {
        const k = key(ids[i], rows[i]);
        const l = pending.get(k);
        if (!l) continue;
        pending.delete(k);
        const list = byDay.get(day) ?? [];
        list.push(l);
        byDay.set(day, list);
      }
    }
  }

  let attached = 0;
  for (const [day, list] of byDay) {
    const table = new Table({
      request_id: vectorFromArray(list.map((l) => l.requestId), new Utf8()),
      row: vectorFromArray(list.map((l) => l.row), new Int32()),
      label: inferVector(list.map((l) => l.label)),
      labelled_at: vectorFromArray(list.map(() => now), new TimestampMillisecond()),
    });
    await writeTableFile(join(dir, endpoint, day, 'labels'), partName(now), table);
    attached += list.length;
  }
  const unknownIds = [...pending.values()].slice(0, UNKNOWN_SHOWN).map((l) => (l.row === 0 ? l.requestId : `${l.requestId}#${l.row}`));
  return { attached, unknown: pending.size, unknownIds };
}

/** The endpoint's predictions in a range, each with the ground truth attached to it (latest wins) or null. */
export async function joinLabels(dir: string, endpoint: string, range?: TimeRange): Promise<JoinResult> {
  checkEndpoint(endpoint);
  const predictions = await readPredictions(dir, endpoint, range);
  const { from, to } = rangeMs(range);
  const truth = new Map<string, { label: LabelValue; at: number }>();
  for (const day of await daysIn(dir, endpoint, from, to)) {
    for (const file of await arrowFiles(join(dir, endpoint, day, 'labels'))) {
      const table = await readTableFile(file);
      const ids = columnValues(table, 'request_id') as string[];
      const rows = columnValues(table, 'row') as number[];
      const label = columnValues(table, 'label') as LabelValue[];
      const at = columnValues(table, 'labelled_at') as number[];
      for (let i = 0; i < ids.length; i++) {
        const k = key(ids[i], rows[i]);
        const had = truth.get(k);
        if (!had || at[i] >= had.at) truth.set(k, { label: label[i], at: at[i] });
      }
    }
  }
  let labelled = 0;
  const rows = predictions.map((p): LabelledPrediction => {
    const t = truth.get(key(p.requestId, p.row));
    if (t) labelled++;
    return { ...p, actual: t?.label ?? null, labelledAt: t?.at ?? null };
  });
  return { rows, labelled, unlabelled: rows.length - labelled };
}
