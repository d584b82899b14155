'use client';
// A run's pipeline as a read-only graph: the editor's node component and elk layout, built from the run's
// plan (steps, inputs, dependsOn) instead of YAML text, each node coloured by its step's live state.
// No palette, no connecting, no dragging; clicking a node asks the run page to show that step's row.
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type NodeMouseHandler, type Viewport } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './editor.css';
import './run-graph.css';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { getStepKind } from '../../dsl/catalog';
import type { PlanStep } from '../../dsl/plan';
import { layoutGraph, NODE_WIDTH, nodeHeight } from './layout';
import { graphLanes } from './edge-lanes';
import { RoutedEdge } from './routed-edge';
import { boundsOf, fitZoom, openingViewport, READABLE_ZOOM, startNode } from './open-view';
import { portsOf, type Graph, type GraphEdge, type GraphNode } from './projection';
import { StepNodeComponent, portClass, type RunNodeInfo, type StepNode } from './step-node';
import type { Positions } from './store';
import { useColorMode } from '../_lib/use-color-mode';

const nodeTypes = { step: StepNodeComponent };
const edgeTypes = { routed: RoutedEdge };

const MIN_HEIGHT = 200;
const MAX_HEIGHT = 560;
/** Room kept free around the graph (px): the zoom controls sit bottom left. */
const PAD = { top: 16, bottom: 16, left: 56, right: 24 };
/** Room for the minimap (bottom right) when the graph does not fit: beside a fitted graph, below a scrolled one. */
const MINIMAP = { width: 150, height: 100, margin: 15 };

/** What the run page knows about one step: the plan's step (maybe partial) and its run facts. */
export interface RunGraphStep {
  step: Pick<PlanStep, 'id' | 'uses' | 'dependsOn'> & Partial<Pick<PlanStep, 'inputs' | 'gate' | 'config'>>;
  run: RunNodeInfo;
}

/** The editor's graph for a plan: typed ports from the catalog, data edges from `inputs`, the rest of `dependsOn` as ordering edges. */
export function planGraph(steps: readonly RunGraphStep['step'][], name?: string): Graph {
  const ids = new Set(steps.map((s) => s.id));
  const nodes: GraphNode[] = steps.map((s, i) => {
    const def = getStepKind(s.uses);
    return {
      id: s.id,
      kind: s.uses,
      known: def !== undefined,
      inputs: def ? portsOf(def, Object.keys(s.inputs ?? {})).filter((p) => !p.adds) : [],
      outputs: def ? Object.entries(def.outputs).map(([port, p]) => ({ name: port, type: p.type })) : [],
      config: s.config,
      hasGate: (s.gate?.length ?? 0) > 0,
      line: i + 1,
    };
  });
  const edges: GraphEdge[] = [];
  for (const s of steps) {
    const fed = new Set<string>();
    for (const [port, from] of Object.entries(s.inputs ?? {})) {
      if (!ids.has(from.step)) continue;
      fed.add(from.step);
      edges.push({ id: `${from.step}.${from.port}->${s.id}.${port}`, source: from.step, sourcePort: from.port, target: s.id, targetPort: port, kind: 'data' });
    }
    for (const d of s.dependsOn) {
      if (fed.has(d) || !ids.has(d)) continue;
      edges.push({ id: `${d}.@needs->${s.id}.@needs`, source: d, sourcePort: '@needs', target: s.id, targetPort: '@needs', kind: 'needs' });
    }
  }
  return { ...(name !== undefined && { name }), nodes, edges };
}

export interface RunGraphProps {
  steps: RunGraphStep[];
  name?: string;
  /** A node was clicked (or activated with the keyboard). */
  onSelect?(stepId: string): void;
}

export function RunGraph(props: RunGraphProps) {
  return (
    <ReactFlowProvider>
      <RunGraphInner {...props} />
    </ReactFlowProvider>
  );
}

function RunGraphInner({ steps, name, onSelect }: RunGraphProps) {
  const colorMode = useColorMode();
  const flow = useReactFlow();
  const box = useRef<HTMLDivElement>(null);
  // The graph's shape changes only with the plan: key it by the steps and their wiring, not the run facts.
  const shapeKey = JSON.stringify(steps.map((s) => [s.step.id, s.step.uses, s.step.dependsOn, s.step.inputs ?? null]));
  const graph = useMemo(() => planGraph(steps.map((s) => s.step), name), [shapeKey, name]);

  // Laid out left to right; the box then takes the height the graph needs at the zoom it opens at, within
  // [MIN_HEIGHT, MAX_HEIGHT]. It opens fitted when that keeps node text readable, otherwise at the readable zoom
  // on the pipeline's start, with the minimap (open-view.ts).
  const [positions, setPositions] = useState<Positions | undefined>();
  const [opening, setOpening] = useState<{ height: number; viewport: Viewport; fits: boolean }>({ height: MIN_HEIGHT, viewport: { x: 0, y: 0, zoom: 1 }, fits: true });
  useEffect(() => {
    let live = true;
    const width = box.current?.getBoundingClientRect().width || 1000;
    void layoutGraph(graph).then((p) => {
      if (!live) return;
      const boxes = graph.nodes.flatMap((n) => {
        const at = p[n.id];
        return at ? [{ id: n.id, x: at.x, y: at.y, width: NODE_WIDTH, height: nodeHeight(n.inputs.length, n.outputs.length) }] : [];
      });
      const bounds = boundsOf(boxes);
      const tallest = { width, height: MAX_HEIGHT };
      const fits = fitZoom(bounds, tallest, PAD) >= READABLE_ZOOM;
      // A scrolled graph keeps a strip below it for the minimap and the zoom controls (where the box is tall
      // enough for the graph and the strip, neither covers a node at open).
      const pad = fits ? PAD : { ...PAD, left: PAD.top, bottom: PAD.bottom + MINIMAP.height + MINIMAP.margin };
      const zoom = fits ? fitZoom(bounds, tallest, pad) : READABLE_ZOOM;
      const height = Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, bounds.height * zoom + pad.top + pad.bottom)));
      const open = openingViewport(boxes, startNode(boxes, graph.edges), { width, height }, pad);
      setOpening({ height, viewport: { x: open.x, y: open.y, zoom: open.zoom }, fits });
      setPositions(p);
    });
    return () => {
      live = false;
    };
  }, [graph]);
  const { height, fits } = opening;
  useEffect(() => {
    if (positions) void flow.setViewport(opening.viewport);
  }, [positions, opening, flow]);

  const runById = useMemo(() => new Map(steps.map((s) => [s.step.id, s.run])), [steps]);
  const nodes: StepNode[] = useMemo(() => {
    if (!positions) return [];
    return graph.nodes.map((n) => {
      const run = runById.get(n.id) ?? { state: 'pending', duration: '', attempts: 0 };
      return {
        id: n.id,
        type: 'step' as const,
        position: positions[n.id] ?? { x: 0, y: 0 },
        // Known sizes: the minimap draws nodes from these (no measuring round trip through onNodesChange).
        width: NODE_WIDTH,
        height: nodeHeight(n.inputs.length, n.outputs.length),
        className: `state-${run.state}`,
        domAttributes: { 'data-state': run.state } as StepNode['domAttributes'],
        ariaLabel: `${n.id} (${n.kind}): ${run.state}${run.duration ? `, ${run.duration}` : ''}. Show its details.`,
        draggable: false,
        connectable: false,
        selectable: true,
        deletable: false,
        data: { step: n, diagnostics: [], run },
      };
    });
  }, [graph, positions, runById]);

  const edges: Edge[] = useMemo(() => {
    // Edges that would run behind a step get a lane around it (edge-lanes.ts).
    const lanes = positions ? graphLanes(graph, positions) : new Map<string, number>();
    const types = new Map<string, string>();
    for (const n of graph.nodes) for (const o of n.outputs) types.set(`${n.id}.${o.name}`, o.type);
    return graph.edges.map((e) => {
      const targetState = runById.get(e.target)?.state;
      const lane = lanes.get(e.id);
      return {
        id: e.id,
        type: 'routed',
        ...(lane !== undefined && { data: { lane } }),
        source: e.source,
        target: e.target,
        sourceHandle: e.kind === 'data' ? e.sourcePort : '__needs-out',
        targetHandle: e.kind === 'data' ? e.targetPort : '__needs-in',
        deletable: false,
        selectable: false,
        focusable: false,
        animated: targetState === 'running',
        className: e.kind === 'needs' ? 'edge-needs' : `edge-data ${portClass(types.get(`${e.source}.${e.sourcePort}`) ?? '')}`,
      };
    });
  }, [graph, positions, runById]);

  const onNodeClick: NodeMouseHandler<StepNode> = (_, node) => onSelect?.(node.id);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const id = (e.target as HTMLElement).closest?.('.react-flow__node')?.getAttribute('data-id');
    if (id) {
      e.preventDefault();
      onSelect?.(id);
    }
  };

  return (
    <section className="run-graph" aria-label="Pipeline graph" data-testid="run-graph" ref={box} style={{ height }} onKeyDown={onKeyDown}>
      <ReactFlow<StepNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={onNodeClick}
        onNodesChange={() => undefined}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        edgesFocusable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomOnScroll={false}
        preventScrolling={false}
        zoomOnDoubleClick={false}
        colorMode={colorMode}
        minZoom={0.05}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <Controls position="bottom-left" showInteractive={false} aria-label="Zoom and fit" />
        {!fits && (
          <MiniMap
            position="bottom-right"
            pannable
            zoomable
            ariaLabel="Overview"
            style={{ width: MINIMAP.width, height: MINIMAP.height }}
            nodeClassName={(n) => n.className ?? ''}
          />
        )}
      </ReactFlow>
    </section>
  );
}
