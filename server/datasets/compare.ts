// Two versions of a dataset side by side: which columns were added, removed or retyped, and for each column both
// have, which of its figures (nulls, min, max, mean, distinct; server/datasets/preview.ts) differ.
import type { ColumnStats } from './preview';

export const FIGURES = ['nulls', 'min', 'max', 'mean', 'distinct'] as const;
export type Figure = (typeof FIGURES)[number];

export interface ColumnFigures {
  nulls: number;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  distinct: number;
}

export interface ComparedColumn {
  name: string;
  change: 'added' | 'removed' | 'retyped' | 'same';
  typeA: string | null;
  typeB: string | null;
  a: ColumnFigures | null;
  b: ColumnFigures | null;
  differs: Figure[];
}

const figures = (c: ColumnStats): ColumnFigures => ({ nulls: c.nulls, min: c.min, max: c.max, mean: c.mean, distinct: c.distinct });

/** Equal up to float noise (a mean summed in another order). */
function same(x: number | string | null, y: number | string | null): boolean {
  if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return x === y;
}

/** b's columns in its order, then the columns only a has. */
export function compareColumns(a: readonly ColumnStats[], b: readonly ColumnStats[]): ComparedColumn[] {
  const inA = new Map(a.map((c) => [c.name, c]));
  const inB = new Set(b.map((c) => c.name));
  const out: ComparedColumn[] = b.map((cb) => {
    const ca = inA.get(cb.name);
    if (!ca) return { name: cb.name, change: 'added', typeA: null, typeB: cb.type, a: null, b: figures(cb), differs: [] };
    const fa = figures(ca);
    const fb = figures(cb);
    return {
      name: cb.name,
      change: ca.type === cb.type ? 'same' : 'retyped',
      typeA: ca.type,
      typeB: cb.type,
      a: fa,
      b: fb,
      differs: FIGURES.filter((f) => !same(fa[f], fb[f])),
    };
  });
  for (const ca of a) {
    if (!inB.has(ca.name)) out.push({ name: ca.name, change: 'removed', typeA: ca.type, typeB: null, a: figures(ca), b: null, differs: [] });
  }
  return out;
}
