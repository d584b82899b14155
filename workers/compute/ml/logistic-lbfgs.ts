// train.logistic's full-batch solver: L-BFGS on the objective graph (loss and derived gradient over every row in
// one run()), the rows fed once as they are (no shuffle, no gather), one iteration per "epoch".
import { lbfgsConverged, lbfgsStart, lbfgsStep, type LbfgsState, type Objective, type StopReason } from './lbfgs';
import type { LogisticCheckpoint, TrainLogisticInput } from './logistic';
import { openSession, ort, type Device } from './onnx/session';
import { buildLogisticObjective } from './trainStep';
import { TrainingDivergedError } from '../errors';

interface LbfgsRun extends TrainLogisticInput {
  /** Standardized features. */
  Xs: Float32Array;
  startEpoch: number;
  /** Starting weights (zeros, or a checkpoint's). */
  W: Float32Array;
  b: Float32Array;
}

export async function trainLbfgs(input: LbfgsRun): Promise<{
  W: Float32Array; b: Float32Array; lossCurve: number[]; lastEpoch: number; device: Device; fallbackReason?: string; stop?: StopReason;
}> {
  const { rows, features, classes, y, epochs } = input;
  const F = features.length;
  const C = classes.length;
  const P = F * C;
  const Y = new Float32Array(rows * C);
  for (let r = 0; r < rows; r++) Y[r * C + y[r]] = 1;
  const { session, device, fallbackReason } = await openSession(buildLogisticObjective(F, C, input.l2), input.device ?? 'cpu');
  const feeds = { X: new ort.Tensor('float32', input.Xs, [rows, F]), Y: new ort.Tensor('float32', Y, [rows, C]) };
  const Wf = new Float32Array(P);
  const bf = new Float32Array(C);
  const objective: Objective = async (x) => {
    for (let i = 0; i < P; i++) Wf[i] = x[i];
    for (let c = 0; c < C; c++) bf[c] = x[P + c];
    const out = await session.run({ ...feeds, W: new ort.Tensor('float32', Wf, [F, C]), b: new ort.Tensor('float32', bf, [C]) });
    const g = new Float64Array(P + C);
    g.set(out.gW.data as Float32Array);
    g.set(out.gb.data as Float32Array, P);
    return { f: (out.loss.data as Float32Array)[0], g };
  };
  const tolerance = input.tolerance ?? 1e-4;
  const lossCurve: number[] = [];
  let lastEpoch = input.startEpoch;
  let stop: StopReason | undefined;
  let state: LbfgsState | undefined = input.checkpoint?.lbfgs;
  try {
    if (!state) {
      const x0 = new Float64Array(P + C);
      x0.set(input.W);
      x0.set(input.b, P);
      state = await lbfgsStart(objective, x0);
    }
    if (lbfgsConverged(state, tolerance)) stop = 'gradient';
    for (let epoch = input.startEpoch + 1; epoch <= epochs && !stop && !input.shouldStop?.(); epoch++) {
      const step = await lbfgsStep(objective, state, { gtol: tolerance });
      state = step.state;
      stop = step.stop;
      lastEpoch = epoch;
      if (!Number.isFinite(state.f)) throw new TrainingDivergedError(`L-BFGS diverged at iteration ${epoch} (loss ${state.f})`);
      lossCurve.push(state.f);
      if (input.onEpoch) await input.onEpoch(epoch, state.f, checkpointOf(input, epoch, state));
    }
  } finally {
    await session.release();
  }
  const x = state.x;
  return {
    W: Float32Array.from(x.slice(0, P)), b: Float32Array.from(x.slice(P)), lossCurve, lastEpoch, device,
    ...(fallbackReason ? { fallbackReason } : {}), ...(stop ? { stop } : {}),
  };
}

function checkpointOf(input: LbfgsRun, epoch: number, state: LbfgsState): LogisticCheckpoint {
  const P = input.features.length * input.classes.length;
  return {
    version: 2, epoch, features: [...input.features], classes: [...input.classes],
    weights: Array.from(Float32Array.from(state.x.slice(0, P))), bias: Array.from(Float32Array.from(state.x.slice(P))),
    velocityW: new Array<number>(P).fill(0), velocityB: new Array<number>(input.classes.length).fill(0), lbfgs: state,
  };
}
