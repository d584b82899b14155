// Shadow variants: a copy of a sampled share of an endpoint's requests (the shadow's `weight`, percent, drawn per
// request) runs on the shadow's model version AFTER the caller's answer is sent, through a bounded queue per
// endpoint (`config.shadow.queue`, default 1000 copies waiting or running); a copy offered to a full queue is
// dropped and counted, so a slow shadow never holds memory without bound and never slows the caller. Copies are
// gathered for a few milliseconds (SHADOW_WINDOW_MS) and handed to the runner as one wave, whose inference calls
// the engine then micro-batches: on a busy server a shadow costs a couple of inference runs per window instead of
// one per request (no caller waits on a shadow, so the window costs nobody latency). The shadow's
// answer is never returned: it is compared with the answer the caller got (same class, squared error of the
// predicted class's probability — for a regressor: the same value, squared error of the value — inference time
// difference) and counted in the serving windows.
// docs/serving.md, "Shadow".
import { isValuePrediction, type Prediction } from './protocols';
import type { ServingWindows, ShadowComparison, WindowKey } from './windows';

/** Waves of one endpoint running at once; copies offered meanwhile wait in the queue for the next wave. */
export const SHADOW_CONCURRENCY = 2;

/** How long the first copy of a wave waits for others to join it, in milliseconds. */
export const SHADOW_WINDOW_MS = 5;

/** Most copies in one wave. */
export const SHADOW_WAVE = 256;

export interface ShadowTarget {
  /** The variant name (metrics label, fault key). */
  name: string;
  /** Percent of the requests copied to it (0–100). */
  weight: number;
  /** Its serving-window key (role shadow). */
  key: WindowKey;
}

/** One answered request offered to an endpoint's shadows. */
export interface ShadowOffer<T> {
  endpoint: string;
  /** The endpoint's bound on pending copies. */
  limit: number;
  /** What the caller got, and the primary's inference time. */
  primary: Prediction[];
  primaryMs: number;
  /** What the runner needs to run the copy (the body, the protocol). */
  payload: T;
}

/** Runs one copy on a shadow: its predictions and inference time, or null when it should not count (e.g. unloaded). */
export type ShadowRun<T> = (target: ShadowTarget, payload: T) => Promise<{ predictions: Prediction[]; inferMs: number } | null>;

export interface ShadowQueueOptions<T> {
  run: ShadowRun<T>;
  windows: ServingWindows;
  /** A copy dropped by a full queue (for the metrics). */
  onDrop: (endpoint: string, variant: string) => void;
  /** Waves of one endpoint running at once (default SHADOW_CONCURRENCY). */
  concurrency?: number;
  /** Gathering window of a wave in milliseconds (default SHADOW_WINDOW_MS; 0: the next turn of the event loop). */
  windowMs?: number;
}

export interface ShadowQueue<T> {
  /** Samples each shadow, queues the copies that fit and drops (and counts) the rest. Never waits. */
  offer(offer: ShadowOffer<T>, targets: readonly ShadowTarget[]): void;
  /** Copies waiting or running, over every endpoint. */
  depth(): number;
  /** Stops taking copies, forgets the waiting ones, and resolves when the running ones are done. */
  close(): Promise<void>;
}

/** The shadow's answer against the caller's, row by row. */
export function compareAnswers(primary: readonly Prediction[], shadow: readonly Prediction[]): Omit<ShadowComparison, 'latencyDiffMs'> {
  const rows = Math.min(primary.length, shadow.length);
  let agreed = primary.length === shadow.length;
  let squaredErrorSum = 0;
  for (let r = 0; r < rows; r++) {
    const p = primary[r];
    const s = shadow[r];
    let d: number;
    if (isValuePrediction(p) || isValuePrediction(s)) {
      // Regressors: the values' difference; they agree when equal to float32 rounding.
      const pv = isValuePrediction(p) ? p.value : NaN;
      const sv = isValuePrediction(s) ? s.value : NaN;
      d = sv - pv;
      if (!(Math.abs(d) <= 1e-6 * Math.max(1, Math.abs(pv)))) agreed = false;
    } else {
      if (p.label !== s.label) agreed = false;
      d = (s.probabilities[p.label] ?? 0) - (p.probabilities[p.label] ?? 0);
    }
    squaredErrorSum += d * d;
  }
  return { agreed, squaredErrorSum, rows };
}

interface Job<T> {
  target: ShadowTarget;
  offer: ShadowOffer<T>;
}

interface Lane<T> {
  waiting: Job<T>[];
  /** Copies in the waves running now. */
  running: number;
  waves: number;
  /** Cancels the timed start of the next wave, while one is timed. */
  cancel?: () => void;
}

export function createShadowQueue<T>(opts: ShadowQueueOptions<T>): ShadowQueue<T> {
  const concurrency = opts.concurrency ?? SHADOW_CONCURRENCY;
  const lanes = new Map<string, Lane<T>>();
  let pending = 0;
  let closed = false;
  const running = new Set<Promise<void>>();

  const runJob = async ({ target, offer }: Job<T>): Promise<void> => {
    try {
      const out = await opts.run(target, offer.payload);
      if (out === null) return;
      const c = compareAnswers(offer.primary, out.predictions);
      opts.windows.shadowRan(target.key, out.inferMs, { ...c, latencyDiffMs: out.inferMs - offer.primaryMs });
    } catch {
      // The shadow failed (its model, its input, an injected fault): an error of the shadow, never the caller's.
      opts.windows.shadowRan(target.key, 0, null);
    }
  };

  const windowMs = opts.windowMs ?? SHADOW_WINDOW_MS;

  /** Starts the lane's next wave after the window, unless one is already timed or the lane is at its limit. */
  const schedule = (endpoint: string, lane: Lane<T>) => {
    if (lane.cancel || closed || lane.waves >= concurrency || lane.waiting.length === 0) return;
    const fire = () => {
      lane.cancel = undefined;
      pump(endpoint, lane);
    };
    // Always a later turn of the event loop: the caller's answer goes out first.
    if (windowMs > 0) {
      const t = setTimeout(fire, windowMs).unref();
      lane.cancel = () => clearTimeout(t);
    } else {
      const t = setImmediate(fire).unref();
      lane.cancel = () => clearImmediate(t);
    }
  };

  /** Runs every waiting copy (up to SHADOW_WAVE) as one wave: their runner calls start in the same tick. */
  const pump = (endpoint: string, lane: Lane<T>) => {
    if (closed || lane.waves >= concurrency || lane.waiting.length === 0) return;
    const wave = lane.waiting.splice(0, SHADOW_WAVE);
    lane.waves += 1;
    lane.running += wave.length;
    const p = Promise.all(wave.map(runJob)).then(() => {
      lane.waves -= 1;
      lane.running -= wave.length;
      pending -= wave.length;
      running.delete(p);
      if (lane.waves === 0 && lane.waiting.length === 0 && !lane.cancel) lanes.delete(endpoint);
      else schedule(endpoint, lane);
    });
    running.add(p);
  };

  return {
    offer(offer, targets) {
      if (closed) return;
      let queued = false;
      for (const target of targets) {
        if (target.weight <= 0 || (target.weight < 100 && Math.random() * 100 >= target.weight)) continue;
        let lane = lanes.get(offer.endpoint);
        if (lane && lane.running + lane.waiting.length >= offer.limit) {
          opts.windows.shadowDropped(target.key);
          opts.onDrop(offer.endpoint, target.name);
          continue;
        }
        if (offer.limit <= 0) {
          opts.windows.shadowDropped(target.key);
          opts.onDrop(offer.endpoint, target.name);
          continue;
        }
        if (!lane) {
          lane = { waiting: [], running: 0, waves: 0 };
          lanes.set(offer.endpoint, lane);
        }
        lane.waiting.push({ target, offer });
        pending += 1;
        queued = true;
      }
      const lane = lanes.get(offer.endpoint);
      if (queued && lane) schedule(offer.endpoint, lane);
    },
    depth: () => pending,
    async close() {
      closed = true;
      for (const lane of lanes.values()) {
        pending -= lane.waiting.length;
        lane.waiting.length = 0;
        lane.cancel?.();
        lane.cancel = undefined;
      }
      await Promise.allSettled([...running]);
    },
  };
}
