// Column completion in the YAML pane, without a browser: the cursor's key path from the text, and the columns
// offered there (block values, flow sequences and maps, block sequence items, map keys), quoted when YAML needs it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnCompletion, cursorPath, yamlScalar } from '../../app/_components/yaml/column-completion';

const penguins = readFileSync('examples/penguins/pipeline.yaml', 'utf8');
const all = ['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'];
const numeric = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];

/** The text with `|` marking the cursor → [text, offset]. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}
const labels = (marked: string) => columnCompletion(...at(marked))?.items.map((i) => i.label);

describe('cursorPath', () => {
  it('reads block values, flow collections, sequence items and map keys', () => {
    const base = 'steps:\n  train:\n    with:\n';
    expect(cursorPath(...at(`${base}      target: Sp|`))).toEqual({ path: ['steps', 'train', 'with', 'target'], atKey: false, typed: 'Sp', flow: false });
    expect(cursorPath(...at(`${base}      features: [a, Beak L|`))).toMatchObject({ path: ['steps', 'train', 'with', 'features', '*'], typed: 'Beak L', flow: true });
    expect(cursorPath(...at(`${base}      features:\n        - a\n        - |`))).toMatchObject({ path: ['steps', 'train', 'with', 'features', '*'], typed: '' });
    expect(cursorPath(...at(`${base}      features:\n      - a\n      - B|`))).toMatchObject({ path: ['steps', 'train', 'with', 'features', '*'], typed: 'B' });
    expect(cursorPath(...at(`${base}      columns:\n        Sp|`))).toMatchObject({ path: ['steps', 'train', 'with', 'columns', '*'], atKey: true });
    expect(cursorPath(...at('steps:\n  split: { uses: prepare.split, with: { test: 0.2, stratify: |'))).toMatchObject({ path: ['steps', 'split', 'with', 'stratify'], atKey: false });
    expect(cursorPath(...at('steps:\n  split: { uses: prepare.split, with: { test: 0.2 }, |'))).toMatchObject({ path: ['steps', 'split', '*'], atKey: true });
    expect(cursorPath(...at('steps:\n  train:\n    with:\n      target: x # note|'))).toBe(undefined);
    expect(cursorPath(...at('steps:\n  split:\n    with: { test: 0.2, stratify: |'))).toMatchObject({ path: ['steps', 'split', 'with', 'stratify'], atKey: false });
    expect(cursorPath(...at('steps:\n  split:\n    with: { test: 0.2, strat|'))).toMatchObject({ path: ['steps', 'split', 'with', '*'], atKey: true, typed: 'strat' });
  });
});

describe('columnCompletion on the penguins example', () => {
  it('offers every column with its type at `target: `', () => {
    const found = columnCompletion(...at(penguins.replace('      target: Species', '      target: |')));
    expect(found?.items.map((i) => i.label)).toEqual(all);
    expect(found?.items[0]).toMatchObject({ label: 'Species', type: 'string', insertText: 'Species' });
    expect(found?.choice.from).toBe('split.train');
  });

  it('replaces what is typed of the name', () => {
    const [text, offset] = at(penguins.replace('      target: Species', '      target: Spe|'));
    expect(columnCompletion(text, offset)?.replaceStart).toBe(offset - 3);
  });

  it('offers only numeric columns to features, in a flow sequence and in a half-typed one', () => {
    expect(labels(penguins.replace('features: [Beak Length (mm), ', 'features: [Beak Length (mm), |'))).toEqual(numeric);
    const cut = penguins.replace(/features: \[.*\]/, 'features: [Beak Len|');
    expect(labels(cut)).toEqual(numeric);
  });

  it('offers columns to stratify in a flow map, to dropna columns and to validate.table keys', () => {
    expect(labels(penguins.replace('stratify: Species', 'stratify: |'))).toEqual(all);
    expect(labels(penguins.replace('with: { columns: [Beak Length (mm), ', 'with: { columns: [|'))).toEqual(all);
    const key = columnCompletion(...at(penguins.replace('        Species: { type: string, nulls: 0', '        |\n        Species: { type: string, nulls: 0')));
    expect(key?.items.map((i) => i.label)).toEqual(all);
    expect(key?.items[2].insertText).toBe('Beak Length (mm): ');
  });

  it('offers nothing outside column fields', () => {
    expect(columnCompletion(...at(penguins.replace('epochs: 200', 'epochs: |')))).toBe(undefined);
    expect(columnCompletion(...at(penguins.replace('in: { table: split.train }', 'in: { table: |')))).toBe(undefined);
    expect(columnCompletion(...at(penguins.replace('path: data/penguins.json', 'path: |')))).toBe(undefined);
  });

  it('offers nothing where the upstream columns are unknown', () => {
    const source = 'headrace: 1\nname: t\nsteps:\n  load: { uses: ingest.csv, with: { path: x.csv } }\n  fit:\n    uses: train.logistic\n    in: { table: load.table }\n    with:\n      target: |\n';
    expect(columnCompletion(...at(source))).toBe(undefined);
  });
});

describe('yamlScalar', () => {
  it('keeps names plain when they read back the same, and quotes the rest', () => {
    expect(yamlScalar('Beak Length (mm)', true)).toBe('Beak Length (mm)');
    expect(yamlScalar('a,b', false)).toBe('a,b');
    expect(yamlScalar('a,b', true)).toBe('"a,b"');
    expect(yamlScalar('ratio: x', false)).toBe('"ratio: x"');
    expect(yamlScalar('true', false)).toBe('"true"');
    expect(yamlScalar('2024', false)).toBe('"2024"');
    expect(yamlScalar('#id', false)).toBe('"#id"');
  });
});
