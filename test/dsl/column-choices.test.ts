// Column choices: each kind's column fields (found from its columnRefs) joined with the table schema the
// checker propagates to the field's port, narrowed to the field's types.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { choiceAt, columnChoicesInSource, columnFields } from '../../dsl/check/columnsAt';
import { stepKindNames } from '../../dsl/catalog';

const penguins = readFileSync('examples/penguins/pipeline.yaml', 'utf8');
const all = ['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'];
const numeric = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const names = (cols: { name: string }[] | undefined) => cols?.map((c) => c.name);

describe('column fields of the catalog', () => {
  it('finds every column field the kinds declare, with its port, path and types', () => {
    const fields = Object.fromEntries(stepKindNames().map((k) => [k, columnFields(k)]).filter(([, f]) => f.length));
    expect(fields).toEqual({
      'validate.table': [{ port: 'table', path: ['columns', '*'], isKey: true, many: true }],
      'prepare.dropna': [{ port: 'table', path: ['columns', '*'], many: true }],
      'prepare.split': [{ port: 'table', path: ['stratify'], many: false }],
      'prepare.select': [{ port: 'table', path: ['columns', '*'], many: true }, { port: 'table', path: ['drop', '*'], many: true }],
      'prepare.join': [{ port: 'left', path: ['on', '*'], many: true }, { port: 'right', path: ['on', '*'], many: true }],
      'prepare.standardize': [{ port: 'table', path: ['columns', '*'], types: ['number', 'integer', 'boolean'], many: true }],
      'prepare.impute': [{ port: 'table', path: ['columns', '*'], types: ['number', 'integer', 'boolean'], many: true }],
      'prepare.onehot': [{ port: 'table', path: ['columns', '*'], types: ['string', 'integer', 'boolean'], many: true }],
      'prepare.bucketize': [{ port: 'table', path: ['columns', '*'], types: ['number', 'integer', 'boolean'], many: true }],
      'train.logistic': [
        { port: 'table', path: ['target'], many: false },
        { port: 'table', path: ['features', '*'], types: ['number', 'integer', 'boolean'], many: true },
      ],
      'train.mlp': [
        { port: 'table', path: ['target'], many: false },
        { port: 'table', path: ['features', '*'], types: ['number', 'integer', 'boolean'], many: true },
      ],
      'train.linear': [
        { port: 'table', path: ['target'], types: ['number', 'integer', 'boolean'], many: false },
        { port: 'table', path: ['features', '*'], types: ['number', 'integer', 'boolean'], many: true },
      ],
      'train.command': [
        { port: 'table', path: ['target'], many: false },
        { port: 'table', path: ['features', '*'], types: ['number', 'integer', 'boolean'], many: true },
      ],
      'evaluate.classifier': [{ port: 'table', path: ['target'], many: false }],
      'evaluate.regressor': [{ port: 'table', path: ['target'], types: ['number', 'integer', 'boolean'], many: false }],
      'deploy.lifecycle': [{ port: 'test', path: ['target'], many: false }],
    });
  });

  it('has none for kinds without column references or unknown kinds', () => {
    expect(columnFields('ingest.csv')).toEqual([]);
    expect(columnFields('no.such')).toEqual([]);
  });
});

describe('columnChoices', () => {
  it('offers the declared columns with types to target, and only numeric ones to features', () => {
    const train = columnChoicesInSource(penguins, 'train');
    const target = choiceAt(train, ['target']);
    expect(target).toMatchObject({ from: 'split.train', total: 7 });
    expect(names(target?.columns)).toEqual(all);
    expect(target?.columns?.[0]).toEqual({ name: 'Species', type: 'string' });
    const features = choiceAt(train, ['features', 2]);
    expect(names(features?.columns)).toEqual(numeric);
    expect(features?.columns?.every((c) => c.type === 'number')).toBe(true);
  });

  it('follows the schema through validate, dropna and split to stratify, columns keys and evaluate', () => {
    expect(names(choiceAt(columnChoicesInSource(penguins, 'split'), ['stratify'])?.columns)).toEqual(all);
    expect(choiceAt(columnChoicesInSource(penguins, 'validate'), ['columns', 'Species'])).toMatchObject({ isKey: true, from: 'ingest.table' });
    expect(names(choiceAt(columnChoicesInSource(penguins, 'clean'), ['columns', 0])?.columns)).toEqual(all);
    expect(choiceAt(columnChoicesInSource(penguins, 'evaluate'), ['target'])).toMatchObject({ from: 'split.test', total: 7 });
  });

  it('works while the step itself is incomplete (no target yet)', () => {
    const source = penguins.replace('      target: Species\n', '      target:\n');
    expect(names(choiceAt(columnChoicesInSource(source, 'train'), ['target'])?.columns)).toEqual(all);
  });

  it('leaves columns unknown when no upstream declares them, and the port unset when unconnected', () => {
    const source = `headrace: 1
name: t
steps:
  load: { uses: ingest.csv, with: { path: data/x.csv } }
  fit: { uses: train.logistic, in: { table: load.table }, with: { target: y } }
  lone: { uses: train.logistic, with: { target: y } }
`;
    const fit = choiceAt(columnChoicesInSource(source, 'fit'), ['target']);
    expect(fit).toEqual({ port: 'table', path: ['target'], many: false, from: 'load.table' });
    expect(choiceAt(columnChoicesInSource(source, 'lone'), ['target'])).toEqual({ port: 'table', path: ['target'], many: false });
    expect(columnChoicesInSource(source, 'load')).toEqual([]);
    expect(columnChoicesInSource(source, 'missing')).toEqual([]);
    expect(columnChoicesInSource(': not yaml [', 'fit')).toEqual([]);
  });
});
