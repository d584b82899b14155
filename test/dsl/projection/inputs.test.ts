// Where a step's inputs may come from (the config panel's input selects) and the wire a step added next to
// the selected one gets: same port type, never from the step itself or a step downstream of it (a cycle).
import { describe, expect, it } from 'vitest';
import { canConnect, connect, projectGraph, validate, type PipelineGraph } from '../../../dsl';
import { ADD_INPUT, downstreamOf, inputSlots, wireFrom } from '../../../dsl/projection';
import { penguinsSource } from './corpus';

const graph = projectGraph(penguinsSource).graph as PipelineGraph;
const refs = (slot: { choices: { source: string; sourcePort: string }[] }) => slot.choices.map((c) => `${c.source}.${c.sourcePort}`);

describe('inputSlots', () => {
  it('gives one slot per input port with its current wire and the outputs of its type upstream', () => {
    const slots = inputSlots(graph, 'evaluate');
    expect(slots.map((s) => [s.port, s.type, s.optional, s.current])).toEqual([
      ['model', 'Model', false, 'train.model'],
      ['table', 'Table', false, 'split.test'],
    ]);
    expect(refs(slots[0])).toEqual(['train.model']);
    expect(refs(slots[1])).toEqual(['ingest.table', 'validate.table', 'clean.table', 'split.train', 'split.test']);
  });

  it('leaves out the step itself and every step downstream of it', () => {
    expect([...downstreamOf(graph, 'clean')].sort()).toEqual(['clean', 'deploy', 'evaluate', 'register', 'split', 'train']);
    const [table] = inputSlots(graph, 'clean');
    expect(table.current).toBe('validate.table');
    expect(refs(table)).toEqual(['ingest.table', 'validate.table']);
  });

  it('has no current wire for an input not wired yet, and nothing for an unknown step', () => {
    const unwired = projectGraph(penguinsSource.replace('    in: { table: split.train }\n', '')).graph as PipelineGraph;
    const [table] = inputSlots(unwired, 'train');
    expect(table.current).toBeUndefined();
    expect(refs(table)).toContain('split.train');
    expect(inputSlots(graph, 'nope')).toEqual([]);
  });
});

describe('wireFrom', () => {
  const node = (id: string) => graph.nodes.find((n) => n.id === id)!;

  it('takes the first output of the selected step that fits an input of the new kind', () => {
    expect(wireFrom(node('split'), 'train.logistic')).toEqual({ targetPort: 'table', ref: 'split.train' });
    expect(wireFrom(node('train'), 'evaluate.classifier')).toEqual({ targetPort: 'model', ref: 'train.model' });
    expect(wireFrom(node('evaluate'), 'registry.register')).toEqual({ targetPort: 'metrics', ref: 'evaluate.metrics' });
  });

  it('gives nothing when no pair has the same type, or the kind is unknown', () => {
    expect(wireFrom(node('evaluate'), 'prepare.split')).toBeUndefined();
    expect(wireFrom(node('split'), 'ingest.csv')).toBeUndefined();
    expect(wireFrom(node('split'), 'no.such')).toBeUndefined();
  });
});

describe('a kind with inputs the pipeline names (prepare.sql)', () => {
  const withSql = `${penguinsSource.trimEnd()}\n  joined:\n    uses: prepare.sql\n    in: { train: split.train }\n    with: { query: SELECT * FROM train }\n`;
  const g = () => projectGraph(withSql).graph as PipelineGraph;

  it('shows the ports the step names, then the slot that adds one', () => {
    const joined = g().nodes.find((n) => n.id === 'joined')!;
    expect(joined.inputs).toEqual([{ name: 'train', type: 'Table' }, { name: ADD_INPUT, type: 'Table', optional: true, adds: true }]);
    const slots = inputSlots(g(), 'joined');
    expect(slots.map((s) => [s.port, s.current, s.adds])).toEqual([['train', 'split.train', undefined], [ADD_INPUT, undefined, true]]);
    expect(refs(slots[1])).toContain('split.test');
  });

  it('names a new input after the step it comes from, unique among the step\'s inputs', () => {
    const once = connect(withSql, { source: 'split', sourcePort: 'test', target: 'joined', targetPort: ADD_INPUT });
    expect(once).toContain('in: { train: split.train, split: split.test }');
    const twice = connect(once, { source: 'split', sourcePort: 'train', target: 'joined', targetPort: ADD_INPUT });
    expect(twice).toContain('in: { train: split.train, split: split.test, split_2: split.train }');
    expect(validate(twice).filter((d) => d.severity === 'error')).toEqual([]);
    expect(canConnect(g(), { source: 'split', sourcePort: 'test', target: 'joined', targetPort: ADD_INPUT })).toEqual({ ok: true });
    expect(canConnect(g(), { source: 'train', sourcePort: 'model', target: 'joined', targetPort: ADD_INPUT }).ok).toBe(false);
    // A step added next to another takes its table under that step's name.
    expect(wireFrom(graph.nodes.find((n) => n.id === 'split')!, 'prepare.sql')).toEqual({ targetPort: 'split', ref: 'split.train' });
  });
});
