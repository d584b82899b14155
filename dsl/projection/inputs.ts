// Where a step's inputs may come from, for the config panel's input selects and for a step added next to the
// selected one: outputs of the same type on steps that do not depend on it (a wire from those would be a cycle).
import type { PortType } from '../plan';
import { getStepKind } from '../catalog';
import { newPortName } from './ids';
import type { GraphNode, PipelineGraph } from './types';

/** An output that can feed an input: `step.port`, with its type. */
export interface InputChoice {
  source: string;
  sourcePort: string;
  type: PortType;
}

export interface InputSlot {
  port: string;
  type: PortType;
  optional: boolean;
  /** The wire it has now (`step.port`), if any. */
  current?: string;
  /** The outputs that may feed it, in the order of the steps and of their outputs. */
  choices: InputChoice[];
  /** The slot that adds an input to a variadic kind (prepare.sql): choosing names a new port after its step. */
  adds?: true;
}

/** The steps that depend on `id` (along inputs and `needs:`), `id` itself included. */
export function downstreamOf(graph: PipelineGraph, id: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set([id]);
  const queue = [id];
  while (queue.length > 0) {
    for (const n of next.get(queue.shift() as string) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

/** One slot per input port of the step, with its current wire and the outputs it may take instead. */
export function inputSlots(graph: PipelineGraph, stepId: string): InputSlot[] {
  const step = graph.nodes.find((n) => n.id === stepId);
  if (!step) return [];
  const below = downstreamOf(graph, stepId);
  const upstream = graph.nodes.filter((n) => !below.has(n.id));
  return step.inputs.map((input) => {
    const wire = graph.edges.find((e) => e.kind === 'data' && e.target === stepId && e.targetPort === input.name);
    return {
      port: input.name,
      type: input.type,
      optional: input.optional === true,
      ...(input.adds && { adds: true as const }),
      ...(wire && { current: `${wire.source}.${wire.sourcePort}` }),
      choices: upstream.flatMap((n) => n.outputs.filter((o) => o.type === input.type).map((o) => ({ source: n.id, sourcePort: o.name, type: o.type }))),
    };
  });
}

/**
 * The first output of `from` that fits an input of a new step of `kind` (outputs in order, then inputs), as the
 * `in:` entry that wires them; undefined when no pair has the same type or the kind is unknown.
 */
export function wireFrom(from: Pick<GraphNode, 'id' | 'outputs'>, kind: string): { targetPort: string; ref: string } | undefined {
  const def = getStepKind(kind);
  if (!def) return undefined;
  const inputs = Object.entries(def.inputs);
  for (const out of from.outputs) {
    const input = inputs.find(([, p]) => p.type === out.type);
    if (input) return { targetPort: input[0], ref: `${from.id}.${out.name}` };
  }
  // A variadic kind (prepare.sql) takes it as a new input named after the step it comes from.
  const variadic = def.variadicInputs;
  const out = variadic && from.outputs.find((o) => o.type === variadic.type);
  if (out) return { targetPort: newPortName(from.id, new Set()), ref: `${from.id}.${out.name}` };
  return undefined;
}
