'use client';
// The pipeline as a graph (@xyflow/react). Everything it does is an edit to the YAML through the store:
// connecting fills the target's `in:`, deleting removes steps or inputs, dropping a palette item adds a step.
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { layoutGraph, nodeHeight, NODE_WIDTH } from './layout';
import { createGraphLanes } from './edge-lanes';
import { openingViewport, startNode } from './open-view';
import { RoutedEdge } from './routed-edge';
import type { Diagnostic } from '../../dsl';
import { canConnect, type Graph, type GraphNode } from './projection';
import { StepNodeComponent, portClass, type StepNode } from './step-node';
import { diagnosticsByStep, useEditor, useEditorStore, type Positions } from './store';

export const PALETTE_MIME = 'application/x-headrace-kind';

const nodeTypes = { step: StepNodeComponent };
const edgeTypes = { routed: RoutedEdge };

const NO_DIAGNOSTICS: Diagnostic[] = [];

function samePorts(a: GraphNode['inputs'], b: GraphNode['inputs']): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i];
    const q = b[i];
    if (p.name !== q.name || p.type !== q.type || p.optional !== q.optional) return false;
  }
  return true;
}

function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const d = a[i];
    const e = b[i];
    if (d !== e && (d.line !== e.line || d.col !== e.col || d.severity !== e.severity || d.message !== e.message)) return false;
  }
  return true;
}

/** Whether a node's data renders the same as the new step would (the node view reads nothing else of the step). */
function sameNodeData(data: StepNode['data'], step: GraphNode, diagnostics: Diagnostic[], reveal: StepNode['data']['reveal']): boolean {
  const s = data.step;
  return (
    data.reveal === reveal &&
    data.run === undefined &&
    s.id === step.id &&
    s.kind === step.kind &&
    s.known === step.known &&
    s.hasGate === step.hasGate &&
    s.sweep?.trials === step.sweep?.trials &&
    s.sweep?.settings.join('\u0000') === step.sweep?.settings.join('\u0000') &&
    samePorts(s.inputs, step.inputs) &&
    samePorts(s.outputs, step.outputs) &&
    sameDiagnostics(data.diagnostics, diagnostics)
  );
}

function toPortConnection(c: Connection | Edge) {
  return { source: c.source, sourcePort: c.sourceHandle ?? '', target: c.target, targetPort: c.targetHandle ?? '' };
}

/** Where the editor opens its graph: readable (app/editor/open-view.ts), the zoom controls and minimap kept clear. */
const CANVAS_PAD = { top: 20, right: 24, bottom: 20, left: 24 };

/** Sets the canvas's viewport to where the graph opens (fitted when readable, else its start at a readable zoom). */
function showOpening(flow: ReturnType<typeof useReactFlow>, graph: Graph, positions: Positions): void {
  const view = document.querySelector('.editor-canvas')?.getBoundingClientRect();
  if (!view || view.width === 0 || view.height === 0) return;
  const boxes = graph.nodes.flatMap((n) => {
    const at = positions[n.id];
    return at ? [{ id: n.id, x: at.x, y: at.y, width: NODE_WIDTH, height: nodeHeight(n.inputs.length, n.outputs.length) }] : [];
  });
  if (boxes.length === 0) return;
  const { x, y, zoom } = openingViewport(boxes, startNode(boxes, graph.edges), view, CANVAS_PAD);
  void flow.setViewport({ x, y, zoom });
}

/** Lays out the nodes that have no position yet (all of them with `all`), then shows the graph as it opens. */
export function useAutoLayout() {
  const store = useEditorStore();
  const flow = useReactFlow();
  return useCallback(
    async (all: boolean, show = all) => {
      const { graph, positions } = store.getState();
      if (!graph || graph.nodes.length === 0) return;
      const missing = graph.nodes.filter((n) => !positions[n.id]);
      if (!all && missing.length === 0) return;
      const laid = await layoutGraph(graph);
      const next: Positions = {};
      if (all) Object.assign(next, laid);
      else {
        // New nodes go where elk puts them, shifted below everything already placed when that spot is taken.
        const placed = Object.values(positions);
        const maxY = placed.length ? Math.max(...placed.map((p) => p.y)) + 160 : 0;
        for (const n of missing) {
          const p = laid[n.id] ?? { x: 0, y: 0 };
          const clash = placed.some((q) => Math.abs(q.x - p.x) < 230 && Math.abs(q.y - p.y) < 140);
          next[n.id] = clash ? { x: p.x, y: p.y + maxY } : p;
        }
      }
      store.getState().setPositions(next, all);
      if (show) setTimeout(() => showOpening(flow, graph, store.getState().positions), 60);
    },
    [store, flow],
  );
}

/**
 * Whether the keyboard focus is in the YAML pane. Monaco in Chromium types through a plain div (EditContext),
 * which React Flow's key handling does not take for a text field: it would swallow Space (pan) and let
 * Backspace delete the selected steps. While this is true the canvas listens to no keys.
 */
function useFocusInYaml(): boolean {
  const [inYaml, setInYaml] = useState(false);
  useEffect(() => {
    const isYaml = (t: EventTarget | null) => t instanceof Element && !!t.closest('[data-testid="yaml-pane"], .monaco-editor');
    const onIn = (e: FocusEvent) => setInYaml(isYaml(e.target));
    const onOut = (e: FocusEvent) => setInYaml(isYaml(e.relatedTarget));
    document.addEventListener('focusin', onIn);
    document.addEventListener('focusout', onOut);
    return () => {
      document.removeEventListener('focusin', onIn);
      document.removeEventListener('focusout', onOut);
    };
  }, []);
  return inYaml;
}

/**
 * From this many steps the canvas draws only the nodes and edges in view: painting every one of 1 000 nodes on each
 * frame of a pan (in software where there is no GPU) held the frame rate under 40 per second.
 */
const VISIBLE_ONLY_FROM = 300;

export function Canvas({ reveal, colorMode }: { reveal?: (line: number, col?: number) => void; colorMode: 'light' | 'dark' }) {
  const store = useEditorStore();
  const graph = useEditor((s) => s.graph);
  const positions = useEditor((s) => s.positions);
  const selected = useEditor((s) => s.selected);
  const diagnostics = useEditor((s) => s.diagnostics);
  const stale = useEditor((s) => s.stale);
  const flow = useReactFlow();
  const autoLayout = useAutoLayout();
  const typing = useFocusInYaml();
  // The view goes where a graph opens (open-view.ts) once, for a pipeline opened with steps; an empty canvas
  // keeps zoom 1 as steps arrive.
  const fitted = useRef((store.getState().graph?.nodes.length ?? 0) === 0);

  const byStep = useMemo(() => diagnosticsByStep(graph, diagnostics), [graph, diagnostics]);

  // React Flow keeps measurements on its node objects: merge new data into the previous nodes. A node whose
  // rendered data did not change keeps its object (and so React Flow and the memoized node skip it): a config
  // edit re-renders no node, a rename or a port change re-renders one.
  const [nodes, setNodes] = useState<StepNode[]>([]);
  useEffect(() => {
    const chosen = new Set(selected);
    setNodes((prev) => {
      const old = new Map(prev.map((n) => [n.id, n]));
      const next: StepNode[] = [];
      let same = true;
      for (const n of graph?.nodes ?? []) {
        const position = positions[n.id];
        if (!position) continue;
        const o = old.get(n.id);
        const isSelected = chosen.has(n.id);
        const diagnostics = byStep.get(n.id) ?? NO_DIAGNOSTICS;
        let node: StepNode;
        if (o && o.position.x === position.x && o.position.y === position.y && (o.selected ?? false) === isSelected && sameNodeData(o.data, n, diagnostics, reveal)) {
          node = o;
        } else {
          const data =
            o && sameNodeData(o.data, n, diagnostics, reveal) ? o.data : { step: n, diagnostics, reveal };
          // Its size before it is drawn (the layout's): React Flow decides from it whether a node not yet drawn
          // is in view, when it draws only those (large graphs, below).
          node = {
            ...(o ?? {}), id: n.id, type: 'step' as const, position, selected: isSelected, data,
            initialWidth: NODE_WIDTH, initialHeight: nodeHeight(n.inputs.length, n.outputs.length),
          };
        }
        if (node !== prev[next.length]) same = false;
        next.push(node);
      }
      return same && next.length === prev.length ? prev : next;
    });
  }, [graph, positions, selected, byStep, reveal]);

  // Nodes without a position get one from elk; the first time, the view goes where the graph opens.
  useEffect(() => {
    if (!graph) return;
    const missing = graph.nodes.some((n) => !positions[n.id]);
    if (missing) {
      void autoLayout(false, !fitted.current);
      fitted.current = true;
    } else if (!fitted.current && graph.nodes.length > 0) {
      fitted.current = true;
      setTimeout(() => showOpening(flow, graph, store.getState().positions), 60);
    }
  }, [graph, positions, autoLayout, flow, store]);

  const [edges, setEdges] = useState<Edge[]>([]);
  const [lanesOf] = useState(createGraphLanes);
  useEffect(() => {
    // Edges that would run behind a step get a lane around it (edge-lanes.ts).
    const lanes = graph ? lanesOf(graph, positions) : new Map<string, number>();
    setEdges((prev) => {
      const old = new Map(prev.map((e) => [e.id, e]));
      const types = new Map<string, string>();
      for (const n of graph?.nodes ?? []) for (const o of n.outputs) types.set(`${n.id}.${o.name}`, o.type);
      let same = true;
      const next = (graph?.edges ?? []).map((e, i) => {
        const sourceHandle = e.kind === 'data' ? e.sourcePort : '__needs-out';
        const targetHandle = e.kind === 'data' ? e.targetPort : '__needs-in';
        const className = e.kind === 'needs' ? 'edge-needs' : `edge-data ${portClass(types.get(`${e.source}.${e.sourcePort}`) ?? '')}`;
        const lane = lanes.get(e.id);
        const o = old.get(e.id);
        const data = o?.data as { kind: string; targetPort: string; lane?: number } | undefined;
        const edge: Edge =
          o &&
          o.source === e.source &&
          o.target === e.target &&
          o.sourceHandle === sourceHandle &&
          o.targetHandle === targetHandle &&
          o.className === className &&
          data?.kind === e.kind &&
          data.targetPort === e.targetPort &&
          data.lane === lane
            ? o
            : {
                id: e.id,
                type: 'routed',
                source: e.source,
                target: e.target,
                sourceHandle,
                targetHandle,
                selected: o?.selected ?? false,
                // A `needs:` entry is not an input: edit it in the YAML.
                deletable: e.kind === 'data',
                className,
                data: { kind: e.kind, targetPort: e.targetPort, ...(lane !== undefined && { lane }) },
                ariaLabel: `${e.source}.${e.sourcePort} to ${e.target}.${e.targetPort}`,
              };
        if (edge !== prev[i]) same = false;
        return edge;
      });
      return same && next.length === prev.length ? prev : next;
    });
  }, [graph, positions, lanesOf]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      const kept = changes.filter((c) => c.type !== 'remove');
      setNodes((prev) => applyNodeChanges(kept, prev));
      const moved: Positions = {};
      let done = false;
      for (const c of kept) {
        if (c.type === 'position' && c.position) {
          moved[c.id] = c.position;
          if (!c.dragging) done = true;
        }
      }
      if (Object.keys(moved).length) store.getState().setPositions(moved, done);
      if (kept.some((c) => c.type === 'select')) {
        const sel = new Set(store.getState().selected);
        for (const c of kept) if (c.type === 'select') (c.selected ? sel.add(c.id) : sel.delete(c.id));
        store.getState().select([...sel]);
      }
    },
    [store],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((prev) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), prev));
  }, []);

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: StepNode[]; edges: Edge[] }) => {
      store.getState().apply({
        type: 'remove',
        steps: gone.map((n) => n.id),
        edges: cut
          .filter((e) => (e.data as { kind: string }).kind === 'data')
          .map((e) => ({ target: e.target, targetPort: (e.data as { targetPort: string }).targetPort })),
      });
    },
    [store],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (c) => {
      const g = store.getState().graph;
      if (!g) return false;
      return canConnect(g, toPortConnection(c as Connection)).ok;
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      store.getState().apply({ type: 'connect', connection: toPortConnection(c) });
    },
    [store],
  );

  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.toHandle || !state.fromHandle) return;
      const g = store.getState().graph as Graph;
      // Normalise direction: a drag may start from an input.
      const from = state.fromHandle;
      const to = state.toHandle;
      const [src, tgt] = from.type === 'source' ? [from, to] : [to, from];
      const verdict = canConnect(g, { source: src.nodeId, sourcePort: src.id ?? '', target: tgt.nodeId, targetPort: tgt.id ?? '' });
      const reason = verdict.ok ? 'those two ports cannot be connected' : verdict.reason;
      store.getState().setStatus(`Cannot connect ${src.nodeId}.${src.id} → ${tgt.nodeId}.${tgt.id}: ${reason}`);
    },
    [store],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME);
      if (!kind) return;
      e.preventDefault();
      const position = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      store.getState().apply({ type: 'add', kind, position: { x: position.x - 20, y: position.y - 20 } });
    },
    [flow, store],
  );

  const visibleOnly = nodes.length > VISIBLE_ONLY_FROM;
  return (
    <div
      className={`editor-canvas${stale ? ' is-stale' : ''}`}
      onDragOver={onDragOver}
      onDrop={onDrop}
      aria-label="Pipeline graph"
      data-visible-only={visibleOnly ? '' : undefined}
    >
      <ReactFlow<StepNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={typing ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode={typing ? null : ['Shift', 'Meta', 'Control']}
        selectionKeyCode={typing ? null : 'Shift'}
        panActivationKeyCode={typing ? null : 'Space'}
        zoomActivationKeyCode={typing ? null : undefined}
        colorMode={colorMode}
        minZoom={0.1}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        nodesConnectable={!stale}
        defaultEdgeOptions={{ type: 'routed' }}
        onlyRenderVisibleElements={visibleOnly}
      >
        <Background gap={20} size={1} />
        <Controls position="bottom-left" aria-label="Zoom and fit" />
        <MiniMap position="bottom-right" pannable zoomable ariaLabel="Overview" style={{ width: 150, height: 100 }} />
      </ReactFlow>
    </div>
  );
}
