// trainLogistic: learns a separable problem, is deterministic, resumes exactly, falls back from cuda.
import { describe, expect, it } from 'vitest';
import { trainLogistic, type LogisticCheckpoint, type TrainLogisticInput } from '../../workers/compute/ml/logistic';
import { blobs } from './helpers';

const data = blobs(100);
const base: TrainLogisticInput = { ...data, epochs: 30, learningRate: 0.1, batchSize: 16, l2: 1e-4, seed: 42 };

/** Accuracy of the trained (standardized-space) weights, computed in JS. */
function accuracy(m: Awaited<ReturnType<typeof trainLogistic>>): number {
  const F = m.features.length;
  const C = m.classes.length;
  let ok = 0;
  for (let r = 0; r < data.rows; r++) {
    let best = -1;
    let bestZ = -Infinity;
    for (let c = 0; c < C; c++) {
      let z = m.bias[c];
      for (let j = 0; j < F; j++) z += ((data.X[r * F + j] - m.mean[j]) / m.std[j]) * m.weights[j * C + c];
      if (z > bestZ) [best, bestZ] = [c, z];
    }
    if (best === data.y[r]) ok++;
  }
  return ok / data.rows;
}

describe('trainLogistic', () => {
  it('separates three blobs and the loss decreases', async () => {
    const epochs: number[] = [];
    const m = await trainLogistic({ ...base, onEpoch: (e) => void epochs.push(e) });
    expect(accuracy(m)).toBeGreaterThanOrEqual(0.97);
    expect(m.lossCurve).toHaveLength(30);
    expect(m.lossCurve[29]).toBeLessThan(m.lossCurve[0] / 5);
    expect(m.lossCurve[0]).toBeLessThan(Math.log(3) + 1e-6); // zero init starts at ≈ log C
    expect(epochs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(m.device).toBe('cpu');
    expect(m.std[2]).toBe(1); // constant feature
  });

  it('is deterministic for a seed, and the seed matters', async () => {
    const a = await trainLogistic(base);
    const b = await trainLogistic(base);
    const c = await trainLogistic({ ...base, seed: 43 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(Array.from(a.bias)).toEqual(Array.from(b.bias));
    expect(Array.from(a.weights)).not.toEqual(Array.from(c.weights));
  });

  it('resumes from a checkpoint to the same weights as an uninterrupted run', async () => {
    const cfg = { ...base, epochs: 10 };
    let at5: LogisticCheckpoint | undefined;
    const full = await trainLogistic({
      ...cfg,
      onEpoch: (e, _l, ck) => {
        if (e === 5) at5 = JSON.parse(JSON.stringify(ck)); // as it would travel in a heartbeat
      },
    });
    expect(at5?.epoch).toBe(5);
    const seen: number[] = [];
    const resumed = await trainLogistic({ ...cfg, checkpoint: at5, onEpoch: (e) => void seen.push(e) });
    expect(seen).toEqual([6, 7, 8, 9, 10]);
    expect(Array.from(resumed.weights)).toEqual(Array.from(full.weights));
    expect(Array.from(resumed.bias)).toEqual(Array.from(full.bias));
    expect(resumed.startEpoch).toBe(5);
    expect(resumed.lossCurve).toEqual(full.lossCurve.slice(5)); // the checkpoint holds the state, not the history
  });

  it('refuses a checkpoint made for other classes', async () => {
    const ck: LogisticCheckpoint = {
      version: 2, epoch: 1, features: data.features, classes: ['p', 'q', 'r'],
      weights: [], bias: [], velocityW: [], velocityB: [],
    };
    await expect(trainLogistic({ ...base, checkpoint: ck })).rejects.toThrow(/different features or classes/);
  });

  it("falls back to cpu when 'cuda' cannot load, recording why", async () => {
    const m = await trainLogistic({ ...base, epochs: 2, device: 'cuda' });
    expect(m.device).toBe('cpu');
    expect(m.deviceFallbackReason).toMatch(/^cuda unavailable: /);
    console.log('cuda fallback reason:', m.deviceFallbackReason);
  });
});
