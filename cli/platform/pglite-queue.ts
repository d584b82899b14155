// A message queue for pglite-socket that keeps a client's extended-protocol batch together.
// PGlite is one backend session shared by every socket client. pglite-socket 0.2 runs messages one
// at a time and keeps a client exclusive only inside a transaction, so another client's Parse/Bind
// can land between this client's Bind and Execute and clobber the unnamed statement or portal
// ("portal \"\" does not exist" under concurrent postgres.js clients, reproduced here). This queue
// hands the session to one client from its first extended-protocol message until its Sync, and
// keeps it through an open transaction, as the original does.
import type { PGlite } from '@electric-sql/pglite';

interface Item {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(err: unknown): void;
  onData(data: Uint8Array): void;
}

const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'F'].map((c) => c.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);

/** Told of each protocol message the session ran: which client sent it, and how long PGlite took (ms). */
export type MessageObserver = (handlerId: number, message: Uint8Array, ms: number) => void;

export class BatchQueue {
  private queue: Item[] = [];
  private processing = false;
  /** The client that owns the session until its Sync (or its transaction's end). */
  private holder: number | null = null;

  constructor(private readonly db: PGlite, private readonly observe?: MessageObserver) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (d: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, resolve, reject, onData });
      if (!this.processing) void this.process();
    });
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const idx = this.holder === null ? 0 : this.queue.findIndex((i) => i.handlerId === this.holder);
        if (idx === -1) break; // the holder's next message has not arrived yet
        const item = this.queue.splice(idx, 1)[0];
        let bytes = 0;
        const t0 = this.observe ? performance.now() : 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, { onRawData: (d: Uint8Array) => { bytes += d.length; item.onData(d); } }),
          );
        } catch (err) {
          item.reject(err);
          continue;
        }
        this.observe?.(item.handlerId, item.message, performance.now() - t0);
        const type = item.message[0];
        if (EXTENDED.has(type)) this.holder = item.handlerId;
        else if (type === SYNC || type === QUERY) this.holder = this.db.isInTransaction() ? item.handlerId : null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((i) => {
      if (i.handlerId !== handlerId) return true;
      i.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** A client that leaves mid-batch or mid-transaction releases the session (rolling back). */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.holder !== handlerId) return;
    this.holder = null;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    void this.process();
  }
}
