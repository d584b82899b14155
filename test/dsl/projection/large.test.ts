// projectGraph and the edits on a large pipeline: what every keystroke and gesture in the editor runs.
import { describe, expect, it } from 'vitest';
import { connect, projectGraph, setConfig } from '../../../dsl';
import { clearProjectionCache, projectWhole } from '../../../dsl/projection/graph';

/** One ingest, then branches of validate -> dropna -> split -> train -> evaluate -> register: 200 steps. */
function generated(steps = 200): string {
  const out = ['# generated', 'headrace: 1', 'name: big', 'params:', '  minAccuracy: { type: number, default: 0.7 }', 'steps:'];
  out.push('  ingest:', '    uses: ingest.csv', '    with:', '      path: data/wide.csv', '      columns: { a: { type: number }, b: { type: number }, label: { type: string } }');
  let n = 1;
  for (let b = 0; n < steps; b++) {
    const chain = [
      [`validate-${b}`, 'validate.table', `{ table: ingest.table }`, `{ minRows: 10, columns: { a: { type: number } } }`],
      [`clean-${b}`, 'prepare.dropna', `{ table: validate-${b}.table }`, `{ columns: [a, b] }`],
      [`split-${b}`, 'prepare.split', `{ table: clean-${b}.table }`, `{ seed: ${b}, stratify: label }`],
      [`train-${b}`, 'train.logistic', `{ table: split-${b}.train }`, `{ target: label, features: [a, b], epochs: 10 }`],
      [`evaluate-${b}`, 'evaluate.classifier', `{ model: train-${b}.model, table: split-${b}.test }`, undefined],
      [`register-${b}`, 'registry.register', `{ model: train-${b}.model, metrics: evaluate-${b}.metrics }`, `{ name: model-${b} }`],
    ];
    for (const [id, kind, inputs, config] of chain) {
      if (n++ >= steps) break;
      out.push(`  ${id}:`, `    uses: ${kind}`, `    in: ${inputs}`);
      if (config) out.push(`    with: ${config}`);
      else out.push('    gate: { accuracy: ">= ${{ params.minAccuracy }}" }');
    }
  }
  return `${out.join('\n')}\n`;
}

// Speed is measured by the editor bench (bench/editor.ts), not asserted here: these tests check that the work a
// keystroke does on a large pipeline (the projection cache, one-step edits) gives what a fresh parse gives.
describe('a 200-step pipeline', () => {
  const source = generated();

  it('projects every step and edge, and the cached projection equals a cold one after a one-step edit', () => {
    const graph = projectGraph(source).graph;
    expect(graph?.nodes).toHaveLength(200);
    expect(graph?.edges.length).toBeGreaterThan(200);
    for (let n = 11; n < 16; n++) {
      const edited = source.replace('epochs: 10 }', `epochs: ${n} }`);
      const warm = projectGraph(edited);
      clearProjectionCache();
      expect(warm).toEqual(projectGraph(edited));
      expect(warm.graph).toEqual(projectWhole(edited).graph);
    }
  });

  it('edits one step of it and leaves every other line as it was', () => {
    const set = setConfig(source, 'train-20', ['epochs'], 20);
    const linked = connect(source, { source: 'split-3', sourcePort: 'test', target: 'evaluate-20', targetPort: 'table' });
    for (const edited of [set, linked]) {
      const before = source.split('\n');
      const after = edited.split('\n');
      expect(after).toHaveLength(before.length);
      expect(after.filter((l, i) => l !== before[i])).toHaveLength(1);
    }
    expect(set).toContain('epochs: 20 }');
    expect(projectGraph(linked).graph?.edges.some((e) => e.source === 'split-3' && e.target === 'evaluate-20')).toBe(true);
  });
});
