// YAML text -> the editor's graph. Undefined graph only when the YAML does not parse (the editor keeps its last one).
// Steps are parsed one by one and remembered by their text, so a keystroke re-parses only the step it changed;
// whatever the fast path cannot vouch for goes through the whole-file parse.
import { sweepTrials } from '../sweep';
import { isMap, type Document } from 'yaml';
import { getStepKind, type AnyStepKind } from '../catalog';
import type { Diagnostic } from '../diagnostics';
import type { StepAst } from '../parse/ast';
import { toJS } from '../parse/nodes';
import { parsePipeline } from '../parse/parse';
import { splitSteps, type SplitSource } from './chunks';
import { ADD_INPUT, edgeId, NEEDS_PORT, type GraphEdge, type GraphNode, type PipelineGraph, type PortInfo } from './types';

export interface ProjectResult {
  graph: PipelineGraph | undefined;
  /** YAML diagnostics (syntax errors, warnings); the checker's are `validate()`'s job. */
  diagnostics: Diagnostic[];
}

/** A step as the graph needs it; `line` is added where the step sits. */
interface StepPart {
  node: Omit<GraphNode, 'line'>;
  inputs: { port: string; step: string; output: string }[];
  needs: string[];
}

export function projectGraph(source: string): ProjectResult {
  return projectByStep(source) ?? projectWhole(source);
}

/** The whole-file parse: always right, and the only path that reports YAML diagnostics. */
export function projectWhole(source: string): ProjectResult {
  const { ast, diagnostics } = parsePipeline(source);
  if (ast.doc.errors.length > 0) return { graph: undefined, diagnostics };
  const line = (step: StepAst) => ast.lineCounter.linePos(step.entry.keyNode.range?.[0] ?? 0).line;
  try {
    const steps = ast.steps.map((step) => ({ ...partOf(step, ast.doc), line: line(step) }));
    return { graph: graphOf(ast.name?.value, steps), diagnostics };
  } catch (e) {
    // yaml reports an alias without its anchor only when the value is read.
    const message = e instanceof Error ? e.message : String(e);
    const at = { line: 1, col: 1, endLine: 1, endCol: 1 };
    return { graph: undefined, diagnostics: [...diagnostics, { severity: 'error', message, code: 'yaml-syntax', ...at }] };
  }
}

const cache = new Map<string, StepPart | null>();
const CACHE_LIMIT = 5000;

function remember<T extends StepPart | null>(key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Step by step, or undefined when any part is not plainly valid YAML (then the whole-file parse decides). */
export function projectByStep(source: string): ProjectResult | undefined {
  if (last?.source === source) return last.result;
  const split = splitSteps(source);
  const result = split && projectSplit(split);
  last = { source, result };
  return result;
}

/**
 * The last answer (callers only read it): a form edit asks about the text the editor has just projected, and on
 * 1 000 steps projecting it again cost 2–3 ms of each keystroke.
 */
let last: { source: string; result: ProjectResult | undefined } | undefined;

function projectSplit(split: SplitSource): ProjectResult | undefined {
  const rest = parsePipeline(split.rest);
  const { doc } = rest.ast;
  if (doc.errors.length > 0 || doc.warnings.length > 0 || rest.ast.stepsEntry || (doc.contents && !isMap(doc.contents))) return undefined;
  const steps: (StepPart & { line: number })[] = [];
  const ids = new Set<string>();
  for (const chunk of split.chunks) {
    const part = cache.has(chunk.text) ? cache.get(chunk.text) : remember(chunk.text, stepPartOf(chunk.text));
    if (!part || ids.has(part.node.id)) return undefined; // a duplicate id is the whole parse's error to report
    ids.add(part.node.id);
    steps.push({ ...part, line: chunk.line });
  }
  return { graph: graphOf(rest.ast.name?.value, steps), diagnostics: [] };
}

function stepPartOf(chunk: string): StepPart | null {
  const { ast, diagnostics } = parsePipeline(`steps:\n${chunk}`);
  if (diagnostics.length > 0 || ast.doc.warnings.length > 0 || ast.steps.length !== 1) return null;
  try {
    return partOf(ast.steps[0], ast.doc);
  } catch {
    return null; // an alias whose anchor is elsewhere: the whole parse decides
  }
}

function partOf(step: StepAst, doc: Document): StepPart {
  const kind = step.uses?.value ?? '';
  const def = getStepKind(kind);
  const inputs: PortInfo[] = def ? portsOf(def, step.inputs.map((i) => i.port)) : [];
  const outputs: PortInfo[] = def ? Object.entries(def.outputs).map(([name, p]) => ({ name, type: p.type })) : [];
  const withValue = step.with?.value;
  return {
    node: {
      id: step.id,
      kind,
      known: def !== undefined,
      inputs,
      outputs,
      config: withValue ? toJS(withValue, doc) : step.with ? null : undefined,
      hasGate: step.gateEntry !== undefined,
      ...sweepOfNode(step, doc),
    },
    inputs: step.inputs.flatMap((i) => (i.step && i.output ? [{ port: i.port, step: i.step, output: i.output }] : [])),
    needs: step.needs.map((n) => n.value),
  };
}

/** The trial count of a step's `matrix:` (when it expands; the checker reports it when it does not). */
function sweepOfNode(step: StepAst, doc: Document): Pick<GraphNode, 'sweep'> {
  if (!step.matrix) return {};
  const matrix = toJS(step.matrix.value, doc);
  if (typeof matrix !== 'object' || matrix === null || Array.isArray(matrix)) return {};
  const expanded = sweepTrials(matrix as Record<string, unknown>);
  return expanded.ok ? { sweep: { trials: expanded.trials.length, settings: Object.keys(matrix).filter((k) => k !== 'random') } } : {};
}

function graphOf(name: string | undefined, steps: readonly (StepPart & { line: number })[]): PipelineGraph {
  const nodes: GraphNode[] = steps.map((s) => ({ ...s.node, line: s.line }));
  const ids = new Set(nodes.map((n) => n.id));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (edge: Omit<GraphEdge, 'id'>) => {
    const id = edgeId(edge);
    // Edges to steps that do not exist would dangle on the canvas: the checker reports them instead.
    if (seen.has(id) || !ids.has(edge.source) || !ids.has(edge.target)) return;
    seen.add(id);
    edges.push({ id, ...edge });
  };
  for (const s of steps) {
    for (const i of s.inputs) add({ source: i.step, sourcePort: i.output, target: s.node.id, targetPort: i.port, kind: 'data' });
    for (const n of s.needs) add({ source: n, sourcePort: NEEDS_PORT, target: s.node.id, targetPort: NEEDS_PORT, kind: 'needs' });
  }
  return { ...(name !== undefined && { name }), nodes, edges };
}

/** Forget the parsed steps (for measuring a cold start). */
export function clearProjectionCache(): void {
  cache.clear();
}

/**
 * A kind's input ports as the node shows them: the declared ones, then for a kind with variadic inputs the ports
 * the step names (in its order) and the slot that adds one.
 */
export function portsOf(def: AnyStepKind, named: readonly string[]): PortInfo[] {
  const declared: PortInfo[] = Object.entries(def.inputs).map(([name, p]) => ({ name, type: p.type, ...(p.optional && { optional: true }) }));
  const v = def.variadicInputs;
  if (!v) return declared;
  const extra = [...new Set(named)].filter((n) => !(n in def.inputs) && n !== ADD_INPUT).map((name) => ({ name, type: v.type }));
  return [...declared, ...extra, { name: ADD_INPUT, type: v.type, optional: true, adds: true }];
}
