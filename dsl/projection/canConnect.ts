// The canvas's connection rule: typed ports from the catalog, no self-loop, no cycle.
import type { PipelineGraph, Connection } from './types';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

const article = (word: string) => (/^[AEIOU]/i.test(word) ? 'an' : 'a');

export function canConnect(graph: PipelineGraph, c: Connection): ConnectCheck {
  if (c.source === c.target) return { ok: false, reason: `step '${c.source}' cannot take its own output` };
  const source = graph.nodes.find((n) => n.id === c.source);
  const target = graph.nodes.find((n) => n.id === c.target);
  if (!source) return { ok: false, reason: `unknown step '${c.source}'` };
  if (!target) return { ok: false, reason: `unknown step '${c.target}'` };
  const out = source.outputs.find((p) => p.name === c.sourcePort);
  if (!out) return { ok: false, reason: `step '${source.id}' (${source.kind || 'no kind'}) has no output '${c.sourcePort}'` };
  const input = target.inputs.find((p) => p.name === c.targetPort);
  if (!input) return { ok: false, reason: `step '${target.id}' (${target.kind || 'no kind'}) has no input '${c.targetPort}'` };
  if (out.type !== input.type) {
    return { ok: false, reason: `${article(out.type)} ${out.type} output cannot feed ${article(input.type)} ${input.type} input` };
  }
  const back = pathBetween(graph, c.target, c.source);
  if (back) return { ok: false, reason: `it would create a cycle: ${[c.source, ...back].join(' -> ')}` };
  return { ok: true };
}

/** A path of step ids from `from` to `to` along existing edges (data and needs), or undefined. */
function pathBetween(graph: PipelineGraph, from: string, to: string): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const parent = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (id === to) {
      const path = [id];
      for (let p = id; p !== from; ) path.unshift((p = parent.get(p) as string));
      return path;
    }
    for (const n of next.get(id) ?? []) {
      if (!parent.has(n)) {
        parent.set(n, id);
        queue.push(n);
      }
    }
  }
  return undefined;
}
