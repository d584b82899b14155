// Synthetic pipelines for the compile bench, in three shapes, as Headrace YAML and as a plain graph that
// bench/python/kfp_compile.py builds the same pipeline from (kfp lightweight components in a loop):
//   chain  ingest → dropna → dropna → … (each step reads the previous one's table);
//   fan    ingest → n−2 dropna side by side (each reads ingest's table) → one validate that `needs` all of them;
//   dag    ingest, then each step reads the table of a random earlier step and `needs` up to two more (seeded).
// Every step but the first is a `prepare.dropna` on column `a`; the last is a `validate.table` on it, so schema
// propagation and column references are checked along every path.
import { mulberry32 } from '../../workers/compute/random';

export type Shape = 'chain' | 'fan' | 'dag';
export const SHAPES: readonly Shape[] = ['chain', 'fan', 'dag'];

export interface GraphStep {
  id: string;
  kind: 'ingest' | 'dropna' | 'validate';
  /** The step whose table this one reads. */
  input?: string;
  /** Extra ordering. */
  needs: string[];
}

export interface ShapedPipeline {
  name: string;
  shape: Shape;
  yaml: string;
  graph: { name: string; steps: GraphStep[] };
  edges: number;
}

export function shapedPipeline(shape: Shape, n: number, seed = 20261129): ShapedPipeline {
  if (n < 3) throw new Error(`a ${shape} pipeline needs at least 3 steps, not ${n}`);
  const rand = mulberry32(seed + n);
  const width = String(n - 1).length;
  const id = (i: number) => `s${String(i).padStart(width, '0')}`;
  const steps: GraphStep[] = [{ id: id(0), kind: 'ingest', needs: [] }];
  for (let i = 1; i < n; i++) {
    const last = i === n - 1;
    const kind = last ? 'validate' : 'dropna';
    if (shape === 'chain') steps.push({ id: id(i), kind, input: id(i - 1), needs: [] });
    else if (shape === 'fan') steps.push({ id: id(i), kind, input: id(0), needs: last ? steps.slice(1).map((s) => s.id) : [] });
    else {
      const input = id(Math.floor(rand() * i));
      const needs = new Set<string>();
      const extra = Math.floor(rand() * 3);
      for (let k = 0; k < extra; k++) needs.add(id(Math.floor(rand() * i)));
      needs.delete(input);
      steps.push({ id: id(i), kind, input, needs: [...needs] });
    }
  }
  const name = `bench-${shape}-${n}`;
  const lines = [`# ${shape}, ${n} steps (bench/lib/shapes.ts, seed ${seed})`, 'headrace: 1', `name: ${name}`, 'steps:'];
  for (const s of steps) {
    lines.push(`  ${s.id}:`);
    if (s.kind === 'ingest') {
      lines.push('    uses: ingest.csv', '    with:', '      path: data/wide.csv', '      columns: { a: { type: number }, b: { type: string } }');
      continue;
    }
    lines.push(`    uses: ${s.kind === 'dropna' ? 'prepare.dropna' : 'validate.table'}`, `    in: { table: ${s.input}.table }`);
    lines.push(s.kind === 'dropna' ? '    with: { columns: [a] }' : '    with: { columns: { a: { type: number, nulls: 0 } } }');
    if (s.needs.length) lines.push(`    needs: [${s.needs.join(', ')}]`);
  }
  const edges = steps.reduce((e, s) => e + (s.input ? 1 : 0) + s.needs.length, 0);
  return { name, shape, yaml: lines.join('\n') + '\n', graph: { name, steps }, edges };
}
