// Learning-rate schedules, computed in JS once per step and fed to the train-step graph as a scalar input.
import { ConfigError } from '../errors';

export type ScheduleName = 'constant' | 'cosine' | 'step';

export interface ScheduleOptions {
  name: ScheduleName;
  /** Linear warm-up over this many epochs (may be fractional). Default 0. */
  warmupEpochs?: number;
  /** step: multiply the rate by `gamma` every `stepEpochs` epochs. Defaults 0.1 and 10. */
  gamma?: number;
  stepEpochs?: number;
  /** cosine: the rate the curve ends at. Default 0. */
  minLearningRate?: number;
}

export interface SchedulePosition {
  /** 0-based step over the whole run. */
  step: number;
  stepsPerEpoch: number;
  epochs: number;
}

export function validateSchedule(s: ScheduleOptions): void {
  if (!['constant', 'cosine', 'step'].includes(s.name)) throw new ConfigError(`unknown schedule "${s.name}" (constant, cosine or step)`);
  if (!((s.warmupEpochs ?? 0) >= 0)) throw new ConfigError(`warmupEpochs must be ≥ 0, got ${s.warmupEpochs}`);
  const gamma = s.gamma ?? 0.1;
  if (!(gamma > 0 && gamma <= 1)) throw new ConfigError(`gamma must be in (0, 1], got ${gamma}`);
  const every = s.stepEpochs ?? 10;
  if (!(Number.isInteger(every) && every >= 1)) throw new ConfigError(`stepEpochs must be a positive integer, got ${every}`);
  if (!((s.minLearningRate ?? 0) >= 0)) throw new ConfigError(`minLearningRate must be ≥ 0, got ${s.minLearningRate}`);
}

/**
 * The learning rate at a step. Warm-up covers the first W = round(warmupEpochs · stepsPerEpoch) steps and rises
 * linearly to `base`: base·(step + 1)/W. After it:
 *   constant: base
 *   cosine:   min + (base − min)·(1 + cos(π·p))/2, p = (step − W)/(total − W) running from 0 towards 1
 *   step:     base·gamma^⌊epoch/stepEpochs⌋, epochs counted from the start of training (0-based)
 */
export function learningRateAt(base: number, s: ScheduleOptions, at: SchedulePosition): number {
  const warmup = Math.round((s.warmupEpochs ?? 0) * at.stepsPerEpoch);
  if (at.step < warmup) return (base * (at.step + 1)) / warmup;
  switch (s.name) {
    case 'constant':
      return base;
    case 'cosine': {
      const min = s.minLearningRate ?? 0;
      const p = (at.step - warmup) / Math.max(1, at.epochs * at.stepsPerEpoch - warmup);
      return min + ((base - min) * (1 + Math.cos(Math.PI * Math.min(p, 1)))) / 2;
    }
    case 'step':
      return base * (s.gamma ?? 0.1) ** Math.floor(Math.floor(at.step / at.stepsPerEpoch) / (s.stepEpochs ?? 10));
  }
}
