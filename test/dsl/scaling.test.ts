// The linear-time graph and parse work answers exactly what the straightforward versions did. That it is linear
// is measured by the compile bench (bench/compile.ts: time per step at 1 000 and 10 000), not timed here.
import { describe, expect, it } from 'vitest';
import { topoOrder, validate } from '../../dsl';
import { mulberry32 } from '../../workers/compute/random';

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
