// Each edit on a hand-written file: only the edited steps' lines change, every comment survives, and the result compiles.
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import {
  addStep,
  compile,
  connect,
  disconnect,
  EditError,
  projectGraph,
  removeStep,
  renameStep,
  setConfig,
  validate,
} from '../../../dsl';
import { readFixture } from './corpus';

const source = readFixture('commented.yaml');

/** 1-based line ranges of each step, from its key to the end of its last value line. */
function stepLines(src: string): Map<string, [number, number]> {
  const lc = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lc });
  const steps = (doc.contents as YAMLMap).get('steps') as YAMLMap;
  const out = new Map<string, [number, number]>();
  for (const pair of steps.items as Pair<Node, Node>[]) {
    const end = Math.max(pair.key.range![1], pair.value?.range?.[1] ?? 0);
    const last = lc.linePos(end).line - (src[end - 1] === '\n' ? 1 : 0);
    // A removed step may take the blank line above it (the one addStep writes).
    const first = lc.linePos(pair.key.range![0]).line;
    const lines = src.split('\n');
    out.set(String((pair.key as unknown as { value: string }).value), [lines[first - 2]?.trim() === '' ? first - 1 : first, last]);
  }
  return out;
}

/** Indexes (0-based) of `a`'s lines that are not in a longest common subsequence with `b`. */
function changedLines(a: string[], b: string[]): number[] {
  const n = a.length;
  const m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) out.push(i++);
    else j++;
  }
  while (i < n) out.push(i++);
  return out;
}

const errors = (src: string) => validate(src).filter((d) => d.severity === 'error').map((d) => d.message);
const comments = (src: string) => src.split('\n').filter((l) => l.trimStart().startsWith('#'));

interface EditCase {
  name: string;
  edit: (src: string) => string;
  /** Steps whose lines may change (insertions anywhere are allowed). */
  touches: string[];
  /** Comment lines the edit may remove (those inside a removed step). */
  dropsComments?: string[];
  /** The edit makes the pipeline invalid on purpose (the new errors are checked by the test itself). */
  allowNewErrors?: boolean;
}

const cases: EditCase[] = [
  { name: 'addStep at the end', edit: (s) => addStep(s, { id: 'register-b', kind: 'registry.register', in: { model: 'train.model' }, config: { name: 'churn-b' } }), touches: [] },
  { name: 'addStep after a step', edit: (s) => addStep(s, { id: 'audit-2', kind: 'ingest.json', config: { path: 'more.jsonl' }, after: 'audit' }), touches: [] },
  { name: 'removeStep referenced by needs (block list)', edit: (s) => removeStep(s, 'audit'), touches: ['audit', 'check'] },
  { name: 'removeStep referenced by an optional input', edit: (s) => removeStep(s, 'evaluate'), touches: ['evaluate', 'register'] },
  { name: 'removeStep of a leaf at the end', edit: (s) => removeStep(s, 'register'), touches: ['register'] },
  { name: 'renameStep', edit: (s) => renameStep(s, 'split', 'divide'), touches: ['split', 'train', 'evaluate'] },
  { name: 'renameStep of a quoted reference', edit: (s) => renameStep(s, 'check', 'checked'), touches: ['check', 'split'] },
  { name: 'connect replaces a double-quoted reference', edit: (s) => connect(s, { source: 'ingest', sourcePort: 'table', target: 'split', targetPort: 'table' }), touches: ['split'] },
  { name: 'connect replaces a block-map input', edit: (s) => connect(s, { source: 'audit', sourcePort: 'table', target: 'check', targetPort: 'table' }), touches: ['check'] },
  { name: 'connect adds to a flow map', edit: (s) => connect(s, { source: 'check', sourcePort: 'table', target: 'evaluate', targetPort: 'table' }), touches: ['evaluate'] },
  { name: 'connect creates in:', edit: (s) => connect(s, { source: 'ingest', sourcePort: 'table', target: 'audit', targetPort: 'table' }), touches: [], allowNewErrors: true },
  { name: 'disconnect an optional input', edit: (s) => disconnect(s, { target: 'register', targetPort: 'metrics' }), touches: ['register'] },
  { name: 'setConfig replaces a block value', edit: (s) => setConfig(s, 'train', ['epochs'], 50), touches: ['train'] },
  { name: 'setConfig adds a block key', edit: (s) => setConfig(s, 'train', ['learningRate'], 0.05), touches: ['train'] },
  { name: 'setConfig appends to a flow list', edit: (s) => setConfig(s, 'train', ['features', 1], 'charges'), touches: ['train'] },
  { name: 'setConfig adds to a flow map', edit: (s) => setConfig(s, 'split', ['stratify'], 'churned'), touches: ['split'] },
  { name: 'setConfig deletes in a nested flow map', edit: (s) => setConfig(s, 'ingest', ['columns', 'plan'], undefined), touches: ['ingest'] },
  { name: 'setConfig deletes a nested block key', edit: (s) => setConfig(s, 'check', ['columns', 'churned'], undefined), touches: ['check'] },
  { name: 'setConfig writes a param expression', edit: (s) => setConfig(s, 'split', ['seed'], '${{ params.epochs }}'), touches: ['split'] },
  { name: 'setConfig writes a string YAML must quote', edit: (s) => setConfig(s, 'register', ['description'], 'v1: first, #1'), touches: ['register'] },
  { name: 'setConfig deletes the last key of with:', edit: (s) => setConfig(setConfig(s, 'audit', ['path'], undefined), 'audit', ['path'], 'x.json'), touches: ['audit'] },
];

describe('edits on a file full of comments', () => {
  const before = source.split('\n');
  const ranges = stepLines(source);
  const baseErrors = errors(source);

  it('starts from a pipeline that compiles', () => {
    expect(compile(source).plan).toBeDefined();
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const after = c.edit(source);
    expect(after).not.toBe(source);
    const allowed = c.touches.map((id) => ranges.get(id)!);
    for (const i of changedLines(before, after.split('\n'))) {
      const line = i + 1;
      if (!allowed.some(([a, b]) => line >= a && line <= b)) throw new Error(`line ${line} changed outside ${c.touches.join(', ') || 'nothing'}: ${before[i]}`);
    }
    // Every comment line survives, in order (a removed step takes only its own).
    const kept = comments(after);
    const expected = comments(source).filter((l) => !(c.dropsComments ?? []).includes(l));
    expect(expected.every((l) => kept.includes(l))).toBe(true);
    if (c.allowNewErrors) return;
    expect(errors(after).filter((e) => !baseErrors.includes(e))).toEqual([]);
    expect(compile(after).plan).toBeDefined();
  });

  it('edits re-project to the expected graph', () => {
    const g = (s: string) => projectGraph(s).graph!;
    const added = addStep(source, { id: 'dropna', kind: 'prepare.dropna', in: { table: 'check.table' } });
    expect(g(added).nodes.at(-1)).toMatchObject({ id: 'dropna', kind: 'prepare.dropna', config: undefined });
    expect(g(added).edges.map((e) => e.id)).toContain('check.table->dropna.table');
    expect(added.endsWith('staging first\n\n  dropna:\n    uses: prepare.dropna\n    in: { table: check.table }\n# The end.\n')).toBe(true);
    expect(removeStep(added, 'dropna')).toBe(source);
    const middle = addStep(source, { id: 'mid', kind: 'ingest.json', config: { path: 'm.json' }, after: 'ingest' });
    expect(middle).toContain('{ type: boolean } }\n\n  mid:\n    uses: ingest.json\n    with: { path: m.json }\n\n  # An audit trail');
    expect(removeStep(middle, 'mid')).toBe(source);

    const removed = removeStep(source, 'audit');
    expect(g(removed).nodes.map((n) => n.id)).not.toContain('audit');
    expect(g(removed).edges.some((e) => e.source === 'audit')).toBe(false);
    expect(removed).not.toContain('needs');

    const renamed = renameStep(source, 'split', 'divide');
    expect(g(renamed).edges.filter((e) => e.source === 'divide').map((e) => e.id)).toEqual(['divide.train->train.table', 'divide.test->evaluate.table']);
    expect(renamed).toContain('  divide:\n    uses: prepare.split\n    in: { table: "check.table" }');

    const quoted = connect(source, { source: 'ingest', sourcePort: 'table', target: 'split', targetPort: 'table' });
    expect(quoted).toContain('in: { table: "ingest.table" }');
    expect(g(quoted).edges.map((e) => e.id)).toContain('ingest.table->split.table');

    const cut = disconnect(disconnect(source, { target: 'register', targetPort: 'metrics' }), { target: 'register', targetPort: 'model' });
    expect(cut).toContain('  register:\n    uses: registry.register\n    with: { name: churn, stage: staging }   # staging first\n');
    expect(g(cut).edges.some((e) => e.target === 'register')).toBe(false);

    const configured = setConfig(source, 'register', ['description'], 'v1: first, #1');
    expect(configured).toContain('with: { name: churn, stage: staging, description: "v1: first, #1" }   # staging first');
    expect(g(configured).nodes.find((n) => n.id === 'register')?.config).toEqual({ name: 'churn', stage: 'staging', description: 'v1: first, #1' });

    const templated = setConfig(source, 'train', ['target'], '${{ params.target }}');
    expect(templated).toContain('      target: ${{ params.target }}\n');
    const flowTemplated = setConfig(source, 'split', ['seed'], '${{ params.epochs }}');
    expect(flowTemplated).toContain('with: { test: 0.2, seed: "${{ params.epochs }}" }   # fixed seed');

    const noWith = setConfig(source, 'audit', ['path'], undefined);
    expect(noWith).toContain('  audit:\n    uses: ingest.json\n\n  check:');
    expect(setConfig(noWith, 'audit', ['path'], 'x.json')).toContain('  audit:\n    uses: ingest.json\n    with:\n      path: x.json\n');
  });

  it('refuses edits it cannot make', () => {
    expect(() => addStep(source, { id: 'train', kind: 'train.logistic' })).toThrow(EditError);
    expect(() => addStep(source, { id: 'Bad Id', kind: 'train.logistic' })).toThrow(/bad step id/);
    expect(() => renameStep(source, 'split', 'train')).toThrow(/already exists/);
    expect(() => connect(source, { source: 'nope', sourcePort: 'table', target: 'split', targetPort: 'table' })).toThrow(/unknown step 'nope'/);
    expect(() => setConfig(source, 'nope', ['x'], 1)).toThrow(/unknown step/);
    expect(() => setConfig('steps:\n  a: { uses: x\n', 'a', ['x'], 1)).toThrow(/does not parse/);
  });
});

describe('creating structure', () => {
  it('creates steps: when missing, and fills an empty steps: {} keeping its comment', () => {
    expect(addStep('headrace: 1\nname: t\n', { id: 'ingest', kind: 'ingest.csv', config: { path: 'a.csv' } })).toBe(
      'headrace: 1\nname: t\nsteps:\n  ingest:\n    uses: ingest.csv\n    with: { path: a.csv }\n',
    );
    expect(addStep('headrace: 1\nname: t\nsteps: {}  # none yet\n', { id: 'a', kind: 'ingest.csv' })).toBe(
      'headrace: 1\nname: t\nsteps:  # none yet\n  a:\n    uses: ingest.csv\n',
    );
    expect(addStep('name: t\nsteps:', { id: 'a', kind: 'ingest.csv' })).toBe('name: t\nsteps:\n  a:\n    uses: ingest.csv\n');
  });

  it('follows the file: 4-space indentation, block in:, flow steps', () => {
    const four = 'steps:\n    a:\n        uses: ingest.csv\n    b:\n        uses: prepare.dropna\n        in:\n            table: a.table\n';
    expect(addStep(four, { id: 'c', kind: 'prepare.dropna', in: { table: 'b.table' } })).toBe(
      `${four}    c:\n        uses: prepare.dropna\n        in:\n            table: b.table\n`,
    );
    expect(connect(four, { source: 'b', sourcePort: 'table', target: 'a', targetPort: 'table' })).toBe(
      'steps:\n    a:\n        uses: ingest.csv\n        in:\n            table: b.table\n    b:\n        uses: prepare.dropna\n        in:\n            table: a.table\n',
    );
    const flow = 'steps: { a: { uses: ingest.csv } }\n';
    const two = addStep(flow, { id: 'b', kind: 'prepare.dropna', in: { table: 'a.table' } });
    expect(two).toBe('steps: { a: { uses: ingest.csv }, b: { uses: prepare.dropna, in: { table: a.table } } }\n');
    expect(removeStep(two, 'a')).toBe('steps: { b: { uses: prepare.dropna } }\n');
  });

  it('removing the last step leaves steps: {}', () => {
    expect(removeStep('name: t\nsteps:\n  a:\n    uses: x\n# end\n', 'a')).toBe('name: t\nsteps: {}\n# end\n');
  });

  it('removes a step from needs: in every form', () => {
    const src = 'steps:\n  a: { uses: x }\n  b: { uses: x, needs: a }\n  c: { uses: x, needs: [a, b] }\n  d:\n    uses: x\n    needs:\n      - b\n      - a\n';
    expect(removeStep(src, 'a')).toBe('steps:\n  b: { uses: x }\n  c: { uses: x, needs: [b] }\n  d:\n    uses: x\n    needs:\n      - b\n');
    expect(renameStep(src, 'a', 'z')).toBe(src.replace(/\ba\b/g, 'z'));
  });

  it('renames steps.X in when: conditions', () => {
    const src = 'steps:\n  ev: { uses: evaluate.classifier }\n  reg: { uses: x, when: "steps.ev.metrics.accuracy > 0.9" }\n';
    expect(renameStep(src, 'ev', 'evaluate')).toBe(src.replace(/\bev\b/g, 'evaluate'));
  });

  it('setConfig grows a flow map into block lines past the line width, and edits block lists in place', () => {
    const src = 'steps:\n  a:\n    uses: ingest.csv\n    with: { path: a.csv }\n';
    const wide = setConfig(src, 'a', ['columns'], { tenure: { type: 'number' }, plan: { type: 'string' }, churned: { type: 'boolean' } });
    expect(wide).toBe(
      'steps:\n  a:\n    uses: ingest.csv\n    with:\n      path: a.csv\n      columns:\n        tenure: { type: number }\n        plan: { type: string }\n        churned: { type: boolean }\n',
    );
    const list = 'steps:\n  a:\n    uses: x\n    with:\n      cols:\n        - a   # first\n        - b\n';
    expect(setConfig(list, 'a', ['cols', 1], 'c')).toBe(list.replace('- b', '- c'));
    expect(setConfig(list, 'a', ['cols', 2], 'd')).toBe(`${list}        - d\n`);
    expect(setConfig(list, 'a', ['cols'], ['a'])).toBe('steps:\n  a:\n    uses: x\n    with:\n      cols:\n        - a   # first\n');
    expect(setConfig(list, 'a', ['cols', 0], undefined)).toBe('steps:\n  a:\n    uses: x\n    with:\n      cols:\n        - b\n');
  });
});
