// The editor's view of a pipeline: nodes (steps) with typed ports, edges (inputs and `needs:`).
import type { PortType } from '../plan';

/** A node's top-left corner on the canvas (flow units): stored with a version, read by the editor. */
export interface XY {
  x: number;
  y: number;
}
export type Positions = Record<string, XY>;

export interface PortInfo {
  name: string;
  type: PortType;
  optional?: boolean;
  /** The slot that adds an input to a kind with variadic inputs (prepare.sql): connecting to it names a new port. */
  adds?: true;
}

/** The name of a variadic kind's "add an input" slot: not an identifier, so no port the pipeline names can take it. */
export const ADD_INPUT = '+';

export interface GraphNode {
  /** The step id (its key under `steps:`). */
  id: string;
  /** The step kind (`uses:`), '' when missing. */
  kind: string;
  /** Whether the kind is in the catalog; ports are empty when it is not. */
  known: boolean;
  inputs: PortInfo[];
  outputs: PortInfo[];
  /** The `with:` value as plain JS; undefined when the step has none. */
  config: unknown;
  hasGate: boolean;
  /** A sweep (`matrix:`): how many trials it runs, and the settings it sweeps. */
  sweep?: { trials: number; settings: string[] };
  /** 1-based line of the step's key. */
  line: number;
}

export type EdgeKind = 'data' | 'needs';

export interface GraphEdge {
  /** `${source}.${sourcePort}->${target}.${targetPort}` */
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
  kind: EdgeKind;
}

export interface PipelineGraph {
  name?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Port name used on both ends of a `needs:` (ordering-only) edge; no catalog port can be named so. */
export const NEEDS_PORT = '@needs';

export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export function edgeId(c: Connection): string {
  return `${c.source}.${c.sourcePort}->${c.target}.${c.targetPort}`;
}
