// The in-graph dropout mask: the right share of zeros, the right scale, a pure function of (key, salt).
import { describe, expect, it } from 'vitest';
import { Trace } from '../../workers/compute/ml/autodiff';
import { dropoutMask } from '../../workers/compute/ml/dropout';
import { GraphBuilder } from '../../workers/compute/ml/onnx/graph';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';

async function masks(rate: number, runs: { key: number; rows: number }[]): Promise<Float32Array[]> {
  const t = new Trace(new GraphBuilder('dropout'));
  const x = t.input('x', 'float32', ['B', 64]);
  const key = t.input('key', 'int64', []);
  t.output(dropoutMask(x, rate, key, 0), 'm0');
  t.output(dropoutMask(x, rate, key, 1), 'm1');
  const { session } = await openSession(t.graph.encodeModel());
  const out: Float32Array[] = [];
  for (const r of runs) {
    const res = await session.run({
      x: new ort.Tensor('float32', new Float32Array(r.rows * 64), [r.rows, 64]), key: new ort.Tensor('int64', BigInt64Array.of(BigInt(r.key)), []),
    });
    out.push(res.m0.data as Float32Array, res.m1.data as Float32Array);
  }
  await session.release();
  return out;
}

describe('dropoutMask', () => {
  it('zeroes about `rate` of the units and scales the rest by 1/(1 − rate)', async () => {
    const [m] = await masks(0.3, [{ key: 12345, rows: 500 }]);
    const zeros = m.filter((v) => v === 0).length / m.length;
    expect(Math.abs(zeros - 0.3)).toBeLessThan(0.01); // 32 000 draws: σ ≈ 0.0026
    expect(new Set(m)).toEqual(new Set([0, Math.fround(1 / 0.7)]));
    // Neighbours are not correlated: P(both kept) ≈ 0.7².
    let both = 0;
    for (let i = 1; i < m.length; i++) if (m[i] > 0 && m[i - 1] > 0) both++;
    expect(Math.abs(both / (m.length - 1) - 0.49)).toBeLessThan(0.015);
  });

  it('is a function of key and salt only', async () => {
    const [a0, a1, b0, , c0] = await masks(0.5, [{ key: 7, rows: 20 }, { key: 7, rows: 20 }, { key: 8, rows: 20 }]);
    expect(Array.from(b0)).toEqual(Array.from(a0)); // same key: same mask
    expect(Array.from(a1)).not.toEqual(Array.from(a0)); // another layer (salt)
    expect(Array.from(c0)).not.toEqual(Array.from(a0)); // another step (key)
  });
});
