// The inference engine of the predict server: a pool of worker threads (worker.mjs), each holding an onnxruntime
// session per loaded model version, with micro-batching of concurrent requests and an LRU bound on model bytes.
// The HTTP thread only queues, concatenates and splits rows; every session.run happens in a worker.
// See docs/serving.md ("Inference engine") for the behaviour and docs/decisions.md for why plain worker_threads.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export type EngineErrorCode =
  /** predict on a version that is not loaded (never loaded, unloaded or evicted): load it, then retry. */
  | 'not_loaded'
  /** X does not hold `rows` × the model's feature count values. */
  | 'bad_input'
  /** The model could not be opened or warmed (bad ONNX, wrong input shape or type). */
  | 'load_failed'
  /** The model is bigger than the whole budget, or every loaded version is busy and nothing can be evicted. */
  | 'capacity'
  /** onnxruntime refused the run. */
  | 'inference'
  /** The worker running the request died twice in a row with it. */
  | 'worker_crashed'
  /** The engine is closed. */
  | 'closed';

export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface EngineOptions {
  /** Worker threads (default: one per core, `os.availableParallelism()`). Each holds every loaded version. */
  threads?: number;
  /**
   * LRU bound on the sum of the ONNX file sizes of the loaded versions (default 512 MiB). Each worker holds its own
   * session of each version, so resident memory is about `threads` × this. Loading past it evicts the least
   * recently used idle versions first.
   */
  maxBytes?: number;
  /**
   * Micro-batching window in milliseconds (default 1, at most 1; 0 turns batching off). A request for a version that
   * has nothing in flight goes at once; requests arriving while one is in flight wait up to the window and go as
   * one run. Windows below 1 ms last one turn of the event loop.
   */
  batchWindowMs?: number;
  /** Most rows in one batched run (default 1024); a single larger request still goes alone, whole. */
  maxBatchRows?: number;
  /** Called when the LRU bound evicts a version (the caller may drop it from its routing tables). */
  onEvict?: (versionId: string) => void;
}

/** What a loaded model takes and gives. */
export interface ModelInfo {
  /** The input tensor's name (float32 [N, features]); the first column's with `columns`. */
  input: string;
  features: number;
  /** A model with one [N, 1] input per raw column (preprocessing compiled in): those inputs, in feature order. */
  columns?: Array<{ name: string; type: 'float32' | 'string' }>;
  outputs: Array<{ name: string; type: string; shape: Array<number | string> }>;
}

export type OutputData = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | string[] | ArrayLike<unknown>;

/** One output tensor of a run: onnxruntime's element type name, dims (first = rows) and the flat data. */
export interface OutputTensor {
  type: string;
  dims: number[];
  data: OutputData;
}

/** The model's outputs for the caller's rows, by output name. */
export type ModelOutputs = Record<string, OutputTensor>;

export interface EngineStats {
  threads: number;
  maxBytes: number;
  bytes: number;
  /** Rows accepted and not yet answered (queued, waiting for the window, or running). */
  queuedRows: number;
  /** Workers replaced after a crash since the engine started. */
  restarts: number;
  /** predict calls accepted, and onnxruntime runs made for them, since the engine started (runs < requests: batching). */
  requests: number;
  runs: number;
  versions: Array<{ id: string; bytes: number; state: VersionState; inflight: number }>;
  workers: Array<{ index: number; ready: boolean; busy: number; versions: number }>;
}

type VersionState = 'loading' | 'ready' | 'unloading';

interface Request {
  X: Float32Array;
  rows: number;
  /** Per feature index, the text values of a text feature (models with preprocessing compiled in). */
  text?: ReadonlyArray<readonly string[] | undefined>;
  resolve: (out: ModelOutputs) => void;
  reject: (err: Error) => void;
}

interface Batch {
  versionId: string;
  requests: Request[];
  rows: number;
  /** Already sent once to a worker that crashed. */
  retried: boolean;
}

interface Version {
  id: string;
  bytes: Uint8Array;
  state: VersionState;
  loading: Promise<ModelInfo>;
  info?: ModelInfo;
  lastUsed: number;
  /** Requests accepted and not answered. */
  inflight: number;
  pending: Request[];
  timer?: { cancel: () => void };
  /** Called once inflight reaches 0 (unload and close wait on it). */
  drained: Array<() => void>;
}

type Reply =
  | { op: 'loaded'; id: number; info: ModelInfo }
  | { op: 'ran'; id: number; outputs: Array<{ name: string; type: string; dims: number[]; data: OutputData }> }
  | { op: 'unloaded'; id: number }
  | { op: 'error'; id: number; message: string };

type Task =
  | { kind: 'load'; versionId: string; done: (r: { ok: true; info: ModelInfo } | { ok: false; crashed: boolean; message: string }) => void }
  | { kind: 'run'; batch: Batch }
  | { kind: 'unload'; done: () => void };

interface Slot {
  index: number;
  worker: Worker;
  /** Accepts runs (a replacement is not ready until it has loaded every version). */
  ready: boolean;
  dead: boolean;
  versions: Set<string>;
  /** Run batches sent and not answered. */
  busy: number;
  tasks: Map<number, Task>;
}

/** Batches a worker holds at once: one running, one waiting in its port, so it never idles between them. */
const SLOT_DEPTH = 2;
const WORKER_URL = new URL('./worker.mjs', import.meta.url);

/**
 * The engine. One per predict server process:
 * ```ts
 * const engine = new InferenceEngine({ threads: 4 });
 * await engine.load(version.id, onnxBytes);           // resolves once every worker can answer
 * const out = await engine.predict(version.id, X, rows); // { label: {type:'int64', dims:[rows], data}, probabilities: … }
 * // a model with preprocessing compiled in takes one input per raw column: X holds the numeric ones (row-major,
 * // NaN where missing), `text` the text ones by feature index: engine.predict(id, X, rows, [undefined, ['Dream']])
 * await engine.unload(version.id);                     // after traffic moved: waits for its requests
 * await engine.close();
 * ```
 */
export class InferenceEngine {
  readonly threads: number;
  readonly maxBytes: number;
  readonly batchWindowMs: number;
  readonly maxBatchRows: number;
  private readonly onEvict?: (versionId: string) => void;
  private readonly slots: Slot[] = [];
  private readonly versions = new Map<string, Version>();
  /** Batches ready to go, oldest first, waiting for a worker slot. */
  private readonly queue: Batch[] = [];
  private nextId = 1;
  private clock = 0;
  private bytes = 0;
  private restarts = 0;
  private requests = 0;
  private runs = 0;
  private closed = false;
  private crashStreak = 0;

  constructor(opts: EngineOptions = {}) {
    this.threads = Math.max(1, Math.floor(opts.threads ?? availableParallelism()));
    this.maxBytes = opts.maxBytes ?? 512 * 1024 * 1024;
    const window = opts.batchWindowMs ?? 1;
    if (!(window >= 0 && window <= 1)) throw new RangeError(`batchWindowMs must be between 0 and 1, got ${window}`);
    this.batchWindowMs = window;
    this.maxBatchRows = Math.max(1, Math.floor(opts.maxBatchRows ?? 1024));
    this.onEvict = opts.onEvict;
    for (let i = 0; i < this.threads; i++) this.slots.push(this.spawn(i, true));
  }

  /**
   * Opens the model in every worker and runs one dummy row through it; resolves (with what the model takes and
   * gives) only when every worker can answer, so a version is never served half-loaded. Loading a version already
   * loaded or loading returns the same result. Makes room by evicting least recently used idle versions.
   */
  async load(versionId: string, modelBytes: Uint8Array): Promise<ModelInfo> {
    if (this.closed) throw new EngineError('closed', 'the inference engine is closed');
    const existing = this.versions.get(versionId);
    if (existing && existing.state !== 'unloading') return existing.loading;
    if (existing) await this.unload(versionId);
    const size = modelBytes.byteLength;
    if (size > this.maxBytes) {
      throw new EngineError('capacity', `model version ${versionId} is ${size} bytes, more than the engine's whole budget of ${this.maxBytes} bytes`);
    }
    this.makeRoom(size, versionId);
    const version: Version = {
      id: versionId, bytes: modelBytes.slice(), state: 'loading', loading: Promise.resolve(null as unknown as ModelInfo),
      lastUsed: ++this.clock, inflight: 0, pending: [], drained: [],
    };
    this.bytes += size;
    this.versions.set(versionId, version);
    version.loading = this.loadEverywhere(version);
    return version.loading;
  }

  /** Whether the version is loaded and answering. */
  has(versionId: string): boolean {
    return this.versions.get(versionId)?.state === 'ready';
  }

  /**
   * Runs the model on `rows` rows of X (row-major float32 [rows, features]; X is copied, never detached) and
   * resolves with the outputs for exactly these rows. Waits for a load in progress; a version not loaded is an
   * EngineError `not_loaded`.
   */
  async predict(versionId: string, X: Float32Array, rows: number, text?: ReadonlyArray<readonly string[] | undefined>): Promise<ModelOutputs> {
    if (this.closed) throw new EngineError('closed', 'the inference engine is closed');
    let version = this.versions.get(versionId);
    if (version?.state === 'loading') {
      await version.loading;
      version = this.versions.get(versionId);
    }
    if (!version || version.state !== 'ready' || !version.info) {
      throw new EngineError('not_loaded', `model version ${versionId} is not loaded`);
    }
    const F = version.info.features;
    if (!Number.isInteger(rows) || rows < 1 || X.length !== rows * F) {
      throw new EngineError('bad_input', `expected ${rows} row(s) of ${F} float32 values (${Number.isInteger(rows) && rows > 0 ? rows * F : 'rows ≥ 1'}), got ${X.length} values`);
    }
    version.lastUsed = ++this.clock;
    version.inflight++;
    this.requests++;
    const v = version;
    return new Promise<ModelOutputs>((resolve, reject) => {
      v.pending.push({ X, rows, ...(text ? { text } : {}), resolve, reject });
      if (this.batchWindowMs === 0 || v.inflight === 1) {
        // Batching off, or this is the only request of the version in flight: no reason to wait.
        this.flush(v);
      } else if (!v.timer) {
        v.timer = this.startWindow(() => {
          v.timer = undefined;
          this.flush(v);
        });
      }
    });
  }

  /**
   * Stops accepting requests for the version, lets the ones already accepted finish, then releases its sessions.
   * Resolves once it is gone from every worker. Unknown versions are a no-op.
   */
  async unload(versionId: string): Promise<void> {
    const version = this.versions.get(versionId);
    if (!version) return;
    if (version.state === 'loading') await version.loading.catch(() => undefined); // a failed load removed itself
    if (version.state === 'unloading') {
      await this.waitGone(versionId);
      return;
    }
    if (this.versions.get(versionId) !== version) return;
    version.state = 'unloading';
    if (version.timer) {
      version.timer.cancel();
      version.timer = undefined;
    }
    this.flush(version);
    await this.whenDrained(version);
    await this.dropEverywhere(version);
  }

  /** Loaded (and loading) versions with their sizes and states; queue depth and workers, for metrics. */
  stats(): EngineStats {
    let queuedRows = 0;
    for (const v of this.versions.values()) for (const r of v.pending) queuedRows += r.rows;
    for (const b of this.queue) queuedRows += b.rows;
    for (const s of this.slots) for (const t of s.tasks.values()) if (t.kind === 'run') queuedRows += t.batch.rows;
    return {
      threads: this.threads,
      maxBytes: this.maxBytes,
      bytes: this.bytes,
      queuedRows,
      restarts: this.restarts,
      requests: this.requests,
      runs: this.runs,
      versions: [...this.versions.values()].map((v) => ({ id: v.id, bytes: v.bytes.byteLength, state: v.state, inflight: v.inflight })),
      workers: this.slots.map((s) => ({ index: s.index, ready: s.ready, busy: s.busy, versions: s.versions.size })),
    };
  }

  /** Finishes every accepted request, then stops the workers. Later calls of any method are EngineError `closed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.versions.values()].map((v) => v.loading.catch(() => undefined))); // failures removed themselves
    const busy = [...this.versions.values()].filter((v) => v.inflight > 0);
    for (const v of busy) {
      if (v.timer) {
        v.timer.cancel();
        v.timer = undefined;
      }
      this.flush(v);
    }
    await Promise.all(busy.map((v) => this.whenDrained(v)));
    this.versions.clear();
    this.bytes = 0;
    await Promise.all(this.slots.map(async (s) => {
      s.dead = true;
      await s.worker.terminate();
    }));
  }

  /**
   * Test hook: makes worker `index` die of an uncaught error, as a fault in a session's code path would. The engine
   * replaces it and resends what it was running; nothing else is lost.
   */
  injectWorkerCrash(index: number): void {
    const slot = this.slots[index];
    if (!slot || slot.dead) throw new RangeError(`no live worker ${index}`);
    slot.worker.postMessage({ op: 'crash' });
  }

  // ---- workers ----------------------------------------------------------------------------------------------------

  private spawn(index: number, initial: boolean): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { index, worker, ready: initial, dead: false, versions: new Set(), busy: 0, tasks: new Map() };
    worker.on('message', (reply: Reply) => this.onReply(slot, reply));
    // An uncaught error in the worker: 'exit' follows and does the work.
    worker.on('error', () => undefined);
    worker.on('exit', () => this.onExit(slot));
    if (!initial) void this.warmReplacement(slot); // failures there are per version and leave the slot without it
    return slot;
  }

  private send(slot: Slot, task: Task, msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): void {
    const id = this.nextId++;
    slot.tasks.set(id, task);
    slot.worker.postMessage({ ...msg, id }, transfer);
  }

  private onReply(slot: Slot, reply: Reply): void {
    const task = slot.tasks.get(reply.id);
    if (!task) return;
    slot.tasks.delete(reply.id);
    if (task.kind === 'load') {
      if (reply.op === 'loaded') {
        slot.versions.add(task.versionId);
        task.done({ ok: true, info: reply.info });
      } else {
        task.done({ ok: false, crashed: false, message: reply.op === 'error' ? reply.message : `unexpected reply ${reply.op}` });
      }
    } else if (task.kind === 'unload') {
      task.done();
    } else {
      slot.busy--;
      this.crashStreak = 0;
      if (reply.op === 'ran') this.answer(task.batch, reply.outputs);
      else this.fail(task.batch, new EngineError('inference', reply.op === 'error' ? reply.message : `unexpected reply ${reply.op}`));
      this.pump();
    }
  }

  private onExit(slot: Slot): void {
    if (slot.dead) return; // terminated by close()
    slot.dead = true;
    slot.ready = false;
    const resend: Batch[] = [];
    for (const task of slot.tasks.values()) {
      if (task.kind === 'load') task.done({ ok: false, crashed: true, message: 'worker crashed' });
      else if (task.kind === 'unload') task.done();
      else if (task.batch.retried) this.fail(task.batch, new EngineError('worker_crashed', 'the inference worker crashed twice running this request'));
      else {
        task.batch.retried = true;
        resend.push(task.batch);
      }
    }
    slot.tasks.clear();
    slot.busy = 0;
    // Resent batches go first: they were accepted before anything still queued.
    this.queue.unshift(...resend);
    if (this.closed) return;
    this.restarts++;
    this.crashStreak++;
    // A worker that dies again and again (a poisoned load, say) is replaced with a growing pause, not in a loop.
    const delay = this.crashStreak > 2 ? Math.min(5000, 50 * 2 ** this.crashStreak) : 0;
    setTimeout(() => {
      if (this.closed) return;
      this.slots[slot.index] = this.spawn(slot.index, false);
      this.pump();
    }, delay).unref();
    this.pump();
  }

  /** A replacement loads every version the engine holds before it takes runs. */
  private async warmReplacement(slot: Slot): Promise<void> {
    const wanted = [...this.versions.values()].filter((v) => v.state !== 'unloading');
    await Promise.all(wanted.map((v) => this.loadOn(slot, v)));
    if (slot.dead) return;
    slot.ready = true;
    this.pump();
  }

  private loadOn(slot: Slot, version: Version) {
    return new Promise<{ ok: true; info: ModelInfo } | { ok: false; crashed: boolean; message: string }>((done) => {
      // A copy per worker: the engine keeps the original to warm replacements.
      this.send(slot, { kind: 'load', versionId: version.id, done }, { op: 'load', versionId: version.id, bytes: version.bytes });
    });
  }

  private async loadEverywhere(version: Version): Promise<ModelInfo> {
    const live = this.slots.filter((s) => !s.dead);
    const results = await Promise.all(live.map((s) => this.loadOn(s, version)));
    const failed = results.find((r) => !r.ok && !r.crashed);
    const loaded = results.find((r) => r.ok);
    if (failed && !failed.ok) {
      await this.dropEverywhere(version);
      throw new EngineError('load_failed', `model version ${version.id} could not be loaded: ${failed.message}`);
    }
    if (this.closed || this.versions.get(version.id) !== version) {
      throw new EngineError('closed', 'the inference engine is closed');
    }
    // Every live worker crashed meanwhile: their replacements load it; its info comes from the first of them.
    const info = loaded?.ok ? loaded.info : await this.infoFromReplacement(version);
    version.info = info;
    version.state = 'ready';
    return info;
  }

  private async infoFromReplacement(version: Version): Promise<ModelInfo> {
    for (;;) {
      const slot = this.slots.find((s) => !s.dead);
      if (!slot) {
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      const r = await this.loadOn(slot, version);
      if (r.ok) return r.info;
      if (!r.crashed) throw new EngineError('load_failed', `model version ${version.id} could not be loaded: ${r.message}`);
    }
  }

  private async dropEverywhere(version: Version): Promise<void> {
    await Promise.all(this.slots.filter((s) => !s.dead).map((s) => new Promise<void>((done) => {
      s.versions.delete(version.id);
      this.send(s, { kind: 'unload', done }, { op: 'unload', versionId: version.id });
    })));
    if (this.versions.get(version.id) === version) {
      this.versions.delete(version.id);
      this.bytes -= version.bytes.byteLength;
    }
  }

  private whenDrained(version: Version): Promise<void> {
    return version.inflight === 0 ? Promise.resolve() : new Promise((resolve) => { version.drained.push(resolve); });
  }

  private waitGone(versionId: string): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.versions.has(versionId) ? setTimeout(check, 1) : resolve());
      check();
    });
  }

  // ---- LRU --------------------------------------------------------------------------------------------------------

  private makeRoom(size: number, forVersion: string): void {
    while (this.bytes + size > this.maxBytes) {
      const idle = [...this.versions.values()]
        .filter((v) => v.state === 'ready' && v.inflight === 0)
        .sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!idle) {
        throw new EngineError('capacity', `no room for model version ${forVersion} (${size} bytes): ${this.bytes} of ${this.maxBytes} bytes are held by versions in use`);
      }
      idle.state = 'unloading';
      // Gone from the budget at once; the workers release the sessions in the background.
      this.versions.delete(idle.id);
      this.bytes -= idle.bytes.byteLength;
      for (const s of this.slots) {
        if (s.dead) continue;
        s.versions.delete(idle.id);
        this.send(s, { kind: 'unload', done: () => undefined }, { op: 'unload', versionId: idle.id });
      }
      this.onEvict?.(idle.id);
    }
  }

  // ---- batching ---------------------------------------------------------------------------------------------------

  private startWindow(fire: () => void): { cancel: () => void } {
    if (this.batchWindowMs >= 1) {
      const t = setTimeout(fire, this.batchWindowMs);
      return { cancel: () => clearTimeout(t) };
    }
    const t = setImmediate(fire);
    return { cancel: () => clearImmediate(t) };
  }

  /** Moves the version's pending requests into batches of at most maxBatchRows rows (or single requests). */
  private flush(version: Version): void {
    const pending = version.pending;
    if (pending.length === 0) return;
    version.pending = [];
    if (this.batchWindowMs === 0) {
      for (const r of pending) this.queue.push({ versionId: version.id, requests: [r], rows: r.rows, retried: false });
    } else {
      let batch: Batch | undefined;
      for (const r of pending) {
        if (!batch || batch.rows + r.rows > this.maxBatchRows) {
          batch = { versionId: version.id, requests: [], rows: 0, retried: false };
          this.queue.push(batch);
        }
        batch.requests.push(r);
        batch.rows += r.rows;
      }
    }
    this.pump();
  }

  /** Sends queued batches to the least busy ready worker holding their version, while any has room. */
  private pump(): void {
    for (let i = 0; i < this.queue.length;) {
      const batch = this.queue[i];
      let best: Slot | undefined;
      for (const s of this.slots) {
        if (s.dead || !s.ready || s.busy >= SLOT_DEPTH || !s.versions.has(batch.versionId)) continue;
        if (!best || s.busy < best.busy) best = s;
      }
      if (!best) {
        // Nobody holds it and nobody is on the way to: fail it rather than keep it forever.
        const coming = this.slots.some((s) => !s.ready || s.dead || s.versions.has(batch.versionId));
        if (!coming) {
          this.queue.splice(i, 1);
          this.fail(batch, new EngineError('not_loaded', `model version ${batch.versionId} is not loaded`));
          continue;
        }
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.dispatch(best, batch);
    }
  }

  private dispatch(slot: Slot, batch: Batch): void {
    const version = this.versions.get(batch.versionId);
    const F = version?.info?.features ?? batch.requests[0].X.length / batch.requests[0].rows;
    const x = new Float32Array(batch.rows * F);
    let offset = 0;
    for (const r of batch.requests) {
      x.set(r.X, offset);
      offset += r.X.length;
    }
    // Text features (a model taking raw columns): each one's values of every request, in batch order.
    let text: Array<string[] | undefined> | undefined;
    if (batch.requests.some((r) => r.text)) {
      text = Array.from({ length: F }, (_, j) => (batch.requests.some((r) => r.text?.[j]) ? [] : undefined));
      for (const r of batch.requests) {
        text.forEach((col, j) => {
          if (!col) return;
          const own = r.text?.[j];
          if (own) for (const v of own) col.push(v);
          else for (let k = 0; k < r.rows; k++) col.push('');
        });
      }
    }
    slot.busy++;
    this.runs++;
    this.send(slot, { kind: 'run', batch }, { op: 'run', versionId: batch.versionId, x, rows: batch.rows, ...(text ? { text } : {}) }, [x.buffer]);
  }

  private settle(batch: Batch): void {
    const version = this.versions.get(batch.versionId);
    if (!version) return;
    version.inflight -= batch.requests.length;
    if (version.inflight === 0) for (const done of version.drained.splice(0)) done();
  }

  private answer(batch: Batch, outputs: Array<{ name: string; type: string; dims: number[]; data: OutputData }>): void {
    this.settle(batch);
    if (batch.requests.length === 1) {
      const out: ModelOutputs = {};
      for (const o of outputs) out[o.name] = { type: o.type, dims: o.dims, data: o.data };
      batch.requests[0].resolve(out);
      return;
    }
    const bad = outputs.find((o) => o.dims[0] !== batch.rows);
    if (bad) {
      const err = new EngineError('inference', `output "${bad.name}" has dims [${bad.dims.join(', ')}], not one row per input row; the model cannot be batched`);
      for (const r of batch.requests) r.reject(err);
      return;
    }
    let row = 0;
    for (const r of batch.requests) {
      const out: ModelOutputs = {};
      for (const o of outputs) {
        const per = o.dims.slice(1).reduce((a, b) => a * b, 1);
        const data = o.data as { slice(start: number, end: number): OutputData };
        out[o.name] = { type: o.type, dims: [r.rows, ...o.dims.slice(1)], data: data.slice(row * per, (row + r.rows) * per) };
      }
      row += r.rows;
      r.resolve(out);
    }
  }

  private fail(batch: Batch, err: Error): void {
    this.settle(batch);
    for (const r of batch.requests) r.reject(err);
  }
}
