// A step added from the palette with Enter or a double-click while one step is selected: wired to it and placed
// to its right when a pair of ports fits, unwired (placed by the layout) otherwise. Also the Retry button's words
// per the status of the run it retries.
import { describe, expect, it } from 'vitest';
import { addNextTo } from '../../app/editor/add-next';
import { NODE_WIDTH } from '../../app/editor/layout';
import { createEditorStore } from '../../app/editor/store';
import { retryWords } from '../../app/_components/run/retry-button';

const source = 'headrace: 1\nname: chain\nsteps:\n  ingest:\n    uses: ingest.csv\n    with: { path: data.csv }\n  split:\n    uses: prepare.split\n    in: { table: ingest.table }\n';

function editor(positions = { ingest: { x: 0, y: 0 }, split: { x: 300, y: 0 } }) {
  return createEditorStore(source, 'chain', positions);
}

describe('adding next to the selected step', () => {
  it('wires the first fitting pair and places the new step to the right of the selected one', () => {
    const store = editor();
    store.getState().select(['split']);
    const { graph, selected, positions } = store.getState();
    const edit = addNextTo('train.logistic', graph, selected, positions);
    expect(edit).toEqual({ type: 'add', kind: 'train.logistic', in: { table: 'split.train' }, position: { x: 300 + NODE_WIDTH + 70, y: 0 } });
    store.getState().apply(edit);
    const s = store.getState();
    expect(s.source).toContain('  train:\n    uses: train.logistic\n    in: { table: split.train }\n');
    expect(s.graph?.edges.map((e) => e.id)).toContain('split.train->train.table');
    expect(s.selected).toEqual(['train']);
    expect(s.positions.train).toEqual({ x: 300 + NODE_WIDTH + 70, y: 0 });
  });

  it('goes below a step that already sits where it would land', () => {
    const store = editor({ ingest: { x: 0, y: 0 }, split: { x: NODE_WIDTH + 70, y: 0 } });
    store.getState().select(['ingest']);
    const { graph, selected, positions } = store.getState();
    const edit = addNextTo('prepare.dropna', graph, selected, positions);
    expect(edit.type === 'add' && edit.in).toEqual({ table: 'ingest.table' });
    const at = edit.type === 'add' ? edit.position! : { x: 0, y: 0 };
    expect(at.x).toBe(NODE_WIDTH + 70);
    expect(at.y).toBeGreaterThan(100); // below split, which takes that spot
  });

  it('adds the step unwired, without a position, when nothing fits or no single step is selected', () => {
    const store = editor();
    const pick = (ids: string[], kind: string) => {
      store.getState().select(ids);
      const { graph, selected, positions } = store.getState();
      return addNextTo(kind, graph, selected, positions);
    };
    expect(pick(['split'], 'ingest.csv')).toEqual({ type: 'add', kind: 'ingest.csv' });
    expect(pick([], 'train.logistic')).toEqual({ type: 'add', kind: 'train.logistic' });
    expect(pick(['ingest', 'split'], 'train.logistic')).toEqual({ type: 'add', kind: 'train.logistic' });
  });
});

describe('the Retry button', () => {
  it('says what a retry does for a failed run and for a cancelled one', () => {
    expect(retryWords('failed').label).toBe('Retry from the failed step');
    expect(retryWords('cancelled')).toEqual({
      label: 'Resume where it stopped',
      help: 'a new run that reuses the steps that finished and runs the rest, from the step that was interrupted.',
    });
  });
});
