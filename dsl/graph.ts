// Step graph algorithms shared by the checker and the compiler.

/**
 * Kahn's algorithm, stable: among ready steps the earliest in file order goes first. Ready steps wait in a
 * min-heap of file positions, so the order costs O((steps + edges) log steps), not a scan per step.
 * A step that depends on itself or on an id not in `ids` is never ready: the result is then undefined.
 */
export function topoOrder(ids: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const position = new Map<string, number>();
  ids.forEach((id, i) => position.has(id) || position.set(id, i));
  const waiting = new Array<number>(ids.length).fill(0);
  const dependents: number[][] = ids.map(() => []);
  ids.forEach((id, i) => {
    for (const d of new Set(deps.get(id) ?? [])) {
      const j = position.get(d);
      if (j === undefined) waiting[i] = Infinity;
      else {
        waiting[i]++;
        dependents[j].push(i);
      }
    }
  });
  const ready = new MinHeap();
  waiting.forEach((w, i) => w === 0 && ready.push(i));
  const order: string[] = [];
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    order.push(ids[i]);
    for (const k of dependents[i]) if (--waiting[k] === 0) ready.push(k);
  }
  return order.length === ids.length ? order : undefined;
}

/** A binary min-heap of integers. */
class MinHeap {
  private items: number[] = [];

  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }

  pop(): number | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Every elementary cycle found by a depth-first walk in file order, each once, as a path that
 * starts and ends at its earliest step (in file order): [a, b, a].
 */
export function findCycles(ids: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const rank = new Map(ids.map((id, i) => [id, i]));
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const visit = (id: string) => {
    state.set(id, 'active');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!rank.has(dep) || dep === id) continue;
      if (state.get(dep) === 'active') {
        const loop = stack.slice(stack.indexOf(dep));
        const start = loop.reduce((best, s, i) => ((rank.get(s) ?? 0) < (rank.get(loop[best]) ?? 0) ? i : best), 0);
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        const key = [...rotated].sort().join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...rotated, rotated[0]]);
        }
      } else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  return cycles;
}
