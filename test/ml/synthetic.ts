// Generated problems for the MLP, linear and metric tests: small, seeded, with known answers.
import { mulberry32 } from '../../workers/compute/random';

function normalFrom(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Two concentric rings (radius < 1 inside, 1.6–2.2 outside): no straight line separates them. */
export function circles(rows: number, seed = 1) {
  const rand = mulberry32(seed);
  const X = new Float32Array(rows * 2);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const outer = i % 2;
    const r = outer ? 1.6 + 0.6 * rand() : rand();
    const a = 2 * Math.PI * rand();
    X[2 * i] = 10 + 3 * r * Math.cos(a); // offset and scale: standardization must handle them
    X[2 * i + 1] = r * Math.sin(a);
    y[i] = outer;
  }
  return { X, y, rows, features: ['u', 'v'], classes: ['inner', 'outer'] };
}

/** y = 1000·(sin(a)·cos(b) + a/2) + 5000 on [−2, 2]²: smooth, far from zero mean and unit scale. */
export function smooth(rows: number, seed = 2) {
  const rand = mulberry32(seed);
  const X = new Float32Array(rows * 2);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = Math.fround(4 * rand() - 2);
    const b = Math.fround(4 * rand() - 2);
    X[2 * i] = a;
    X[2 * i + 1] = b;
    y[i] = 1000 * (Math.sin(a) * Math.cos(b) + a / 2) + 5000;
  }
  return { X, y, rows, features: ['a', 'b'] };
}

/** One feature; class 1 is rare (10 %) and overlaps class 0: an unweighted fit rarely predicts it. */
export function imbalanced(rows: number, seed = 3) {
  const rand = mulberry32(seed);
  const normal = normalFrom(rand);
  const X = new Float32Array(rows);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = i % 10 === 0 ? 1 : 0;
    X[i] = normal() + y[i];
  }
  return { X, y, rows, features: ['x'], classes: ['common', 'rare'] };
}

/** Labels that are pure noise: a network can only memorize them, so the validation loss soon rises. */
export function noise(rows: number, seed = 4) {
  const rand = mulberry32(seed);
  const X = Float32Array.from({ length: rows * 4 }, () => rand());
  const y = Int32Array.from({ length: rows }, () => (rand() < 0.5 ? 0 : 1));
  return { X, y, rows, features: ['a', 'b', 'c', 'd'], classes: ['p', 'q'] };
}

/** y = X·β + c exactly (in float64, from the float32 X), with features of very different scales. */
export function linearProblem(rows: number, seed = 5) {
  const rand = mulberry32(seed);
  const normal = normalFrom(rand);
  const beta = [2.5, -1.25, 0.001, 40];
  const scale = [1, 100, 1000, 0.01];
  const X = new Float32Array(rows * 4);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    y[r] = 7.5;
    for (let j = 0; j < 4; j++) {
      X[r * 4 + j] = Math.fround(scale[j] * normal() + j);
      y[r] += beta[j] * X[r * 4 + j];
    }
  }
  return { X, y, rows, features: ['a', 'b', 'c', 'd'], beta, intercept: 7.5 };
}

export function accuracy(labels: ArrayLike<number>, y: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (labels[i] === y[i]) ok++;
  return ok / y.length;
}
