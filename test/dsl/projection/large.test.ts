// projectGraph runs on every keystroke: a 200-step pipeline must project in well under 20 ms.
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

function median(f: () => void, runs: number): number {
  for (let i = 0; i < 5; i++) f(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

describe('speed', () => {
  const source = generated();

  it('projects a 200-step pipeline in under 20 ms (median)', () => {
    const graph = projectGraph(source).graph;
    expect(graph?.nodes).toHaveLength(200);
    expect(graph?.edges.length).toBeGreaterThan(200);
    // What the editor does on a keystroke: one step's text changed, the other 199 are remembered.
    let n = 0;
    const keystroke = median(() => projectGraph(source.replace('epochs: 10 }', `epochs: ${++n} }`)), 30);
    const same = median(() => projectGraph(source), 30);
    const cold = median(() => {
      clearProjectionCache();
      projectGraph(source);
    }, 15);
    const whole = median(() => projectWhole(source), 15);
    console.log(
      `projectGraph, 200 steps (${source.length} chars), median: one step edited ${keystroke.toFixed(2)} ms; ` +
        `unchanged ${same.toFixed(2)} ms; cold (nothing remembered) ${cold.toFixed(2)} ms; whole-file parse ${whole.toFixed(2)} ms`,
    );
    expect(keystroke).toBeLessThan(20);
    expect(same).toBeLessThan(20);
  });

  it('edits a 200-step pipeline quickly', () => {
    const set = median(() => setConfig(source, 'train-20', ['epochs'], 20), 15);
    const link = median(() => connect(source, { source: 'split-3', sourcePort: 'test', target: 'evaluate-20', targetPort: 'table' }), 15);
    console.log(`setConfig, 200 steps: median ${set.toFixed(2)} ms; connect: median ${link.toFixed(2)} ms`);
    expect(set).toBeLessThan(50);
    expect(link).toBeLessThan(50);
  });
});
