// Where the prediction log's batches are written: a worker thread of their own (./writer-thread.ts), started on
// the first batch, or inline on this thread when no thread can be started (or `inline` is asked). A batch goes to
// the thread as three transferred buffers (./encode.ts), so handing it over costs the request
// thread almost nothing; if the thread dies, the batches it held are counted as failed and later ones are
// written inline.
import { Worker } from 'node:worker_threads';
import type { EncodedBatch } from './encode';
import { writeBatch, type WriteOutcome } from './write-batch';

export interface BatchWriter {
  write(batch: EncodedBatch): Promise<WriteOutcome>;
  /** Stops the thread (after the batches it holds are written). */
  close(): Promise<void>;
}

const THREAD_URL = new URL('./writer-thread.mjs', import.meta.url);

export function createBatchWriter(dir: string, opts: { inline?: boolean } = {}): BatchWriter {
  let worker: Worker | null = null;
  let broken = opts.inline === true;
  let nextId = 1;
  const pending = new Map<number, { rows: number; done: (o: WriteOutcome) => void }>();

  const failAll = (why: string) => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.done({ writtenRows: 0, writtenFiles: 0, failedRows: p.rows, lastError: why });
    }
  };

  function thread(): Worker | null {
    if (worker || broken) return worker;
    try {
      worker = new Worker(THREAD_URL);
    } catch {
      broken = true;
      return null;
    }
    worker.unref();
    worker.on('message', (msg: { id?: number; outcome?: WriteOutcome }) => {
      if (msg.id === undefined || !msg.outcome) return;
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      p?.done(msg.outcome);
    });
    worker.on('error', (err) => {
      broken = true;
      failAll(`the writer thread failed: ${err.message}`);
    });
    worker.on('exit', (code) => {
      worker = null;
      if (pending.size > 0) {
        broken = true;
        failAll(`the writer thread exited (${code})`);
      }
    });
    return worker;
  }

  return {
    write(batch) {
      const w = thread();
      if (!w) return writeBatch(dir, batch);
      const id = nextId++;
      return new Promise<WriteOutcome>((done) => {
        pending.set(id, { rows: batch.rows, done });
        w.postMessage({ id, dir, batch }, [batch.meta.buffer as ArrayBuffer, batch.f32.buffer as ArrayBuffer, batch.f64.buffer as ArrayBuffer]);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      broken = true;
      if (w) await w.terminate();
      failAll('the prediction log closed');
    },
  };
}
