// Sweeps in the language: `matrix:` expands into trials (a grid in a fixed order, or seeded random samples within
// their ranges), the Plan carries each trial's full settings with `parallelism` and `select`; and every mistake is
// reported at its key, with the trial it concerns.
import { describe, expect, it } from 'vitest';
import { compile, validate } from '../../dsl';
import { sweepTrials } from '../../dsl/sweep';

const pipeline = (train: string) => `headrace: 1
name: sweep
steps:
  ingest:
    uses: ingest.json
    with: { path: data/penguins.json }
  train:
${train}`;

const mlp = (extra: string, withLine = '    with: { target: Species, epochs: 10, validationFraction: 0.2 }') =>
  pipeline(`    uses: train.mlp
    in: { table: ingest.table }
${withLine}
${extra}`);

const errors = (source: string) => validate(source).filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.col} ${d.message}`);

describe('sweepTrials', () => {
  it('expands a grid, the first setting varying slowest', () => {
    const r = sweepTrials({ learningRate: [0.1, 0.01], hidden: [[8], [16, 16], [4]] });
    expect(r.ok && r.trials.map((t) => [t.index, t.values])).toEqual([
      [1, { learningRate: 0.1, hidden: [8] }], [2, { learningRate: 0.1, hidden: [16, 16] }], [3, { learningRate: 0.1, hidden: [4] }],
      [4, { learningRate: 0.01, hidden: [8] }], [5, { learningRate: 0.01, hidden: [16, 16] }], [6, { learningRate: 0.01, hidden: [4] }],
    ]);
  });

  it('draws random samples from their seed, within ranges and choices', () => {
    const m = { random: { samples: 20, seed: 5 }, learningRate: { min: 0.0001, max: 0.1, scale: 'log' }, batchSize: { min: 16, max: 256, integer: true }, activation: ['relu', 'gelu'] };
    const a = sweepTrials(m);
    expect(a).toEqual(sweepTrials(m));
    if (!a.ok) throw new Error(a.message);
    expect(a.trials).toHaveLength(20);
    for (const t of a.trials) {
      expect(t.values.learningRate as number).toBeGreaterThanOrEqual(0.0001);
      expect(t.values.learningRate as number).toBeLessThanOrEqual(0.1);
      expect(Number.isInteger(t.values.batchSize)).toBe(true);
      expect(['relu', 'gelu']).toContain(t.values.activation);
    }
    // Log scale: about as many draws below 0.003 (the log midpoint) as above.
    const below = a.trials.filter((t) => (t.values.learningRate as number) < 0.00316).length;
    expect(below).toBeGreaterThan(4);
    expect(below).toBeLessThan(16);
    const other = sweepTrials({ ...m, random: { samples: 20, seed: 6 } });
    expect(other.ok && other.trials[0].values).not.toEqual(a.trials[0].values);
  });

  it('refuses what does not expand', () => {
    expect(sweepTrials({})).toEqual({ ok: false, message: 'matrix needs at least one setting to sweep' });
    expect(sweepTrials({ learningRate: { min: 0, max: 1 } })).toMatchObject({ ok: false, key: 'learningRate', message: 'learningRate must be a non-empty list of values (ranges need random: { samples, seed })' });
    expect(sweepTrials({ random: { samples: 3 }, l2: { min: 0, max: 1, scale: 'log' } })).toMatchObject({ ok: false, key: 'l2', message: 'l2: a log range needs min > 0' });
    expect(sweepTrials({ a: Array.from({ length: 11 }, (_, i) => i), b: Array.from({ length: 10 }, (_, i) => i) })).toMatchObject({ ok: false, message: 'the matrix makes more than 100 trials' });
  });
});

describe('matrix: in a pipeline', () => {
  it('compiles each trial with its full settings, parallelism and select', () => {
    const { plan, diagnostics } = compile(mlp(`    matrix:
      learningRate: [0.001, 0.01, 0.1]
    parallelism: 3
    select: { metric: val_accuracy }`));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const sweep = plan!.steps.find((s) => s.id === 'train')!.sweep!;
    expect(sweep.parallelism).toBe(3);
    expect(sweep.select).toEqual({ metric: 'val_accuracy', mode: 'max', stopping: 'median' });
    expect(sweep.trials.map((t) => [t.index, t.config.learningRate, t.config.epochs, t.config.optimizer])).toEqual([
      [1, 0.001, 10, 'adam'], [2, 0.01, 10, 'adam'], [3, 0.1, 10, 'adam'],
    ]);
    // Defaults: two at a time, the lowest validation loss, median stopping.
    const plain = compile(mlp('    matrix: { learningRate: [0.001, 0.01, 0.1] }')).plan!.steps.find((s) => s.id === 'train')!.sweep!;
    expect([plain.parallelism, plain.select]).toEqual([2, { metric: 'val_loss', mode: 'min', stopping: 'median' }]);
  });

  it('reports each mistake at its key', () => {
    expect(errors(mlp('    matrix: { learningRat: [0.1], epochs: [3] }'))).toEqual([
      "11:15 step 'train': learningRat is not a setting of train.mlp (did you mean learningRate?)",
      "11:35 step 'train': epochs is set in with: and swept in matrix:; keep one",
    ]);
    expect(errors(mlp('    matrix: { learningRate: [0.1], dropout: [0.2, 0.95] }'))).toEqual([
      "11:36 step 'train': trial 2 (learningRate=0.1, dropout=0.95): dropout: Too big: expected number to be <=0.9",
    ]);
    expect(errors(mlp('    matrix: { learningRate: [0.1, 0.2], validationFraction: [0.2, 0] }', '    with: { target: Species }'))).toEqual([
      "11:5 step 'train': select val_loss needs a validation split; set validationFraction (trial 2 has none)",
    ]);
    expect(errors(mlp('    parallelism: 2\n    select: { metric: loss }'))).toEqual([
      "11:5 step 'train': parallelism belongs to a sweep; add a matrix: of settings to sweep",
      "12:5 step 'train': select belongs to a sweep; add a matrix: of settings to sweep",
    ]);
    expect(errors(pipeline(`    uses: prepare.split
    in: { table: ingest.table }
    matrix: { seed: [1, 2] }`))).toEqual(["10:5 step 'train': matrix: sweeps a trainer (train.mlp, train.logistic), not prepare.split"]);
    expect(errors(pipeline(`    uses: train.logistic
    in: { table: ingest.table }
    with: { target: Species }
    matrix: { learningRate: [0.1, 0.2] }
    select: { metric: val_accuracy }`))).toEqual(["12:5 step 'train': train.logistic trials report loss, not val_accuracy"]);
  });
});
