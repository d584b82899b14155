'use client';
// The lineage page: the graph dataset.lineage returns (source → tables → runs → model versions → endpoints),
// laid out by elk and drawn by React Flow, every node a link to its page; above it the answer in words (what the
// model was trained on, or which models the data fed), below it every node as a list.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Background, Controls, Handle, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps, type Viewport } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatNumber } from '../../_lib/format';
import { datasetsHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { useColorMode } from '../../_lib/use-color-mode';
import { Empty, ErrorBox, Loading } from '../query-state';
import type { Lineage, LineageNode } from '../dataset/types';
import { layoutLineage, LINEAGE_NODE, type LineagePositions } from './layout';
import './lineage.css';

const TYPE_LABEL: Record<LineageNode['type'], string> = { source: 'source', table: 'table', run: 'run', modelVersion: 'model version', endpoint: 'endpoint' };
const TYPE_PLURAL: Record<LineageNode['type'], string> = { source: 'Sources', table: 'Tables', run: 'Runs', modelVersion: 'Model versions', endpoint: 'Endpoints' };
const TYPES = Object.keys(TYPE_LABEL) as Array<LineageNode['type']>;

/** What a node's card says: its name, and a line of facts. */
function describe(n: LineageNode): { title: string; sub: string; full: string } {
  switch (n.type) {
    case 'source': {
      // The file's (or URL's) name, and its last two folders: two copies of one file read are told apart.
      const parts = n.label.split(/[\\/]/).filter(Boolean);
      return { title: parts.at(-1) ?? n.label, sub: [n.kind, parts.slice(-3, -1).join('/')].filter(Boolean).join(' · '), full: n.label };
    }
    case 'table':
      return { title: n.hash.slice(0, 12), sub: `${formatNumber(n.rows)} rows × ${n.columns} columns`, full: n.hash };
    case 'run':
      return { title: `${n.pipeline} · ${n.runId.slice(0, 8)}`, sub: n.status, full: n.runId };
    case 'modelVersion':
      return { title: `${n.name} v${n.version}`, sub: n.stage, full: n.label };
    case 'endpoint':
      return { title: n.name, sub: 'endpoint', full: n.name };
  }
}

type CardNode = Node<{ node: LineageNode; root: boolean }, 'lineage'>;

function LineageCard({ data }: NodeProps<CardNode>) {
  const { node: n, root } = data;
  const d = describe(n);
  return (
    <Link
      href={n.href}
      className={`lin-node lin-${n.type}${root ? ' lin-root' : ''}`}
      title={d.full}
      aria-label={`${TYPE_LABEL[n.type]} ${d.title}${root ? ' (this one)' : ''}`}
      data-testid={`lineage-node-${n.id}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="lin-handle" />
      <span className="lin-type">{TYPE_LABEL[n.type]}</span>
      <span className="lin-title">{d.title}</span>
      <span className={`lin-sub${n.type === 'run' || n.type === 'modelVersion' ? ` lin-state lin-state-${d.sub}` : ''}`}>{d.sub}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} className="lin-handle" />
    </Link>
  );
}

const nodeTypes = { lineage: LineageCard };

export function LineageView({ model, dataset }: { model?: string; dataset?: string }) {
  const trpc = useTRPC();
  const input = model ? { model } : { dataset: dataset ?? '' };
  const q = useQuery({ ...trpc.dataset.lineage.queryOptions(input), enabled: Boolean(model || dataset) });
  if (!model && !dataset) {
    return (
      <section aria-labelledby="lineage-heading">
        <h1 id="lineage-heading">Lineage</h1>
        <Empty>
          Open the lineage of a model version (its page has a Lineage link) or of a dataset (from <Link href={datasetsHref}>Datasets</Link>).
        </Empty>
      </section>
    );
  }
  if (q.data === undefined) return q.isError ? <ErrorBox title={`Could not load the lineage of ${model ?? dataset}`} error={q.error} /> : <Loading what="the lineage" />;
  return <LineageBody g={q.data} />;
}

function LineageBody({ g }: { g: Lineage }) {
  const root = g.nodes.find((n) => n.id === g.root)!;
  const d = describe(root);
  return (
    <>
      <section aria-labelledby="lineage-heading">
        <p className="lin-crumbs">
          <Link href={datasetsHref}>Datasets</Link> /
        </p>
        <div className="run-title-row">
          <h1 id="lineage-heading">
            Lineage of <span className="lin-heading-type">{TYPE_LABEL[root.type]}</span> <Link href={root.href}>{d.title}</Link>
          </h1>
        </div>
        <Answer g={g} root={root} />
        {g.truncated && <p className="muted small">The graph is larger than the platform draws: it stops at 400 nodes.</p>}
      </section>
      <ReactFlowProvider>
        <LineageGraph g={g} />
      </ReactFlowProvider>
      <NodeList g={g} />
    </>
  );
}

/** The question the page answers, in words: what it was trained on (upstream sources), what it fed (downstream models, endpoints). */
function Answer({ g, root }: { g: Lineage; root: LineageNode }) {
  const of = (type: LineageNode['type']) => g.nodes.filter((n) => n.type === type && n.id !== root.id);
  const links = (nodes: LineageNode[]) =>
    nodes.map((n, i) => (
      <span key={n.id}>
        {i > 0 && ', '}
        <Link href={n.href} title={describe(n).full}>{n.type === 'source' ? n.label : describe(n).title}</Link>
      </span>
    ));
  const sources = of('source');
  const models = of('modelVersion');
  const endpoints = of('endpoint');
  return (
    <dl className="lin-answer" data-testid="lineage-answer">
      {root.type !== 'source' && (
        <div>
          <dt>{root.type === 'modelVersion' ? 'Trained on data from' : 'Read from'}</dt>
          <dd>{sources.length > 0 ? links(sources) : <span className="muted">no recorded source</span>}</dd>
        </div>
      )}
      {root.type !== 'modelVersion' && (
        <div>
          <dt>Models it fed</dt>
          <dd>{models.length > 0 ? links(models) : <span className="muted">none yet</span>}</dd>
        </div>
      )}
      <div>
        <dt>Endpoints serving them</dt>
        <dd>{endpoints.length > 0 ? links(endpoints) : <span className="muted">none</span>}</dd>
      </div>
    </dl>
  );
}

const MIN_HEIGHT = 220;
const MAX_HEIGHT = 620;
const PAD = 24;
/** Room on the left for the zoom controls. */
const PAD_LEFT = 60;
/** The smallest zoom a graph opens at: node text stays readable, and the rest is a drag (or the controls) away. */
const READABLE_ZOOM = 0.8;

/** Where the graph opens: fitted when that keeps it readable, else at READABLE_ZOOM with the root node in the middle. */
function opening(positions: LineagePositions, root: string, width: number): { height: number; viewport: Viewport } {
  const xs = Object.values(positions).map((p) => p.x);
  const ys = Object.values(positions).map((p) => p.y);
  const bounds = { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs) + LINEAGE_NODE.width, h: Math.max(...ys) - Math.min(...ys) + LINEAGE_NODE.height };
  const zoom = Math.max(READABLE_ZOOM, Math.min(1, (width - PAD - PAD_LEFT) / bounds.w, (MAX_HEIGHT - 2 * PAD) / bounds.h));
  const height = Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, bounds.h * zoom + 2 * PAD)));
  const fits = bounds.w * zoom <= width - PAD - PAD_LEFT;
  // Across: centred when it fits, else the root node centred, kept within the graph's ends.
  const at = positions[root] ?? { x: bounds.x, y: bounds.y };
  const centre = (at.x + LINEAGE_NODE.width / 2) * zoom;
  const x = fits
    ? PAD_LEFT + (width - PAD - PAD_LEFT - bounds.w * zoom) / 2 - bounds.x * zoom
    : Math.min(PAD_LEFT - bounds.x * zoom, Math.max(width - PAD - (bounds.x + bounds.w) * zoom, width / 2 - centre));
  const y = (height - bounds.h * zoom) / 2 - bounds.y * zoom;
  return { height, viewport: { x, y, zoom } };
}

function LineageGraph({ g }: { g: Lineage }) {
  const colorMode = useColorMode();
  const box = useRef<HTMLElement>(null);
  const [laid, setLaid] = useState<{ positions: LineagePositions; height: number; viewport: Viewport } | undefined>();
  useEffect(() => {
    let live = true;
    void layoutLineage(g.nodes, g.edges).then((positions) => {
      if (!live) return;
      const width = box.current?.getBoundingClientRect().width || 1000;
      setLaid({ positions, ...opening(positions, g.root, width) });
    });
    return () => {
      live = false;
    };
  }, [g]);
  const nodes: CardNode[] = useMemo(
    () => (laid ? g.nodes.map((n) => ({
      id: n.id,
      type: 'lineage' as const,
      position: laid.positions[n.id] ?? { x: 0, y: 0 },
      width: LINEAGE_NODE.width,
      height: LINEAGE_NODE.height,
      draggable: false,
      connectable: false,
      selectable: false,
      deletable: false,
      data: { node: n, root: n.id === g.root },
    })) : []),
    [g, laid],
  );
  const edges: Edge[] = useMemo(() => g.edges.map((e) => ({
    id: `${e.from}->${e.to}`,
    source: e.from,
    target: e.to,
    ...(e.label && { label: e.label }),
    labelBgPadding: [4, 2] as [number, number],
    labelBgBorderRadius: 3,
    selectable: false,
    focusable: false,
    deletable: false,
  })), [g]);
  return (
    <section className="lin-graph" aria-label="Lineage graph" data-testid="lineage-graph" ref={box} style={{ height: laid?.height ?? MIN_HEIGHT }}>
      {laid ? (
        <ReactFlow<CardNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          colorMode={colorMode}
          defaultViewport={laid.viewport}
          // A click handler makes React Flow pass clicks to the nodes (each is a link; the link navigates).
          onNodeClick={() => undefined}
          minZoom={0.2}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          deleteKeyCode={null}
          zoomOnScroll={false}
          preventScrolling={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      ) : (
        <Loading what="the layout" />
      )}
    </section>
  );
}

function NodeList({ g }: { g: Lineage }) {
  return (
    <section aria-labelledby="lineage-nodes-heading">
      <h2 id="lineage-nodes-heading">Every node</h2>
      <div className="lin-list">
        {TYPES.map((type) => {
          const nodes = g.nodes.filter((n) => n.type === type);
          if (nodes.length === 0) return null;
          return (
            <div key={type}>
              <h3>{TYPE_PLURAL[type]} <span className="muted small">{nodes.length}</span></h3>
              <ul aria-label={TYPE_PLURAL[type]}>
                {nodes.map((n) => {
                  const d = describe(n);
                  return (
                    <li key={n.id}>
                      <Link href={n.href} title={d.full}>{d.title}</Link> <span className="muted small">{d.sub}</span>
                      {n.id === g.root && <span className="muted small"> (this one)</span>}
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
