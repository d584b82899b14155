'use client';
// A run's pipeline as a read-only graph: the editor's node component and elk layout, built from the run's
// plan (steps, inputs, dependsOn) instead of YAML text, each node coloured by its step's live state.
// No palette, no connecting, no dragging; clicking a node asks the run page to show that step's row.
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type NodeMouseHandler } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './editor.css';
import './run-graph.css';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { getStepKind } from '../../dsl/catalog';
import type { PlanStep } from '../../dsl/plan';
import { layoutGraph, NODE_WIDTH, nodeHeight } from './layout';
import type { Graph, GraphEdge, GraphNode } from './projection';
import { StepNodeComponent, portClass, type RunNodeInfo, type StepNode } from './step-node';
import type { Positions } from './store';
import { useColorMode } from '../_lib/use-color-mode';

const nodeTypes = { step: StepNodeComponent };

const MIN_HEIGHT = 200;
const MAX_HEIGHT = 560;
const MAX_LAYOUT_ASPECT = 2;
/** Up to this many steps the whole graph fits at a readable zoom: no minimap. */
const MINIMAP_FROM = 12;
/** Room kept free around the fitted graph (px): the zoom controls sit bottom left, the minimap bottom right. */
const PAD = { top: 16, bottom: 16, left: 56, right: 24 };
const PAD_WITH_MINIMAP = { top: 16, bottom: 16, left: 56, right: 176 };

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
      inputs: def ? Object.entries(def.inputs).map(([port, p]) => ({ name: port, type: p.type, ...(p.optional && { optional: true }) })) : [],
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

  // Laid out for a box at most MAX_LAYOUT_ASPECT wide for its height (a chain wraps into rows), then the box
  // takes the height the graph needs at the zoom that fits its width (zoom 1 at most), within
  // [MIN_HEIGHT, MAX_HEIGHT]; past that, fit view and the minimap (shown for larger graphs) help.
  const withMinimap = graph.nodes.length > MINIMAP_FROM;
  const pad = withMinimap ? PAD_WITH_MINIMAP : PAD;
  const [positions, setPositions] = useState<Positions | undefined>();
  const [height, setHeight] = useState(MIN_HEIGHT);
  useEffect(() => {
    let live = true;
    const width = box.current?.getBoundingClientRect().width || 1000;
    void layoutGraph(graph, Math.min(MAX_LAYOUT_ASPECT, width / MAX_HEIGHT)).then((p) => {
      if (!live) return;
      let right = 0;
      let bottom = 0;
      for (const n of graph.nodes) {
        const at = p[n.id];
        if (!at) continue;
        right = Math.max(right, at.x + NODE_WIDTH);
        bottom = Math.max(bottom, at.y + nodeHeight(n.inputs.length, n.outputs.length));
      }
      const zoom = Math.min(1, (width - pad.left - pad.right) / Math.max(right, 1));
      setHeight(Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, bottom * zoom + pad.top + pad.bottom))));
      setPositions(p);
    });
    return () => {
      live = false;
    };
  }, [graph, pad]);
  const fitOptions = useMemo(
    () => ({ maxZoom: 1, padding: { top: `${pad.top}px`, bottom: `${pad.bottom}px`, left: `${pad.left}px`, right: `${pad.right}px` } as const }),
    [pad],
  );
  useEffect(() => {
    if (!positions) return;
    const t = setTimeout(() => void flow.fitView(fitOptions), 50);
    return () => clearTimeout(t);
  }, [positions, height, flow, fitOptions]);

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
    const types = new Map<string, string>();
    for (const n of graph.nodes) for (const o of n.outputs) types.set(`${n.id}.${o.name}`, o.type);
    return graph.edges.map((e) => {
      const targetState = runById.get(e.target)?.state;
      return {
        id: e.id,
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
  }, [graph, runById]);

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
        fitView
        fitViewOptions={fitOptions}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <Controls position="bottom-left" showInteractive={false} aria-label="Zoom and fit" />
        {withMinimap && (
          <MiniMap
            position="bottom-right"
            pannable
            zoomable
            ariaLabel="Overview"
            style={{ width: 150, height: 100 }}
            nodeClassName={(n) => n.className ?? ''}
          />
        )}
      </ReactFlow>
    </section>
  );
}
