// The canvas's connection rule: port types, unknown ports, self-loops and cycles, each refused with a reason.
import { describe, expect, it } from 'vitest';
import { canConnect, projectGraph, type PipelineGraph } from '../../../dsl';
import { penguinsSource } from './corpus';

const graph = projectGraph(penguinsSource).graph as PipelineGraph;
const c = (source: string, sourcePort: string, target: string, targetPort: string) => ({ source, sourcePort, target, targetPort });

describe('canConnect', () => {
  it('accepts a matching type, and an edge that already exists', () => {
    expect(canConnect(graph, c('ingest', 'table', 'clean', 'table'))).toEqual({ ok: true });
    expect(canConnect(graph, c('train', 'model', 'evaluate', 'model'))).toEqual({ ok: true });
  });

  it('refuses different port types, naming both', () => {
    expect(canConnect(graph, c('train', 'model', 'clean', 'table'))).toEqual({ ok: false, reason: 'a Model output cannot feed a Table input' });
    expect(canConnect(graph, c('split', 'test', 'register', 'metrics'))).toEqual({ ok: false, reason: 'a Table output cannot feed a Metrics input' });
  });

  it('refuses unknown ports and steps', () => {
    expect(canConnect(graph, c('ingest', 'table', 'train', 'tabel'))).toEqual({ ok: false, reason: "step 'train' (train.logistic) has no input 'tabel'" });
    expect(canConnect(graph, c('ingest', 'rows', 'train', 'table'))).toEqual({ ok: false, reason: "step 'ingest' (ingest.json) has no output 'rows'" });
    expect(canConnect(graph, c('ingest', 'table', 'nope', 'table'))).toEqual({ ok: false, reason: "unknown step 'nope'" });
  });

  it('refuses a self-loop', () => {
    expect(canConnect(graph, c('clean', 'table', 'clean', 'table'))).toEqual({ ok: false, reason: "step 'clean' cannot take its own output" });
  });

  it('refuses a cycle, naming its path', () => {
    expect(canConnect(graph, c('split', 'train', 'validate', 'table'))).toEqual({
      ok: false,
      reason: 'it would create a cycle: split -> validate -> clean -> split',
    });
  });

  it('counts needs: edges in cycles', () => {
    const source = 'steps:\n  x: { uses: ingest.csv, with: { path: x.csv } }\n  y: { uses: prepare.dropna, in: { table: x.table }, needs: [z] }\n  z: { uses: prepare.dropna, in: { table: x.table } }\n';
    const g = projectGraph(source).graph as PipelineGraph;
    expect(g.edges.map((e) => [e.id, e.kind])).toContainEqual(['z.@needs->y.@needs', 'needs']);
    expect(canConnect(g, c('y', 'table', 'z', 'table'))).toEqual({ ok: false, reason: 'it would create a cycle: y -> z -> y' });
    expect(canConnect(g, c('z', 'table', 'y', 'table'))).toEqual({ ok: true });
  });
});
