// The prediction log's front. `log()` runs on the request path: it checks the entry's shape and encodes it into a
// bounded queue (./encode.ts: a short string and the numbers copied into typed arrays; no I/O, no await); a
// background loop hands the queue in batches to the writer thread (./writer.ts), which writes one Arrow file per
// endpoint and UTC day per batch. A full queue drops the entry and counts it.
import { createHash } from 'node:crypto';
import { createEntryEncoder } from './encode';
import {
  attachLabels, joinLabels, predictionLogDir, readPredictions, type AttachOptions, type AttachResult, type LabelInput,
  type PredictionLogLocation, type PredictionStore,
} from './store';
import { entryRows, type PredictionEntry } from './table';
import { createBatchWriter } from './writer';

export interface PredictionLogOptions extends PredictionLogLocation {
  /** Write as soon as this many rows wait (default 4096). */
  flushRows?: number;
  /** Write what waits at least this often, in ms (default 1000; 0: only on flushRows, flush() and close()). */
  flushMs?: number;
  /** The most rows that may wait; an entry that does not fit is dropped (default 100 000). */
  maxQueue?: number;
  /** Told of every dropped entry (e.g. to count it in the serving metrics). */
  onDrop?: (endpoint: string, rows: number) => void;
  /** Write on this thread instead of a writer thread of its own (default false). */
  inlineWriter?: boolean;
}

export interface PredictionLogStats {
  /** Rows and entries waiting to be written. */
  queuedRows: number;
  queuedEntries: number;
  /** Entries and rows accepted by log(). */
  loggedEntries: number;
  loggedRows: number;
  /** Rows in finished files, and those files. */
  writtenRows: number;
  writtenFiles: number;
  /** Refused by a full queue or a closed log. */
  droppedEntries: number;
  droppedRows: number;
  /** Refused as malformed (no request id, a bad endpoint name, features and predictions of different lengths…). */
  invalidEntries: number;
  /** Accepted but lost because their file could not be written. */
  failedRows: number;
  lastError: string | null;
}

export interface PredictionLog extends PredictionStore {
  /** Queues an entry; false when it was dropped (full queue, closed log) or malformed. Never blocks, never throws. */
  log(entry: PredictionEntry): boolean;
  /** Resolves when every entry logged before the call is in a finished file; rejects if one of those writes failed. */
  flush(): Promise<void>;
  /** Flushes, then refuses further entries. */
  close(): Promise<void>;
  stats(): PredictionLogStats;
}

/**
 * Whether a request is in the log's sample: the first 4 bytes of SHA-256(request id, UTF-8) read as a big-endian
 * unsigned integer, divided by 2^32, below `rate`. Deterministic, so a client that sets `x-request-id` knows which
 * of its requests are logged (and can be labelled) without asking: in Python,
 * `int.from_bytes(hashlib.sha256(rid.encode()).digest()[:4], 'big') / 2**32 < rate`.
 */
export function shouldLog(rate: number, requestId: string): boolean {
  if (!(rate > 0)) return false;
  if (rate >= 1) return true;
  return createHash('sha256').update(requestId, 'utf8').digest().readUInt32BE(0) / 0x1_0000_0000 < rate;
}

export function createPredictionLog(opts: PredictionLogOptions): PredictionLog {
  const dir = predictionLogDir(opts);
  const flushRows = Math.max(1, opts.flushRows ?? 32768);
  const flushMs = opts.flushMs ?? 1000;
  const maxQueue = Math.max(1, opts.maxQueue ?? 262_144);

  const queue = createEntryEncoder({ maxRows: flushRows });
  const writer = createBatchWriter(dir, { inline: opts.inlineWriter });
  let queuedRows = 0;
  let closed = false;
  /** Entries accepted so far / entries whose batch has been written (or failed): flush() waits on these. */
  let accepted = 0;
  let done = 0;
  let failedBatches = 0;
  let writing: Promise<void> | null = null;
  let scheduled = false;
  const waiters: Array<{ target: number; failuresBefore: number; resolve: () => void; reject: (e: Error) => void }> = [];
  const s = {
    loggedEntries: 0, loggedRows: 0, writtenRows: 0, writtenFiles: 0, droppedEntries: 0, droppedRows: 0,
    invalidEntries: 0, failedRows: 0, lastError: null as string | null,
  };

  function settleWaiters(): void {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.target > done) continue;
      waiters.splice(i, 1);
      if (failedBatches > w.failuresBefore) w.reject(new Error(`prediction log: a write failed: ${s.lastError}`));
      else w.resolve();
    }
  }

  /** Whether the loop should write what waits now rather than leave it to the timer. */
  const due = () => queue.entries > 0 && (queuedRows >= flushRows || closed || waiters.some((w) => w.target > done));

  function pump(): void {
    if (writing) return;
    writing = (async () => {
      try {
        // One batch at a time, of at most flushRows rows: entries logged during a write wait in the queue
        // (bounded), never in a chain of writes.
        for (let batch = queue.take(); batch; batch = due() ? queue.take() : null) {
          queuedRows -= batch.rows;
          const end = done + batch.entries;
          const o = await writer.write(batch);
          s.writtenRows += o.writtenRows;
          s.writtenFiles += o.writtenFiles;
          if (o.failedRows > 0) {
            s.failedRows += o.failedRows;
            s.lastError = o.lastError;
            failedBatches++;
          }
          done = end;
          settleWaiters();
        }
      } finally {
        writing = null;
        settleWaiters();
        if (due()) pump();
      }
    })();
  }

  const timer = flushMs > 0 ? setInterval(() => { if (queue.entries > 0) pump(); }, flushMs) : null;
  timer?.unref();

  function drop(entry: PredictionEntry, rows: number): false {
    s.droppedEntries++;
    s.droppedRows += rows;
    try {
      opts.onDrop?.(entry.endpoint, rows);
    } catch {
      // A counter's failure must not reach the request path.
    }
    return false;
  }

  function log(entry: PredictionEntry): boolean {
    const rows = entryRows(entry);
    if (rows < 0) {
      s.invalidEntries++;
      return false;
    }
    if (closed || queuedRows + rows > maxQueue) return drop(entry, rows);
    try {
      queue.append(entry.time === undefined ? { ...entry, time: Date.now() } : entry);
    } catch {
      // Not encodable (a value JSON cannot carry, a cycle): malformed, like a failed shape check.
      s.invalidEntries++;
      return false;
    }
    queuedRows += rows;
    accepted++;
    s.loggedEntries++;
    s.loggedRows += rows;
    if (queuedRows >= flushRows && !writing && !scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        pump();
      });
    }
    return true;
  }

  function flush(): Promise<void> {
    if (done >= accepted && !writing) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      waiters.push({ target: accepted, failuresBefore: failedBatches, resolve, reject });
      pump();
    });
  }

  async function close(): Promise<void> {
    closed = true;
    if (timer) clearInterval(timer);
    try {
      await flush();
    } finally {
      await writer.close();
    }
  }

  return {
    dir,
    log,
    flush,
    close,
    stats: () => ({ queuedRows, queuedEntries: queue.entries, ...s }),
    readPredictions: (endpoint, range) => readPredictions(dir, endpoint, range),
    // Our own queue first, so a label for a request this process just answered finds its prediction.
    attachLabels: async (endpoint: string, labels: readonly LabelInput[], o?: AttachOptions): Promise<AttachResult> => {
      await flush().catch(() => undefined);
      return attachLabels(dir, endpoint, labels, o);
    },
    joinLabels: (endpoint, range) => joinLabels(dir, endpoint, range),
  };
}
