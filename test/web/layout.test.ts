// The editor's automatic layout (server/layout.ts): left to right, a chain stays one row (no wrapping), no edge
// runs backwards, no two nodes overlap; and the lanes that keep an edge from running behind a step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectGraph } from '../../dsl/projection';
import type { PipelineGraph } from '../../dsl/projection/types';
import { layoutGraph, nodeHeight, NODE_WIDTH, portY, type Positions } from '../../server/layout';
import { createGraphLanes, edgeLanes, graphLanes } from '../../app/editor/edge-lanes';
import { shapedPipeline } from '../../bench/lib/shapes';
import { generatePipeline } from '../../bench/lib/pipeline';
import { overlaps } from '../helpers/flow';

const graphOf = (source: string): PipelineGraph => projectGraph(source).graph!;

const boxes = (g: PipelineGraph, p: Positions) =>
  g.nodes.map((n) => ({ id: n.id, ...p[n.id], width: NODE_WIDTH, height: nodeHeight(n.inputs.length, n.outputs.length) }));

/** Edges whose target does not start to the right of its source's right side. */
const backwards = (g: PipelineGraph, p: Positions) => g.edges.filter((e) => p[e.target].x <= p[e.source].x + NODE_WIDTH).map((e) => e.id);

describe('layoutGraph', () => {
  it('lays a 30-step chain out as one row, left to right', async () => {
    const g = graphOf(shapedPipeline('chain', 30).yaml);
    expect(g.nodes).toHaveLength(30);
    const p = await layoutGraph(g);
    expect(Object.keys(p).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    expect(backwards(g, p)).toEqual([]);
    // One row: every step at the same height, each one further right than the one before.
    expect(new Set(g.nodes.map((n) => p[n.id].y)).size).toBe(1);
    const xs = g.nodes.map((n) => p[n.id].x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(overlaps(boxes(g, p))).toEqual([]);
  });

  it('lays branchy graphs out with no edge running backwards and no overlaps', async () => {
    const sources = {
      dag: shapedPipeline('dag', 40).yaml,
      fan: shapedPipeline('fan', 20).yaml,
      branches: generatePipeline({ name: 'branches', steps: 60, seed: 5 }).source,
      sixty: readFileSync('test/dsl/fixtures/sixty-steps.yaml', 'utf8'),
      churn: readFileSync('test/dsl/fixtures/churn.yaml', 'utf8'),
    };
    for (const [name, source] of Object.entries(sources)) {
      const g = graphOf(source);
      const p = await layoutGraph(g);
      expect({ name, backwards: backwards(g, p) }).toEqual({ name, backwards: [] });
      expect({ name, overlaps: overlaps(boxes(g, p)) }).toEqual({ name, overlaps: [] });
    }
    // The dag has ordering-only edges, laid out like the data ones.
    expect(graphOf(sources.dag).edges.some((e) => e.kind === 'needs')).toBe(true);
  });

  it('puts the first step at the top left', async () => {
    const g = graphOf(readFileSync('test/dsl/fixtures/sixty-steps.yaml', 'utf8'));
    const p = await layoutGraph(g);
    const ingest = p.ingest;
    expect(Object.values(p).every((q) => q.x >= ingest.x && q.y >= ingest.y)).toBe(true);
  });
});

describe('edge lanes', () => {
  const box = (id: string, x: number, y: number) => ({ id, x, y, width: 220, height: 82 });

  it('leaves an edge between neighbouring layers alone', () => {
    const lanes = edgeLanes([box('a', 0, 0), box('b', 290, 0)], [{ id: 'e', source: 'a', target: 'b', from: { x: 220, y: 66 }, to: { x: 290, y: 66 } }]);
    expect(lanes.size).toBe(0);
  });

  it('routes an edge that skips a layer around the step in between', () => {
    const nodes = [box('a', 0, 0), box('mid', 290, 0), box('b', 580, 0)];
    const lanes = edgeLanes(nodes, [{ id: 'e', source: 'a', target: 'b', from: { x: 220, y: 66 }, to: { x: 580, y: 66 } }]);
    const lane = lanes.get('e')!;
    // Clear of the middle step (0..82), above or below it.
    expect(lane < 0 || lane > 82).toBe(true);
  });

  it('finds the skipping edge of a laid-out graph: a step fed by the first step and by a check between them', async () => {
    const g = graphOf(
      [
        'headrace: 1',
        'name: skip',
        'steps:',
        '  ingest: { uses: ingest.csv, with: { path: t.csv } }',
        '  audit: { uses: validate.table, in: { table: ingest.table } }',
        '  clean: { uses: prepare.dropna, in: { table: ingest.table }, needs: [audit] }',
      ].join('\n'),
    );
    const p = await layoutGraph(g);
    const lanes = graphLanes(g, p);
    expect([...lanes.keys()]).toEqual(['ingest.table->clean.table']);
    const audit = p.audit;
    const lane = lanes.get('ingest.table->clean.table')!;
    expect(lane <= audit.y || lane >= audit.y + nodeHeight(1, 2)).toBe(true);
    // The handle heights the lanes start from are the canvas's: header, gap, then 22 px rows.
    expect(portY(0)).toBe(66);
  });

  it('keeps the lanes of a config edit and recomputes them when a step moves', async () => {
    const text = (epochs: number) => [
      'headrace: 1',
      'name: skip',
      'steps:',
      '  ingest: { uses: ingest.csv, with: { path: t.csv } }',
      '  audit: { uses: validate.table, in: { table: ingest.table } }',
      `  clean: { uses: prepare.dropna, in: { table: ingest.table }, needs: [audit], with: { columns: [c${epochs}] } }`,
    ].join('\n');
    const g = graphOf(text(1));
    const p = await layoutGraph(g);
    const lanesOf = createGraphLanes();
    const first = lanesOf(g, p);
    expect(first).toEqual(graphLanes(g, p));
    // A new graph object whose steps and edges sit where they did: the same answer, not a new scan.
    expect(lanesOf(graphOf(text(2)), p)).toBe(first);
    // The check between the ends moved out of the way: no lane any more.
    const moved = { ...p, audit: { x: p.audit.x, y: p.audit.y + 1000 } };
    const after = lanesOf(g, moved);
    expect(after).not.toBe(first);
    expect(after).toEqual(graphLanes(g, moved));
    expect(after.size).toBe(0);
  });
});
