// The YAML pane's pure parts: minimal edits for outside value changes (dsl/projection's, shared with the
// editor's store), and port-reference completion.
import { describe, expect, it } from 'vitest';
import { minimalTextEdit as minimalEdit, type TextEdit } from '../../dsl/projection';
import { portCompletion } from '../../app/_components/yaml/port-completion';

/** What Monaco does to its model with an edit. */
const applyTextEdit = (text: string, edit: TextEdit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end);

describe('minimalEdit', () => {
  it('replaces only the changed middle', () => {
    expect(minimalEdit('abc', 'abc')).toBeNull();
    expect(minimalEdit('epochs: 30\n', 'epochs: 40\n')).toEqual({ start: 8, end: 9, text: '4' });
    expect(minimalEdit('a\nb\n', 'a\nx\nb\n')).toEqual({ start: 2, end: 2, text: 'x\n' });
    expect(minimalEdit('aaa', 'aa')).toEqual({ start: 2, end: 3, text: '' });
    expect(minimalEdit('', 'new')).toEqual({ start: 0, end: 0, text: 'new' });
  });

  it('round-trips arbitrary pairs and never splits a surrogate pair', () => {
    const pairs: Array<[string, string]> = [
      ['héllo 😀 world', 'héllo 😃 world'],
      ['steps:\n  a:\n    uses: x\n', 'steps:\n  a:\n    uses: y\n  b: {}\n'],
      ['xyz', ''],
      ['aaaa', 'aaaaaa'],
    ];
    for (const [a, b] of pairs) {
      const e = minimalEdit(a, b)!;
      expect(applyTextEdit(a, e)).toBe(b);
      expect(e.text).not.toMatch(/^[\udc00-\udfff]/);
    }
  });
});

const source = `headrace: 1
name: churn
steps:
  ingest:
    uses: ingest.csv
    with: { path: data.csv }
  split:
    uses: prepare.split
    in: { table: ingest.table }
  train:
    uses: train.logistic
    in:
      table: sp
    with: { target: y }
  evaluate:
    uses: evaluate.classifier
    in: { model: train.model, table:  }
`;

describe('port completion', () => {
  it('offers outputs of matching type in a block `in:` map, steps above first', () => {
    const at = source.indexOf('table: sp') + 'table: sp'.length;
    const c = portCompletion(source, at)!;
    expect(c.port).toBe('table');
    expect(c.expectedType).toBe('Table');
    expect(c.replaceStart).toBe(at - 2);
    expect(c.items.map((i) => i.label).sort((a, b) => (a < b ? -1 : 1))).toEqual(['ingest.table', 'split.test', 'split.train']);
    expect(c.items.every((i) => i.type === 'Table')).toBe(true);
  });

  it('works in a flow `in:` map and filters by the input port type', () => {
    const at = source.indexOf('table:  }') + 'table: '.length;
    const c = portCompletion(source, at)!;
    expect(c.port).toBe('table');
    expect(c.items.map((i) => i.label)).toEqual(['ingest.table', 'split.train', 'split.test']);
    const atModel = source.indexOf('model: train.model') + 'model: tr'.length;
    const m = portCompletion(source, atModel)!;
    expect(m.port).toBe('model');
    expect(m.items.map((i) => i.label)).toEqual(['train.model']);
  });

  it('offers nothing outside `in:` values', () => {
    expect(portCompletion(source, source.indexOf('uses: train') + 6)).toBeUndefined();
    expect(portCompletion(source, source.indexOf('target: y') + 8)).toBeUndefined();
  });
});
