// trainMlp: learns what logistic regression cannot, regresses a smooth function, is deterministic with dropout,
// resumes bitwise from a JSON checkpoint, stops early on the best epoch, weighs classes, reports divergence.
import { describe, expect, it } from 'vitest';
import { trainLogistic } from '../../workers/compute/ml/logistic';
import { trainMlp, type MlpCheckpoint, type MlpEpochInfo, type TrainMlpInput } from '../../workers/compute/ml/mlp';
import { predictMlp } from '../../workers/compute/ml/mlp-eval';
import { accuracy, circles, imbalanced, noise, smooth } from './synthetic';

const ring = circles(400);
const ringBase: TrainMlpInput = {
  ...ring, task: 'classification', hidden: [16, 16], learningRate: 0.01, batchSize: 32, epochs: 40, seed: 7,
};

async function labelsOf(model: Awaited<ReturnType<typeof trainMlp>>, X: Float32Array, rows: number): Promise<Int32Array> {
  const p = await predictMlp(model, X, rows);
  if (p.task !== 'classification') throw new Error('expected a classifier');
  return p.labels;
}

const bits = (params: Float32Array[]) => params.map((p) => Array.from(p));

describe('trainMlp', () => {
  it('separates concentric circles, where logistic regression stays near chance', async () => {
    const logistic = await trainLogistic({ ...ring, epochs: 40, learningRate: 0.1, batchSize: 32, l2: 0, seed: 7 });
    let ok = 0;
    for (let r = 0; r < ring.rows; r++) {
      const z = [0, 1].map((c) => logistic.bias[c] + [0, 1].reduce((a, j) =>
        a + ((ring.X[r * 2 + j] - logistic.mean[j]) / logistic.std[j]) * logistic.weights[j * 2 + c], 0));
      if ((z[1] > z[0] ? 1 : 0) === ring.y[r]) ok++;
    }
    expect(ok / ring.rows).toBeLessThan(0.65);

    const seen: MlpEpochInfo[] = [];
    const model = await trainMlp({ ...ringBase, activation: 'gelu', onEpoch: (info) => void seen.push(info) });
    expect(accuracy(await labelsOf(model, ring.X, ring.rows), ring.y)).toBeGreaterThanOrEqual(0.95);
    expect(seen.map((s) => s.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(seen[39].trainLoss).toBeLessThan(seen[0].trainLoss / 4);
    expect(seen[0].samplesPerSecond).toBeGreaterThan(0);
    expect(seen[0].lr).toBe(0.01);
    expect(seen[0].valLoss).toBeUndefined();
    expect(model.lossCurve).toEqual(seen.map((s) => s.trainLoss));
  });

  it('regresses a smooth function to a low RMSE in the target’s own units', async () => {
    const data = smooth(800);
    const test = smooth(200, 99);
    const model = await trainMlp({
      ...data, task: 'regression', hidden: [32, 32], activation: 'tanh', learningRate: 0.01, batchSize: 32,
      epochs: 60, seed: 3, schedule: 'cosine', warmupEpochs: 1,
    });
    expect(model.targetMean).toBeGreaterThan(4000); // standardized internally
    const p = await predictMlp(model, test.X, test.rows);
    if (p.task !== 'regression') throw new Error('expected a regressor');
    let sq = 0;
    for (let i = 0; i < test.rows; i++) sq += (p.predictions[i] - test.y[i]) ** 2;
    const rmse = Math.sqrt(sq / test.rows);
    console.log(`smooth regression: test RMSE ${rmse.toFixed(2)} (target std ≈ 1000)`);
    expect(rmse).toBeLessThan(50);
  });

  it('is bitwise deterministic for a seed, dropout included, and the seed matters', async () => {
    const cfg: TrainMlpInput = { ...ringBase, epochs: 5, dropout: 0.2, validationFraction: 0.2 };
    const a = await trainMlp(cfg);
    const b = await trainMlp(cfg);
    const c = await trainMlp({ ...cfg, seed: 8 });
    expect(bits(a.params)).toEqual(bits(b.params));
    expect(a.valLossCurve).toEqual(b.valLossCurve);
    expect(bits(a.params)).not.toEqual(bits(c.params));
    // Dropout is on: the same run without it differs.
    const d = await trainMlp({ ...cfg, dropout: 0 });
    expect(bits(a.params)).not.toEqual(bits(d.params));
  });

  it('resumes from a JSON checkpoint bitwise identical to an uninterrupted run', async () => {
    const cfg: TrainMlpInput = {
      ...ringBase, epochs: 6, dropout: 0.1, optimizer: 'adamw', weightDecay: 0.05, l2: 1e-4, clipNorm: 1,
      schedule: 'cosine', warmupEpochs: 1, validationFraction: 0.25, patience: 50,
    };
    let at3: MlpCheckpoint | undefined;
    const full = await trainMlp({
      ...cfg,
      onEpoch: (info, ck) => {
        if (info.epoch === 3) at3 = JSON.parse(JSON.stringify(ck)) as MlpCheckpoint; // as a heartbeat carries it
      },
    });
    expect(at3?.epoch).toBe(3);
    expect(at3?.best?.epoch).toBeGreaterThanOrEqual(1);
    const seen: number[] = [];
    const resumed = await trainMlp({ ...cfg, checkpoint: at3, onEpoch: (info) => void seen.push(info.epoch) });
    expect(seen).toEqual([4, 5, 6]);
    expect(resumed.startEpoch).toBe(3);
    expect(bits(resumed.params)).toEqual(bits(full.params));
    expect(resumed.lossCurve).toEqual(full.lossCurve.slice(3));
    expect(resumed.valLossCurve).toEqual(full.valLossCurve.slice(3));
    expect(resumed.bestEpoch).toBe(full.bestEpoch);
  });

  it('refuses a checkpoint made for another model', async () => {
    let ck: MlpCheckpoint | undefined;
    await trainMlp({ ...ringBase, epochs: 1, onEpoch: (_i, c) => void (ck = c) });
    await expect(trainMlp({ ...ringBase, hidden: [8], checkpoint: ck })).rejects.toThrow(/different model/);
  });

  it('stops early when the validation loss stops improving and restores the best epoch', async () => {
    const data = noise(200);
    const patience = 3;
    const params = new Map<number, number[][]>();
    let last: MlpCheckpoint | undefined;
    const cfg: TrainMlpInput = {
      ...data, task: 'classification', hidden: [64, 64], learningRate: 0.01, batchSize: 16, epochs: 200, seed: 1,
      validationFraction: 0.3, patience,
    };
    const model = await trainMlp({
      ...cfg,
      onEpoch: (info, ck) => {
        params.set(info.epoch, ck.params);
        last = JSON.parse(JSON.stringify(ck)) as MlpCheckpoint;
      },
    });
    expect(model.stoppedEarly).toBe(true);
    expect(model.epochs).toBeLessThan(200);
    const best = model.valLossCurve.indexOf(Math.min(...model.valLossCurve)) + 1;
    expect(model.bestEpoch).toBe(best);
    expect(model.epochs).toBe(best + patience);
    expect(bits(model.params)).toEqual(params.get(best));
    expect(bits(model.params)).not.toEqual(params.get(model.epochs));
    // Resumed from the checkpoint of the epoch it stopped at, it trains nothing more and ends the same way.
    const resumed = await trainMlp({ ...cfg, checkpoint: last });
    expect(resumed.lossCurve).toEqual([]);
    expect(resumed.stoppedEarly).toBe(true);
    expect(resumed.bestEpoch).toBe(best);
    expect(bits(resumed.params)).toEqual(params.get(best));
  });

  it('lets class weights move the decision towards a rare class', async () => {
    const data = imbalanced(1000);
    const cfg: TrainMlpInput = { ...data, task: 'classification', hidden: [], learningRate: 0.05, batchSize: 50, epochs: 20, seed: 2 };
    const plain = await labelsOf(await trainMlp(cfg), data.X, data.rows);
    const weighted = await labelsOf(await trainMlp({ ...cfg, classWeights: 'balanced' }), data.X, data.rows);
    const rareRecall = (labels: Int32Array) => {
      let hit = 0;
      for (let i = 0; i < data.rows; i++) if (data.y[i] === 1 && labels[i] === 1) hit++;
      return hit / (data.rows / 10);
    };
    expect(rareRecall(plain)).toBeLessThan(0.25);
    expect(rareRecall(weighted)).toBeGreaterThan(0.6);
    const explicit = await labelsOf(await trainMlp({ ...cfg, classWeights: [1, 9] }), data.X, data.rows);
    expect(rareRecall(explicit)).toBeGreaterThan(0.6);
  });

  it('reports divergence with what to change', async () => {
    const data = smooth(100);
    await expect(
      trainMlp({ ...data, task: 'regression', hidden: [8], optimizer: 'sgd', learningRate: 1e6, batchSize: 10, epochs: 5, seed: 1 }),
    ).rejects.toThrow(/diverged at epoch 1.*lower learningRate/);
  });

  it('refuses settings that cannot work, naming them', async () => {
    await expect(trainMlp({ ...ringBase, patience: 3 })).rejects.toThrow(/needs a validation split/);
    await expect(trainMlp({ ...ringBase, optimizer: 'sgd', weightDecay: 0.1 })).rejects.toThrow(/use l2/);
    await expect(trainMlp({ ...ringBase, dropout: 1 })).rejects.toThrow(/dropout must be in \[0, 1\)/);
    await expect(trainMlp({ ...ringBase, hidden: [0] })).rejects.toThrow(/positive integers/);
  });

  it("falls back to cpu when 'cuda' cannot load, recording why", async () => {
    const m = await trainMlp({ ...ringBase, epochs: 1, device: 'cuda' });
    expect(m.device).toBe('cpu');
    expect(m.deviceFallbackReason).toMatch(/^cuda unavailable: /);
  });
});
