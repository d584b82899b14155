// The step config form's schema walking, without a browser: every catalog kind becomes a field tree that
// covers all of its config keys, with the right field types, bounds, defaults, records, arrays and enums.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  boundsText,
  configErrors,
  configFieldTree,
  parseNumberText,
  parseScalarText,
  type ArrayField,
  type EnumField,
  type FieldNode,
  type NumberField,
  type ObjectField,
  type RecordField,
  type ScalarField,
  type StringField,
} from '../../app/_components/config-form/field-tree';
import { initialValue } from '../../app/_components/config-form/config-form';
import { stepKindNames, getStepKind } from '../../dsl/catalog';
import { z } from 'zod';

function field(tree: ObjectField | undefined, key: string): FieldNode {
  const f = tree?.fields.find((x) => x.key === key);
  if (!f) throw new Error(`no field ${key}`);
  return f;
}

function types(node: FieldNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.fields.map((f) => [f.key, types(f)]));
    case 'record':
      return { record: types(node.value) };
    case 'array':
      return [types(node.item)];
    default:
      return node.type;
  }
}

describe('config form field trees', () => {
  it('converts every catalog kind, covering all of its config keys, with nothing left as unknown', () => {
    for (const kind of stepKindNames()) {
      const tree = configFieldTree(kind);
      expect(tree, kind).toBeDefined();
      const shape = (getStepKind(kind)!.config as z.ZodObject).shape;
      expect(tree!.fields.map((f) => f.key), kind).toEqual(Object.keys(shape));
      expect(JSON.stringify(types(tree!)), kind).not.toContain('unknown');
      expect(tree!.strict, kind).toBe(true);
    }
    expect(configFieldTree('no.such')).toBeUndefined();
  });

  it('gives each kind the expected field types', () => {
    expect(types(configFieldTree('ingest.csv')!)).toEqual({
      path: 'string',
      delimiter: 'string',
      header: 'boolean',
      nullValues: ['string'],
      columns: { record: { type: 'enum' } },
      maxMalformedRows: 'number',
      fileColumn: 'string',
    });
    expect(types(configFieldTree('validate.table')!)).toEqual({
      columns: {
        record: { type: 'enum', nulls: 'number', nullFraction: 'number', min: 'number', max: 'number', values: ['scalar'], unique: 'boolean' },
      },
      minRows: 'number',
      allowExtraColumns: 'boolean',
    });
    expect(types(configFieldTree('registry.register')!)).toEqual({
      name: 'string',
      stage: 'enum',
      tags: { record: 'string' },
      description: 'string',
    });
    expect(types(configFieldTree('prepare.dropna')!)).toEqual({ columns: ['string'] });
    expect(types(configFieldTree('evaluate.classifier')!)).toEqual({ target: 'string' });
  });

  it('tells required, optional and defaulted keys apart, with descriptions as help', () => {
    const csv = configFieldTree('ingest.csv');
    expect(field(csv, 'path')).toMatchObject({ required: true, description: expect.stringContaining('File path') });
    expect(field(csv, 'delimiter')).toMatchObject({ required: false, default: ',', minLength: 1, maxLength: 1 });
    expect(field(csv, 'header')).toMatchObject({ required: false, default: true });
    expect(field(csv, 'columns')).toMatchObject({ required: false });
    expect(field(csv, 'columns').default).toBeUndefined();
    const train = configFieldTree('train.logistic');
    expect(field(train, 'target').required).toBe(true);
    expect(field(train, 'features')).toMatchObject({ required: false, minItems: 1 });
    expect(field(train, 'epochs')).toMatchObject({ required: false, default: 100 });
  });

  it('recognises number bounds and integers, without zod’s safe-integer range', () => {
    const split = configFieldTree('prepare.split');
    const test = field(split, 'test') as NumberField;
    expect(test).toMatchObject({ type: 'number', integer: false, exclusiveMin: 0, exclusiveMax: 1, default: 0.2 });
    expect(boundsText(test)).toBe('number, 0 < x < 1');
    const seed = field(split, 'seed') as NumberField;
    expect(seed).toMatchObject({ integer: true });
    expect(seed.min).toBeUndefined();
    expect(seed.max).toBeUndefined();
    const train = configFieldTree('train.logistic');
    expect(field(train, 'epochs')).toMatchObject({ integer: true, min: 1 });
    expect(boundsText(field(train, 'epochs') as NumberField)).toBe('whole number, ≥ 1');
    expect(field(train, 'learningRate')).toMatchObject({ integer: false, exclusiveMin: 0 });
    expect(boundsText(field(train, 'learningRate') as NumberField)).toBe('number, > 0');
    const nullFraction = ((field(configFieldTree('validate.table'), 'columns') as RecordField).value as ObjectField).fields.find(
      (f) => f.key === 'nullFraction',
    ) as NumberField;
    expect(nullFraction).toMatchObject({ min: 0, max: 1 });
    expect(boundsText(nullFraction)).toBe('number, 0 ≤ x ≤ 1');
  });

  it('recognises enums, records and arrays', () => {
    const reg = configFieldTree('registry.register');
    expect(field(reg, 'stage')).toMatchObject({ type: 'enum', options: ['none', 'staging'], default: 'none' });
    expect((field(reg, 'name') as StringField).pattern).toBe('^[A-Za-z0-9][A-Za-z0-9_.-]*$');
    const tags = field(reg, 'tags') as RecordField;
    expect(tags).toMatchObject({ type: 'record', default: {}, value: { type: 'string' } });

    const columns = field(configFieldTree('ingest.csv'), 'columns') as RecordField;
    expect(columns).toMatchObject({ type: 'record', keyDescription: 'Column name', keyMinLength: 1 });
    const colType = (columns.value as ObjectField).fields[0] as EnumField;
    expect(colType).toMatchObject({ key: 'type', required: true, options: ['number', 'integer', 'string', 'boolean', 'date'] });
    expect(initialValue(columns.value)).toEqual({ type: 'number' });

    const nullValues = field(configFieldTree('ingest.csv'), 'nullValues') as ArrayField;
    expect(nullValues).toMatchObject({ type: 'array', item: { type: 'string' }, default: ['', 'NA', 'N/A', 'null', 'NaN'] });

    const values = ((field(configFieldTree('validate.table'), 'columns') as RecordField).value as ObjectField).fields.find(
      (f) => f.key === 'values',
    ) as ArrayField;
    expect((values.item as ScalarField).types).toEqual(['string', 'number', 'boolean']);
  });
});

describe('config form values and errors', () => {
  const epochs = field(configFieldTree('train.logistic'), 'epochs') as NumberField;
  const test = field(configFieldTree('prepare.split'), 'test') as NumberField;

  it('reads numbers, param references and empty text', () => {
    expect(parseNumberText('30', epochs)).toEqual({ value: 30 });
    expect(parseNumberText('', epochs)).toEqual({ value: undefined });
    expect(parseNumberText('${{ params.epochs }}', epochs)).toEqual({ value: '${{ params.epochs }}' });
    expect(parseNumberText('0.25', test)).toEqual({ value: 0.25 });
    expect(parseNumberText('.5', test)).toEqual({ value: 0.5 });
    expect(parseNumberText('2.5', epochs)).toHaveProperty('error');
    expect(parseNumberText('abc', epochs)).toHaveProperty('error');
    expect(parseNumberText('1e', test)).toHaveProperty('error');
  });

  it('reads scalars of several types', () => {
    const t: ScalarField['types'] = ['string', 'number', 'boolean'];
    expect(parseScalarText('3', t)).toBe(3);
    expect(parseScalarText('true', t)).toBe(true);
    expect(parseScalarText('yes', t)).toBe('yes');
  });

  it('maps zod issues to field paths, skipping ${{ params.X }} values', () => {
    expect(configErrors('train.logistic', { target: 'y' })).toEqual([]);
    expect(configErrors('train.logistic', { target: 'y', epochs: 0 })).toEqual([
      { path: ['epochs'], message: 'epochs must be >= 1, got 0.' },
    ]);
    expect(configErrors('train.logistic', { target: 'y', epochs: '${{ params.epochs }}' })).toEqual([]);
    expect(configErrors('train.logistic', {}).map((e) => e.path)).toEqual([['target']]);
    expect(configErrors('train.logistic', undefined).map((e) => e.path)).toEqual([['target']]);
    expect(configErrors('train.logistic', { target: 'y', bogus: 1 })).toEqual([{ path: [], message: '"bogus" is not a setting of this step.' }]);
    expect(configErrors('ingest.csv', { path: 'a.csv', columns: { age: { type: 'float' } } }).map((e) => e.path)).toEqual([
      ['columns', 'age', 'type'],
    ]);
    expect(configErrors('prepare.split', { test: 1.5 }).map((e) => e.path)).toEqual([['test']]);
  });
});

describe('column fields in the config form', () => {
  // Rendered to HTML (no browser): the form of a step whose upstream columns are known, and of one whose are not.
  const render = async (source: string, stepId: string, kind: string, config: unknown) => {
    const [{ renderToStaticMarkup }, { createElement }, { ConfigForm }] = await Promise.all([
      import('react-dom/server'),
      import('react'),
      import('../../app/_components/config-form/config-form'),
    ]);
    return renderToStaticMarkup(createElement(ConfigForm, { kind, config, source, stepId, onChange: () => {} }));
  };
  const penguins = readFileSync('examples/penguins/pipeline.yaml', 'utf8');

  it('offers the known columns with types as a select, numeric ones only for features', async () => {
    const html = await render(penguins, 'train', 'train.logistic', { target: 'Species' });
    const target = /data-path="target"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
    expect(target).toContain('<option value="Species" selected="">Species · string</option>');
    expect(target).toContain('<option value="Body Mass (g)">Body Mass (g) · number</option>');
    expect(html).toContain('One of the columns of split.train');
    const features = /data-path="features"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
    expect(features).toContain('Beak Length (mm) · number');
    expect(features).not.toContain('Species');
    expect(html).toContain('One of the number/integer/boolean columns of split.train');
  });

  it('offers the columns not yet listed as new keys of validate.table columns', async () => {
    const html = await render(penguins, 'validate', 'validate.table', { columns: { Species: { type: 'string' } } });
    const keys = /<select id="[^"]*-key"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
    expect(keys).toContain('Island · string');
    expect(keys).not.toContain('<option value="Species"');
  });

  it('keeps free text where the columns are unknown, and says why', async () => {
    const source = 'headrace: 1\nname: t\nsteps:\n  load: { uses: ingest.csv, with: { path: x.csv } }\n  fit: { uses: train.logistic, in: { table: load.table }, with: { target: y } }\n';
    const html = await render(source, 'fit', 'train.logistic', { target: 'y' });
    const target = /data-path="target"[\s\S]*?<\/div><\/div>/.exec(html)?.[0] ?? '';
    expect(target).toContain('type="text"');
    expect(target).not.toContain('<select');
    expect(html).toContain('The columns of load.table are not known here');
  });
});

describe('a column field left empty in the YAML', () => {
  it('still shows the column select (a null value is not a parameter)', async () => {
    const [{ renderToStaticMarkup }, { createElement }, { ConfigForm }] = await Promise.all([
      import('react-dom/server'),
      import('react'),
      import('../../app/_components/config-form/config-form'),
    ]);
    const source = readFileSync('examples/penguins/pipeline.yaml', 'utf8').replace('      target: Species\n', '      target:\n');
    const html = renderToStaticMarkup(createElement(ConfigForm, { kind: 'train.logistic', config: { target: null }, source, stepId: 'train', onChange: () => {} }));
    const target = /data-path="target"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
    expect(target).toContain('<option value="" disabled="" selected="">Choose a column…</option>');
    expect(target).toContain('Species · string');
  });
});
