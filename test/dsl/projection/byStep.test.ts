// The step-by-step projection (the fast path) gives exactly what the whole-file parse gives, or stands aside.
import { describe, expect, it } from 'vitest';
import { addStep, renameStep, setConfig } from '../../../dsl';
import { clearProjectionCache, projectByStep, projectWhole } from '../../../dsl/projection/graph';
import { corpus, readFixture } from './corpus';

const sources = corpus();

describe('projectByStep', () => {
  it.each(sources.map((s) => [s.name, s.source] as const))('agrees with the whole parse: %s', (_name, source) => {
    clearProjectionCache();
    const fast = projectByStep(source);
    if (fast) expect(fast).toEqual(projectWhole(source));
    if (!fast) expect(projectWhole(source).graph === undefined || projectWhole(source).diagnostics.length > 0 || !/^steps:\s*$/m.test(source)).toBe(true);
  });

  it('takes the fast path for the fixtures, and agrees after edits', () => {
    for (const name of ['churn.yaml', 'penguins.yaml', 'sixty-steps.yaml']) {
      const source = sources.find((s) => s.name === `fixture ${name}`)!.source;
      expect(projectByStep(source)).toBeDefined();
    }
    let source = readFixture('commented.yaml');
    expect(projectByStep(source)).toEqual(projectWhole(source));
    source = addStep(source, { id: 'more', kind: 'prepare.dropna', in: { table: 'check.table' }, after: 'check' });
    source = renameStep(source, 'split', 'divide');
    source = setConfig(source, 'train', ['epochs'], 9);
    expect(projectByStep(source)).toEqual(projectWhole(source));
  });

  it('stands aside for what it cannot vouch for', () => {
    const base = 'headrace: 1\nname: t\nsteps:\n  a:\n    uses: ingest.csv\n';
    expect(projectByStep(base)).toBeDefined();
    expect(projectByStep(`${base}  a:\n    uses: ingest.json\n`)).toBeUndefined(); // duplicate id
    const alias = `${base}  b:\n    uses: x\n    with: *anchor\n`;
    expect(projectByStep(alias)).toBeUndefined(); // alias without its anchor
    expect(projectWhole(alias)).toMatchObject({ graph: undefined, diagnostics: [{ severity: 'error', line: 8, col: 11, message: 'the alias *anchor names no anchor (&anchor) before it' }] });
    expect(() => setConfig(alias, 'a', ['x'], 1)).toThrow(/cannot edit: the YAML does not parse \(the alias \*anchor names no anchor/);
    const shared = `${base}    with: &p { path: a.csv }\n  b:\n    uses: ingest.csv\n    with: *p\n`;
    expect(projectByStep(shared)).toBeUndefined(); // the anchor is in another step
    expect(projectWhole(shared).graph?.nodes[1].config).toEqual({ path: 'a.csv' });
    expect(projectByStep(`${base}name: again\n`)).toBeUndefined(); // duplicate top-level key
    expect(projectByStep(`${base}steps:\n  b: { uses: x }\n`)).toBeUndefined();
    expect(projectByStep('headrace: 1\nsteps: { a: { uses: x } }\n')).toBeUndefined();
    expect(projectByStep(`${base}  bad\n`)).toBeUndefined();
  });
});
