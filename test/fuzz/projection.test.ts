// The editor's graph edits (dsl/projection) in random sequences on the corpus and on built pipelines. Each edit
// either gives a new text or refuses with an EditError, never another exception; what it did shows when the text
// is projected again; and the round trips the projection tests hold for hand-picked files hold here too: adding a
// step then removing it, and renaming a step there and back, give the text back byte for byte, and identity edits
// change nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addStep,
  connect,
  disconnect,
  EditError,
  getStepKind,
  projectGraph,
  removeStep,
  renameStep,
  setConfig,
  STEP_ID,
  stepKindNames,
  type PipelineGraph,
} from '../../dsl';
import { pipelineDocuments, seedSources } from './pipeline-docs';
import { validish } from './zod-arbitrary';

const SEED = 15_2027;
const SEQUENCES = 400;

/** JSON's view of a value (what a config holds once written as YAML: no undefined keys, no NaN). */
const plain = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)) as unknown);

type Edit =
  | { op: 'add'; kind: string; config: unknown; wire: number }
  | { op: 'remove' | 'rename'; pick: number }
  | { op: 'connect'; pick: number; from: number; port: number }
  | { op: 'disconnect'; pick: number; port: number }
  | { op: 'set'; pick: number; key: string; value: unknown };

const kinds = stepKindNames() as string[];
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .constantFrom(...kinds)
    .chain((kind) => fc.record({ op: fc.constant('add' as const), kind: fc.constant(kind), config: validish(getStepKind(kind)!.config), wire: fc.nat() })),
  fc.record({ op: fc.constantFrom('remove' as const, 'rename' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('connect' as const), pick: fc.nat(), from: fc.nat(), port: fc.nat() }),
  fc.record({ op: fc.constant('disconnect' as const), pick: fc.nat(), port: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), pick: fc.nat(), key: fc.constantFrom('path', 'target', 'epochs', 'columns', 'zz', 'name'), value: fc.jsonValue({ maxDepth: 2 }) }),
);

interface Tally {
  applied: number;
  refused: number;
  roundTrips: number;
}

/** Applies one edit to a text that projects to `graph`, checking what it did; the new text. */
function apply(source: string, graph: PipelineGraph, e: Edit, tally: Tally): string {
  const nodes = graph.nodes;
  const node = nodes.length > 0 ? nodes[('pick' in e ? e.pick : 0) % nodes.length] : undefined;
  const project = (s: string) => {
    const g = projectGraph(s).graph;
    if (!g) throw new Error(`the edit ${JSON.stringify(e)} left a text that does not project:\n${s}`);
    return g;
  };
  switch (e.op) {
    case 'add': {
      const id = `zz-added-${nodes.length}`;
      const from = nodes.length > 0 ? nodes[e.wire % nodes.length] : undefined;
      const port = Object.keys(getStepKind(e.kind)!.inputs)[0];
      const config = plain(e.config) as Record<string, unknown> | undefined;
      const wired = from && port && from.outputs[0] ? { [port]: `${from.id}.${from.outputs[0].name}` } : undefined;
      const added = addStep(source, { id, kind: e.kind, config, in: wired });
      const last = project(added).nodes.at(-1);
      expect(last?.id).toBe(id);
      expect(last?.kind).toBe(e.kind);
      if (config && Object.keys(config).length > 0) expect(last?.config).toEqual(config);
      // Removing the only step leaves `steps: {}`, and addStep ends a file without a final newline with one (the
      // edit tests hold both): the way back is exact from a file with steps, up to the end of an unfinished last line.
      if (nodes.length > 0) {
        const back = removeStep(added, id);
        if (source.endsWith('\n')) expect(back).toBe(source);
        else expect(back.trimEnd()).toBe(source.trimEnd());
        tally.roundTrips++;
      }
      return added;
    }
    case 'remove': {
      if (!node) return removeStep(source, 'no-such-step');
      const removed = removeStep(source, node.id);
      const g = project(removed);
      expect(g.nodes.map((n) => n.id)).not.toContain(node.id);
      expect(g.edges.filter((x) => x.source === node.id || x.target === node.id)).toEqual([]);
      return removed;
    }
    case 'rename': {
      if (!node || !STEP_ID.test(node.id)) return source;
      expect(renameStep(source, node.id, node.id)).toBe(source);
      const renamed = renameStep(source, node.id, 'zz-renamed');
      expect(project(renamed).nodes.map((n) => n.id)).toContain('zz-renamed');
      expect(renameStep(renamed, 'zz-renamed', node.id)).toBe(source);
      tally.roundTrips++;
      return renamed;
    }
    case 'connect': {
      const from = nodes[e.from % Math.max(1, nodes.length)];
      const output = from?.outputs[e.port % Math.max(1, from.outputs.length)];
      const input = node?.inputs.filter((p) => !p.adds)[e.port % Math.max(1, node.inputs.length)];
      if (!node || !from || !output || !input || from.id === node.id) return source;
      const c = { source: from.id, sourcePort: output.name, target: node.id, targetPort: input.name };
      const connected = connect(source, c);
      expect(project(connected).edges.map((x) => x.id)).toContain(`${c.source}.${c.sourcePort}->${c.target}.${c.targetPort}`);
      expect(connect(connected, c)).toBe(connected); // connecting what is connected changes nothing
      return connected;
    }
    case 'disconnect': {
      const edge = graph.edges.filter((x) => x.kind === 'data')[e.port % Math.max(1, graph.edges.length)];
      if (!edge) return disconnect(source, { target: node?.id ?? 'no-such-step', targetPort: 'noSuchPort' });
      const cut = disconnect(source, edge);
      expect(project(cut).edges.map((x) => x.id)).not.toContain(edge.id);
      return cut;
    }
    case 'set': {
      if (!node) return source;
      const value = plain(e.value);
      const set = setConfig(source, node.id, [e.key], value);
      const config = project(set).nodes.find((n) => n.id === node.id)?.config as Record<string, unknown> | undefined;
      if (value === null) expect(config?.[e.key] ?? null).toBeNull();
      else expect(config?.[e.key]).toEqual(value);
      if (config) expect(setConfig(set, node.id, [], config)).toBe(set);
      return set;
    }
  }
}

describe('projection edits, fuzzed', () => {
  it(`${SEQUENCES} random edit sequences: EditError or a text whose graph shows the edit; round trips give the text back`, () => {
    const t0 = performance.now();
    const cases = fc.sample(fc.tuple(pipelineDocuments(seedSources(), 1), fc.array(edit, { minLength: 1, maxLength: 6 })), { seed: SEED, numRuns: SEQUENCES });
    const tally: Tally = { applied: 0, refused: 0, roundTrips: 0 };
    let editable = 0;
    for (const [start, edits] of cases) {
      let source = start;
      let graph = projectGraph(source).graph;
      if (graph) editable++;
      for (const e of edits) {
        if (!graph) break;
        try {
          source = apply(source, graph, e, tally);
          tally.applied++;
        } catch (err) {
          if (!(err instanceof EditError)) throw new Error(`edit ${JSON.stringify(e)} on ${JSON.stringify(source)}: ${String(err)}`, { cause: err });
          tally.refused++;
        }
        graph = projectGraph(source).graph;
      }
    }
    console.log(
      `fuzz projection: seed ${SEED}, ${cases.length} sequences (${editable} on a text that projects), ${tally.applied} edits applied, ` +
        `${tally.refused} refused with EditError, ${tally.roundTrips} round trips held, ${(performance.now() - t0).toFixed(0)} ms`,
    );
    expect(tally.applied).toBeGreaterThan(SEQUENCES);
    expect(tally.roundTrips).toBeGreaterThan(SEQUENCES / 5);
  });
});
