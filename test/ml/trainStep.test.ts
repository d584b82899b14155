// Gradient check: one ONNX train step equals a float64 pure-TS reference of the same math.
import { describe, expect, it } from 'vitest';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import { mulberry32 } from '../../workers/compute/random';
import { buildTrainStep } from '../../workers/compute/ml/trainStep';

/** Reference step in float64: softmax cross-entropy + L2 on W, momentum SGD. */
function referenceStep(p: {
  X: number[]; Y: number[]; W: number[]; b: number[]; vW: number[]; vb: number[];
  B: number; F: number; C: number; lr: number; l2: number; mu: number;
}) {
  const { X, Y, W, b, vW, vb, B, F, C, lr, l2, mu } = p;
  const gW = W.map((w) => l2 * w);
  const gb = new Array<number>(C).fill(0);
  let ce = 0;
  for (let r = 0; r < B; r++) {
    const z = Array.from({ length: C }, (_, c) => b[c] + X.slice(r * F, r * F + F).reduce((a, x, j) => a + x * W[j * C + c], 0));
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
    for (let c = 0; c < C; c++) {
      const pc = Math.exp(z[c] - lse);
      ce -= (Y[r * C + c] * (z[c] - lse)) / B;
      const d = (pc - Y[r * C + c]) / B;
      gb[c] += d;
      for (let j = 0; j < F; j++) gW[j * C + c] += X[r * F + j] * d;
    }
  }
  const loss = ce + 0.5 * l2 * W.reduce((a, w) => a + w * w, 0);
  const vWn = vW.map((v, i) => mu * v + gW[i]);
  const vbn = vb.map((v, i) => mu * v + gb[i]);
  return { loss, vWn, vbn, Wn: W.map((w, i) => w - lr * vWn[i]), bn: b.map((v, i) => v - lr * vbn[i]) };
}

describe('logistic train step', () => {
  it('matches the pure-TS reference for one step to ~1e-5', async () => {
    const rand = mulberry32(7);
    const [B, F, C] = [5, 3, 4];
    const f32 = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
    const X = f32(B * F, 2);
    const Y = new Float32Array(B * C);
    for (let r = 0; r < B; r++) Y[r * C + Math.floor(rand() * C)] = 1;
    const W = f32(F * C);
    const b = f32(C);
    const vW = f32(F * C, 0.1);
    const vb = f32(C, 0.1);
    const [lr, l2, mu] = [0.1, 0.01, 0.9];

    const { session } = await openSession(buildTrainStep(F, C));
    const s = (v: number) => new ort.Tensor('float32', Float32Array.of(v), []);
    const out = await session.run({
      X: new ort.Tensor('float32', X, [B, F]),
      Y: new ort.Tensor('float32', Y, [B, C]),
      W: new ort.Tensor('float32', W, [F, C]),
      b: new ort.Tensor('float32', b, [C]),
      vW: new ort.Tensor('float32', vW, [F, C]),
      vb: new ort.Tensor('float32', vb, [C]),
      lr: s(lr), l2: s(l2), momentum: s(mu),
    });
    await session.release();
    // The reference sees exactly the float32 values ORT saw (incl. the rounded hyper-parameters).
    const ref = referenceStep({
      X: [...X], Y: [...Y], W: [...W], b: [...b], vW: [...vW], vb: [...vb], B, F, C,
      lr: Math.fround(lr), l2: Math.fround(l2), mu: Math.fround(mu),
    });
    const close = (got: ArrayLike<number>, want: number[]) => {
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5);
    };
    close(out.W_next.data as Float32Array, ref.Wn);
    close(out.b_next.data as Float32Array, ref.bn);
    close(out.vW_next.data as Float32Array, ref.vWn);
    close(out.vb_next.data as Float32Array, ref.vbn);
    close(out.loss.data as Float32Array, [ref.loss]);
    expect(out.loss.dims).toEqual([]);
  });
});
