// setConfig edits one step's text when the file is plain; it must give exactly what the
// whole-document edit gives, for every step of every corpus file and several kinds of change.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectGraph, setConfig } from '../../../dsl/projection';
import { setConfigIn } from '../../../dsl/projection/edits';

const files = ['test/dsl/fixtures/penguins.yaml', 'test/dsl/fixtures/sixty-steps.yaml', 'test/dsl/fixtures/churn.yaml', 'test/dsl/projection/fixtures/commented.yaml', 'examples/penguins/pipeline.yaml'];

describe('setConfig on one step', () => {
  for (const file of files) {
    it(`equals the whole-document edit: ${file}`, () => {
      const source = readFileSync(file, 'utf8');
      const { graph } = projectGraph(source);
      expect(graph).toBeDefined();
      let compared = 0;
      for (const node of graph!.nodes) {
        const changes: Array<[(string | number)[], unknown]> = [
          [['seed'], 11],
          [['note'], 'a value: with a colon'],
          [['columns'], ['a', 'b']],
          [Object.keys((node.config as Record<string, unknown>) ?? {}).slice(0, 1), undefined],
        ];
        for (const [path, value] of changes) {
          if (path.length === 0) continue;
          expect(setConfig(source, node.id, path, value), `${node.id} ${path.join('.')}`).toBe(setConfigIn(source, node.id, path, value));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(graph!.nodes.length * 3 - 1);
    });
  }
});
