// Shared fixtures for the ML tests.
import { mulberry32 } from '../../workers/compute/random';

/** Three well separated Gaussian blobs in 2-D (plus a constant feature, to exercise std = 1 handling). */
export function blobs(perClass: number, seed = 1) {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centers = [
    [0, 0],
    [6, 0],
    [0, 6],
  ];
  const rows = perClass * centers.length;
  const X = new Float32Array(rows * 3);
  const y = new Int32Array(rows);
  let r = 0;
  for (let c = 0; c < centers.length; c++) {
    for (let k = 0; k < perClass; k++, r++) {
      X[r * 3] = 100 + 10 * (centers[c][0] + normal()); // large offset/scale: standardization must handle it
      X[r * 3 + 1] = centers[c][1] + normal();
      X[r * 3 + 2] = 7;
      y[r] = c;
    }
  }
  return { X, y, rows, features: ['a', 'b', 'const'], classes: ['x', 'y', 'z'] };
}

export function softmaxRow(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / s);
}
