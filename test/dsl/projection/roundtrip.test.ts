// projectGraph over the whole DSL corpus, checked against a plain reading of the YAML; identity edits are byte-identical.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  addStep,
  connect,
  disconnect,
  NEEDS_PORT,
  PORT_REF,
  projectGraph,
  removeStep,
  renameStep,
  setConfig,
  STEP_ID,
  type GraphEdge,
} from '../../../dsl';
import { corpus, penguinsSource } from './corpus';

const sources = corpus();

/** The edges a plain JS reading of the file implies (the oracle projectGraph is held to). */
function expectedEdges(source: string): string[] {
  const steps = (parse(source)?.steps ?? {}) as Record<string, { in?: unknown; needs?: unknown } | null>;
  const ids = new Set(Object.keys(steps));
  const out: string[] = [];
  for (const [id, body] of Object.entries(steps)) {
    if (!body || typeof body !== 'object') continue;
    const inputs = body.in && typeof body.in === 'object' ? Object.entries(body.in) : [];
    for (const [port, ref] of inputs) {
      const m = typeof ref === 'string' ? PORT_REF.exec(ref) : null;
      if (m && ids.has(m[1])) out.push(`${m[1]}.${m[2]}->${id}.${port}`);
    }
    const needs = typeof body.needs === 'string' ? [body.needs] : Array.isArray(body.needs) ? body.needs : [];
    for (const n of needs) if (ids.has(n)) out.push(`${n}.${NEEDS_PORT}->${id}.${NEEDS_PORT}`);
  }
  return [...new Set(out)];
}

describe('projectGraph over the corpus', () => {
  it('collects the corpus', () => {
    expect(sources.length).toBeGreaterThan(40);
  });

  it.each(sources.map((s) => [s.name, s.source] as const))('%s', (_name, source) => {
    const { graph, diagnostics } = projectGraph(source);
    let plain: { steps?: Record<string, { uses?: unknown; with?: unknown } | null>; name?: unknown } | null;
    try {
      plain = parse(source, { uniqueKeys: true });
    } catch {
      expect(graph).toBeUndefined(); // only a YAML that does not parse has no graph
      expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
      return;
    }
    expect(graph).toBeDefined();
    if (!graph) return;
    const steps = plain?.steps && typeof plain.steps === 'object' ? plain.steps : {};
    expect(graph.nodes.map((n) => n.id)).toEqual(Object.keys(steps));
    const lines = source.split('\n');
    for (const node of graph.nodes) {
      const body = steps[node.id];
      expect(node.kind).toBe(typeof body?.uses === 'string' ? body.uses : '');
      expect(node.config).toEqual(body && typeof body === 'object' ? body.with : undefined);
      expect(lines[node.line - 1].trimStart().replace(/^['"]/, '').startsWith(node.id)).toBe(true);
      if (node.known) expect(node.outputs.length).toBeGreaterThan(0);
      else expect([node.inputs, node.outputs]).toEqual([[], []]);
    }
    expect(graph.edges.map((e) => e.id).sort()).toEqual(expectedEdges(source).sort());
    if (typeof plain?.name === 'string') expect(graph.name).toBe(plain.name);
  });
});

describe('the penguins graph', () => {
  const { graph } = projectGraph(penguinsSource);

  it('has its nodes in file order with catalog ports, config and gates', () => {
    expect(graph?.name).toBe('penguins');
    expect(graph?.nodes.map((n) => [n.id, n.kind, n.line, n.hasGate])).toEqual([
      ['ingest', 'ingest.json', 7, false],
      ['validate', 'validate.table', 19, false],
      ['clean', 'prepare.dropna', 30, false],
      ['split', 'prepare.split', 34, false],
      ['train', 'train.logistic', 38, false],
      ['evaluate', 'evaluate.classifier', 46, true],
      ['register', 'registry.register', 50, false],
      ['deploy', 'deploy.endpoint', 54, false],
    ]);
    const register = graph?.nodes.find((n) => n.id === 'register');
    expect(register).toMatchObject({
      known: true,
      inputs: [{ name: 'model', type: 'Model' }, { name: 'metrics', type: 'Metrics', optional: true }],
      outputs: [{ name: 'version', type: 'ModelVersion' }],
      config: { name: 'penguins', stage: 'staging', tags: { dataset: 'palmer-penguins' } },
    });
  });

  it('has one data edge per input', () => {
    expect(graph?.edges.map((e: GraphEdge) => e.id)).toEqual([
      'ingest.table->validate.table',
      'validate.table->clean.table',
      'clean.table->split.table',
      'split.train->train.table',
      'train.model->evaluate.model',
      'split.test->evaluate.table',
      'train.model->register.model',
      'evaluate.metrics->register.metrics',
      'register.version->deploy.version',
    ]);
    expect(graph?.edges[0]).toEqual({
      id: 'ingest.table->validate.table',
      source: 'ingest',
      sourcePort: 'table',
      target: 'validate',
      targetPort: 'table',
      kind: 'data',
    });
  });

  it('gives no graph (and a syntax error) for a YAML that does not parse', () => {
    const { graph: broken, diagnostics } = projectGraph('steps:\n  a: { uses: x\n');
    expect(broken).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ severity: 'error', line: 3 });
  });

  it('gives an empty graph for an empty file', () => {
    expect(projectGraph('').graph).toEqual({ nodes: [], edges: [] });
  });
});

describe('identity edits are byte-identical over the corpus', () => {
  const editable = sources.filter((s) => projectGraph(s.source).graph);

  it.each(editable.map((s) => [s.name, s.source] as const))('%s', (_name, source) => {
    const graph = projectGraph(source).graph!;
    expect(removeStep(source, 'no-such-step')).toBe(source);
    for (const node of graph.nodes) {
      expect(renameStep(source, node.id, node.id)).toBe(source);
      if (node.config !== undefined && node.config !== null) {
        expect(setConfig(source, node.id, [], node.config)).toBe(source);
        for (const [key, value] of Object.entries(node.config as object)) {
          expect(setConfig(source, node.id, [key], value)).toBe(source);
        }
      }
      const body = (parse(source).steps ?? {})[node.id];
      if (!body || typeof body !== 'object') continue; // a step that is not a map cannot be edited
      if (node.config === undefined) expect(setConfig(source, node.id, ['nothing'], undefined)).toBe(source);
      expect(disconnect(source, { target: node.id, targetPort: 'noSuchPort' })).toBe(source);
    }
    for (const edge of graph.edges.filter((e) => e.kind === 'data')) expect(connect(source, edge)).toBe(source);
  });

  it.each(editable.filter((s) => projectGraph(s.source).graph!.nodes.length > 0).map((s) => [s.name, s.source] as const))(
    'add then remove a step, and rename there and back: %s',
    (_name, source) => {
      const added = addStep(source, { id: 'zz-added', kind: 'prepare.dropna', config: { columns: ['a'] } });
      expect(projectGraph(added).graph?.nodes.at(-1)).toMatchObject({ id: 'zz-added', kind: 'prepare.dropna', config: { columns: ['a'] } });
      expect(removeStep(added, 'zz-added')).toBe(source);
      for (const node of projectGraph(source).graph!.nodes.filter((n) => STEP_ID.test(n.id))) {
        const renamed = renameStep(source, node.id, 'zz-renamed');
        expect(projectGraph(renamed).graph?.nodes.map((n) => n.id)).toContain('zz-renamed');
        expect(renameStep(renamed, 'zz-renamed', node.id)).toBe(source);
      }
    },
  );
});
