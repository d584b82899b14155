// The compiler's graph and parse work grows linearly with the number of steps (the compile bench's goal), and
// the linear versions answer exactly what the straightforward ones did.
import { describe, expect, it } from 'vitest';
import { compile, topoOrder, validate } from '../../dsl';
import { mulberry32 } from '../../server/random';
import { shapedPipeline } from '../../bench/lib/shapes';

/** The definition: repeatedly take the earliest step (in file order) whose dependencies are all done. */
function naiveOrder(ids: string[], deps: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < ids.length) {
    const next = ids.find((id) => !done.has(id) && (deps.get(id) ?? []).every((d) => done.has(d)));
    if (next === undefined) return undefined;
    done.add(next);
    order.push(next);
  }
  return order;
}

describe('topoOrder', () => {
  it('gives the stable file-order topological order of random graphs, cycles and unknown ids included', () => {
    const rand = mulberry32(7);
    for (let g = 0; g < 300; g++) {
      const n = 1 + Math.floor(rand() * 30);
      const ids = Array.from({ length: n }, (_, i) => `s${i}`);
      const deps = new Map<string, string[]>();
      for (const id of ids) {
        const k = Math.floor(rand() * 4);
        // Mostly edges in any direction (so some graphs have cycles), now and then an unknown id or a repeat.
        deps.set(id, Array.from({ length: k }, () => (rand() < 0.05 ? 'ghost' : ids[Math.floor(rand() * n)])));
      }
      expect(topoOrder(ids, deps)).toEqual(naiveOrder(ids, deps));
    }
  });
});

describe('duplicate keys', () => {
  it('reports a repeated key in a nested map at the repeated key', () => {
    const source = 'headrace: 1\nname: t\nsteps:\n  a:\n    uses: ingest.csv\n    with: { path: x.csv, path: y.csv }\n';
    const d = validate(source).filter((x) => x.code === 'duplicate-key');
    expect(d).toMatchObject([{ line: 6, col: 26, message: "duplicate key 'path'" }]);
  });
});

describe('compile time per step', () => {
  it('stays flat from 500 to 5 000 steps in a random DAG (CPU time, best of 2)', () => {
    const perStep = (n: number) => {
      const { yaml } = shapedPipeline('dag', n);
      let best = Infinity;
      for (let i = 0; i < 2; i++) {
        const t = process.cpuUsage();
        expect(compile(yaml, { baseDir: '/tmp' }).plan?.steps).toHaveLength(n);
        const d = process.cpuUsage(t);
        best = Math.min(best, (d.user + d.system) / n);
      }
      return best;
    };
    const small = perStep(500);
    const large = perStep(5000);
    // Quadratic work made this ratio 2.5–4 before; noise on a busy machine stays well under 1.8.
    expect(large / small).toBeLessThan(1.8);
  });
});
