// Data for the monitoring window and workflow tests: a seeded training table (a ~ N(0, 1), b ~ N(10, 2),
// c ~ U(0, 100), species 40/30/30 %), its profile registered with a model version, and prediction log entries
// whose features are the training distribution's own quantiles (so a and c cannot drift) with b shifted by
// `shift` (two standard deviations drift on every test).
import { tableFromArrays, type Table } from 'apache-arrow';
import type { Db } from '../../server/db/client';
import { registerModelVersion } from '../../server/db/repo/registry';
import { profileOfTable } from '../../server/monitoring/window';
import type { DataProfile } from '../../server/monitoring/stats/types';
import type { PredictionEntry } from '../../server/serving/prediction-log';
import { mulberry32 } from '../../workers/compute/random';

export const CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'] as const;
/** Class of the i-th row, 40/30/30 % exactly over any 10 consecutive rows. */
export const classOf = (i: number) => CLASSES[i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : 2];

export interface Training {
  table: Table;
  sorted: Record<'a' | 'b' | 'c', Float64Array>;
  profile: DataProfile;
}

export function trainingData(rows = 2000, seed = 12): Training {
  const rand = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  const c = new Float64Array(rows);
  const species: string[] = [];
  for (let i = 0; i < rows; i++) {
    a[i] = normal();
    b[i] = 10 + 2 * normal();
    c[i] = 100 * rand();
    species.push(classOf(i));
  }
  const table = tableFromArrays({ a, b, c, species });
  return {
    table,
    sorted: { a: a.slice().sort(), b: b.slice().sort(), c: c.slice().sort() },
    profile: profileOfTable(table, { features: ['a', 'b', 'c'], target: 'species' }),
  };
}

/** The training distribution's value at quantile q (its order statistic). */
export const quantileOf = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export async function registerWithProfile(db: Db, name: string, profile: DataProfile | null, version = 1) {
  const { row } = await registerModelVersion(db, {
    name, artifactUri: `artifact://sha256/${name}-${version}.onnx`, artifactHash: `${name}-${version}`, stage: 'staging',
    signature: { input: 'input', features: ['a', 'b', 'c'], outputs: ['label', 'probabilities'], target: 'species', classes: [...CLASSES] },
    trainingDatasets: [], metrics: {}, tags: {}, lineage: {}, profile,
  });
  return row;
}

/** Probabilities of a prediction: 0.8 for the predicted class, 0.1 for each other. */
export const probabilitiesFor = (label: string) => Object.fromEntries(CLASSES.map((k) => [k, k === label ? 0.8 : 0.1]));

/**
 * `n` one-row entries at `time(i)`: row i's features are the training quantiles at the stratified rank of a
 * permutation of i (b plus `shift`), its prediction classOf(i); `version(i)` picks the answering version.
 */
export function entries(
  t: Training,
  o: {
    endpoint: string; n: number; time: (i: number) => number; shift: number;
    version: (i: number) => { id: string; number: number }; prefix?: string;
  },
): PredictionEntry[] {
  const out: PredictionEntry[] = [];
  for (let i = 0; i < o.n; i++) {
    const q = (((i * 7) % o.n) + 0.5) / o.n;
    const v = o.version(i);
    const features: Record<string, number> = { a: quantileOf(t.sorted.a, q), b: quantileOf(t.sorted.b, q) + o.shift, c: quantileOf(t.sorted.c, q) };
    const label = classOf(i);
    out.push({
      requestId: `${o.prefix ?? 'r'}-${i}`, time: o.time(i), endpoint: o.endpoint, variant: `v${v.number}`,
      modelVersionId: v.id, modelVersion: v.number, latencyMs: 1.5, features: [features],
      predictions: [{ label, probabilities: probabilitiesFor(label) }],
    });
  }
  return out;
}
