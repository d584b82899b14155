// End to end on real data: vega-datasets penguins → train → export → evaluate on a held-back 25%.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { evaluateClassifier } from '../../workers/compute/ml/evaluate';
import { exportLogistic } from '../../workers/compute/ml/export';
import { trainLogistic } from '../../workers/compute/ml/logistic';
import { tableToMatrix } from '../../workers/compute/ml/matrix';
import { mulberry32, shuffledIndices } from '../../workers/compute/random';

const FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const TARGET = 'Species';

describe('penguins', () => {
  it('reaches ≥ 0.95 held-back accuracy', async () => {
    // The package's exports map hides data/, so read the file by path.
    const path = fileURLToPath(new URL('../../node_modules/vega-datasets/data/penguins.json', import.meta.url));
    const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
    const rows = all.filter((r) => [...FEATURES, TARGET].every((c) => r[c] !== null && r[c] !== undefined));
    const order = shuffledIndices(rows.length, mulberry32(42));
    const cut = Math.round(rows.length * 0.75);
    const pick = (idx: ArrayLike<number>) => tableFromJSON(Array.from(idx, (i) => rows[i]));
    const train = pick(order.subarray(0, cut));
    const test = pick(order.subarray(cut));

    const m = tableToMatrix(train, FEATURES, TARGET);
    const model = await trainLogistic({
      X: m.X, rows: m.rows, features: FEATURES, y: m.y!, classes: m.classes!,
      epochs: 200, learningRate: 0.1, batchSize: 32, l2: 1e-4, seed: 42,
    });
    const exported = exportLogistic(model, { target: TARGET });
    const ev = await evaluateClassifier(exported.bytes, exported.signature, test);

    console.log(
      `penguins: ${all.length} rows, ${rows.length} complete, train ${train.numRows} / test ${test.numRows}; ` +
        `classes ${model.classes.join('/')}; training 200 epochs took ${model.trainMillis.toFixed(0)} ms; ` +
        `final loss ${model.lossCurve.at(-1)!.toFixed(4)}; test accuracy ${ev.values.accuracy.toFixed(4)}, ` +
        `macroF1 ${ev.values.macroF1.toFixed(4)}, logLoss ${ev.values.logLoss.toFixed(4)}`,
    );
    expect(model.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(ev.values.rows).toBe(test.numRows);
    expect(ev.values.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
