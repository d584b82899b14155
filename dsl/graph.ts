// Step graph algorithms shared by the checker and the compiler.

/** Kahn's algorithm, stable: among ready steps the earliest in file order goes first. */
export function topoOrder(ids: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[] | undefined {
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
