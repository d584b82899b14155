// Preprocessing fitted on a table and compiled into ONNX: the compiled graph, fed the raw columns (text, nulls and
// categories never seen included), gives bit for bit the features the table side computed; the fitted values
// match their definitions (population std, median, most frequent, quantile cuts); mistakes are refused by name.
import { describe, expect, it } from 'vitest';
import type { FittedTransform, Preprocessing } from '../../dsl/refs';
import { columnsOf, tableFromColumns, type Column } from '../../workers/compute/data/columns';
import {
  applyTransform, fitBucketize, fitImpute, fitOnehot, fitStandardize,
} from '../../workers/compute/data/preprocess';
import { tableToMatrix } from '../../workers/compute/ml/matrix';
import { GraphBuilder } from '../../workers/compute/ml/onnx/graph';
import { openSession, ort } from '../../workers/compute/ml/onnx/session';
import { MISSING_TEXT, modelColumns, withPreprocessing } from '../../workers/compute/ml/preprocess-graph';
import type * as arrow from 'apache-arrow';

const valid = (xs: unknown[]) => Uint8Array.from(xs, (x) => (x === null ? 0 : 1));

/** 8 training rows: a number with a null, an integer code, an island (text, one null), a mass. */
function rawTable(rows: { x: number | null; code: number; island: string | null; mass: number }[]): arrow.Table {
  const cols: Column[] = [
    { name: 'x', type: 'number', values: Float64Array.from(rows, (r) => r.x ?? 0), valid: valid(rows.map((r) => r.x)) },
    { name: 'code', type: 'integer', values: Int32Array.from(rows, (r) => r.code), valid: null },
    { name: 'island', type: 'string', values: rows.map((r) => r.island ?? ''), valid: valid(rows.map((r) => r.island)) },
    { name: 'mass', type: 'number', values: Float64Array.from(rows, (r) => r.mass), valid: null },
    { name: 'species', type: 'string', values: rows.map((_, i) => (i % 2 ? 'a' : 'b')), valid: null },
  ];
  return tableFromColumns(cols);
}

const TRAIN = rawTable([
  { x: 1.5, code: 1, island: 'Biscoe', mass: 3500 },
  { x: 2.25, code: 2, island: 'Dream', mass: 3900 },
  { x: null, code: 1, island: 'Biscoe', mass: 4100 },
  { x: 4.0, code: 3, island: 'Torgersen', mass: 4700 },
  { x: 0.1, code: 2, island: null, mass: 5200 },
  { x: 3.3, code: 1, island: 'Dream', mass: 3650 },
  { x: 2.0, code: 3, island: 'Biscoe', mass: 4450 },
  { x: 1.1, code: 2, island: 'Biscoe', mass: 6000 },
]);

/** Rows the model must also take: a category never seen, nulls everywhere they are allowed, a value past every cut. */
const SERVE = rawTable([
  { x: null, code: 7, island: 'Atlantis', mass: 9000 },
  { x: 2.5, code: 1, island: null, mass: 1000 },
  { x: -3, code: 3, island: 'Dream', mass: 4450 },
]);

/** Fits the chain on TRAIN, one transform after another (each on the table the previous one made). */
function fitChain(fits: Array<(t: arrow.Table) => FittedTransform>): { table: arrow.Table; pre: Preprocessing } {
  let table = TRAIN;
  const transforms: FittedTransform[] = [];
  for (const fit of fits) {
    const t = fit(table);
    transforms.push(t);
    table = applyTransform(table, t);
  }
  const inputs = columnsOf(TRAIN).map((c) => ({ name: c.name, type: c.type }));
  return { table, pre: { source: 'raw', inputs, transforms } };
}

/** A model that returns its features as they are: what the preprocessing feeds the network. */
function identityModel(features: string[]) {
  const g = new GraphBuilder('identity');
  g.input('features', 'float32', ['N', features.length]);
  g.op('Identity', ['features'], {}, 'out');
  g.output('out', 'float32', ['N', features.length]);
  return { bytes: g.encodeModel(), signature: { input: 'features', features, outputs: ['out'], target: 'species', classes: [] } };
}

/** The raw columns of `table` as the model's feeds: float32 with NaN for null, text with '' for null. */
function feeds(table: arrow.Table, names: string[]): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const c of columnsOf(table).filter((c) => names.includes(c.name))) {
    const missing = (i: number) => c.valid !== null && c.valid[i] === 0;
    out[c.name] = c.type === 'string'
      ? new ort.Tensor('string', c.values.map((v, i) => (missing(i) ? MISSING_TEXT : v)), [c.values.length, 1])
      : new ort.Tensor('float32', Float32Array.from(c.values as ArrayLike<number>, (v, i) => (missing(i) ? NaN : v)), [c.values.length, 1]);
  }
  return out;
}

const CHAIN = [
  (t: arrow.Table) => fitImpute(t, 'x', 'median'),
  (t: arrow.Table) => fitStandardize(t, 'x'),
  (t: arrow.Table) => fitImpute(t, 'island', 'most_frequent'),
  (t: arrow.Table) => fitOnehot(t, 'island', 10),
  (t: arrow.Table) => fitOnehot(t, 'code', 10),
  (t: arrow.Table) => fitBucketize(t, 'mass', { buckets: 4 }),
];

describe('preprocessing compiled into the model', () => {
  it('fits what the definitions say', () => {
    const { pre } = fitChain(CHAIN);
    const [impute, standardize, imputeText, island, code, mass] = pre.transforms;
    expect(impute).toEqual({ kind: 'impute', column: 'x', strategy: 'median', value: Math.fround(2) });
    // x after the median fill: 1.5, 2.25, 2, 4, 0.1, 3.3, 2, 1.1 (float32), population std.
    const xs = [1.5, 2.25, 2, 4, 0.1, 3.3, 2, 1.1].map(Math.fround);
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    expect(standardize).toEqual({ kind: 'standardize', column: 'x', mean: Math.fround(mean), std: Math.fround(Math.sqrt(xs.reduce((a, v) => a + (v - mean) ** 2, 0) / xs.length)) });
    expect(imputeText).toEqual({ kind: 'impute', column: 'island', strategy: 'most_frequent', value: 'Biscoe', known: ['Biscoe', 'Dream', 'Torgersen'] });
    expect(island).toMatchObject({ categories: ['Biscoe', 'Dream', 'Torgersen'], outputs: ['island=Biscoe', 'island=Dream', 'island=Torgersen'] });
    expect(code).toMatchObject({ categories: [1, 2, 3], outputs: ['code=1', 'code=2', 'code=3'] });
    expect(mass).toEqual({ kind: 'bucketize', column: 'mass', boundaries: [3900, 4450, 5200], outputs: ['mass<3900', 'mass[3900,4450)', 'mass[4450,5200)', 'mass>=5200'] });
  });

  it('gives the same features bit for bit through the table and through the compiled graph, unknowns and nulls included', async () => {
    const { table, pre } = fitChain(CHAIN);
    const features = columnsOf(table).filter((c) => c.name !== 'species').map((c) => c.name);
    expect(features).toEqual(['x', 'code=1', 'code=2', 'code=3', 'island=Biscoe', 'island=Dream', 'island=Torgersen', 'mass<3900', 'mass[3900,4450)', 'mass[4450,5200)', 'mass>=5200']);
    const model = withPreprocessing(identityModel(features), pre);
    expect(model.signature.columns).toEqual([
      { name: 'x', type: 'float32', nullable: true, columnType: 'number' },
      { name: 'code', type: 'float32', nullable: true, columnType: 'integer' },
      { name: 'island', type: 'string', nullable: true, columnType: 'string' },
      { name: 'mass', type: 'float32', nullable: true, columnType: 'number' },
    ]);
    expect(model.signature.features).toEqual(['x', 'code', 'island', 'mass']);
    expect(model.signature.trainedOn).toEqual(features);
    const { session } = await openSession(model.bytes);
    for (const raw of [TRAIN, SERVE]) {
      let expected = raw;
      for (const t of pre.transforms) expected = applyTransform(expected, t);
      const want = tableToMatrix(expected, features).X;
      const got = (await session.run(feeds(raw, model.signature.features))).out.data as Float32Array;
      expect(Array.from(got)).toEqual(Array.from(want));
    }
    // The unseen row: x null → the median, standardized; code 7 and Atlantis unknown → zeros; mass 9000 → the top bucket.
    const seen = (await session.run(feeds(SERVE, model.signature.features))).out.data as Float32Array;
    expect(Array.from(seen.subarray(1, 11))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    await session.release();
  });

  it('takes only the raw columns the features need, and marks a column that must not be null', () => {
    const { pre } = fitChain([(t) => fitStandardize(t, 'mass'), (t) => fitOnehot(t, 'island', 10)]);
    expect(modelColumns(pre, ['mass', 'island=Dream'])).toEqual([
      { name: 'island', type: 'string', nullable: true, columnType: 'string' },
      { name: 'mass', type: 'float32', nullable: false, columnType: 'number' },
    ]);
    expect(modelColumns(pre, ['x'])).toEqual([{ name: 'x', type: 'float32', nullable: false, columnType: 'number' }]);
  });

  it('refuses what cannot be fitted or compiled, naming the column', () => {
    expect(() => fitStandardize(TRAIN, 'island')).toThrow('prepare.standardize takes number, integer or boolean columns; "island" is string');
    expect(() => fitOnehot(TRAIN, 'mass', 10)).toThrow('prepare.onehot takes text, integer or boolean columns; "mass" is number (cut numbers with prepare.bucketize)');
    expect(() => fitOnehot(TRAIN, 'island', 2)).toThrow('prepare.onehot: column "island" has 3 distinct values, more than maxCategories 2');
    expect(() => fitImpute(TRAIN, 'island', 'mean')).toThrow('strategy mean needs a numeric column; "island" is text (use most_frequent or constant)');
    expect(() => fitBucketize(TRAIN, 'mass', { boundaries: [5, 3], buckets: 4 })).toThrow('boundaries must be finite and ascending, got [5, 3]');
    expect(() => fitStandardize(TRAIN, 'nope')).toThrow('no column "nope"');
    const { pre } = fitChain([(t) => fitStandardize(t, 'mass')]);
    expect(() => modelColumns(pre, ['island'])).toThrow('text column "island" reaches the model as text: one-hot encode it (prepare.onehot)');
    expect(() => modelColumns(pre, ['island=Dream'])).toThrow('feature "island=Dream" is not a column of the preprocessed table');
  });
});
