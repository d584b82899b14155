'use client';
// The selected step's configuration, docked beside the canvas as a column of the editor (the canvas shrinks,
// nothing covers it). Its width is dragged on its left edge and kept; it collapses to a strip and stays so.
import { useMemo, useState } from 'react';
import { ConfigSlot } from './mounts';
import { inputSlots } from './projection';
import { ResizeHandle } from './resize-handle';
import { diagnosticsByStep, useEditor, useEditorStore } from './store';

export const DOCK_MIN = 260;
export const DOCK_MAX = 640;
export const DOCK_DEFAULT = 320;
/** Width of the collapsed strip. */
export const DOCK_STRIP = 34;

export interface DockProps {
  stepId: string;
  reveal: (line: number, col?: number) => void;
  width: number;
  collapsed: boolean;
  setCollapsed: (v: boolean) => void;
  /** While dragging. */
  onResize: (w: number) => void;
  /** On release (and per arrow key): the width to keep. */
  onResized: (w: number) => void;
}

export function ConfigDock({ stepId, reveal, width, collapsed, setCollapsed, onResize, onResized }: DockProps) {
  if (collapsed) {
    return (
      <div className="editor-dock is-collapsed" data-testid="config-dock">
        <button type="button" className="editor-dock-expand" onClick={() => setCollapsed(false)} aria-expanded={false} aria-label={`Expand configuration of ${stepId}`} title="Show the configuration">
          <span aria-hidden="true">‹</span>
          <span className="editor-dock-strip-label">{stepId}</span>
        </button>
      </div>
    );
  }
  return (
    <div className="editor-dock" data-testid="config-dock">
      <ResizeHandle className="editor-dock-split" label="Resize configuration panel" width={width} min={DOCK_MIN} max={DOCK_MAX} onResize={onResize} onResized={onResized} />
      <ConfigPanel key={stepId} stepId={stepId} reveal={reveal} onCollapse={() => setCollapsed(true)} />
    </div>
  );
}

function ConfigPanel({ stepId, reveal, onCollapse }: { stepId: string; reveal: (line: number, col?: number) => void; onCollapse: () => void }) {
  const store = useEditorStore();
  const node = useEditor((s) => s.graph?.nodes.find((n) => n.id === stepId));
  const graph = useEditor((s) => s.graph);
  const diagnostics = useEditor((s) => s.diagnostics);
  const source = useEditor((s) => s.source);
  const mine = useMemo(() => diagnosticsByStep(graph, diagnostics).get(stepId) ?? [], [graph, diagnostics, stepId]);
  const inputs = useMemo(() => (graph ? inputSlots(graph, stepId) : []), [graph, stepId]);
  const [name, setName] = useState(stepId);
  if (!node) return null;
  const rename = () => {
    const to = name.trim();
    if (to && to !== stepId) store.getState().apply({ type: 'rename', from: stepId, to });
  };
  return (
    <aside className="editor-config" aria-label={`Configuration of ${stepId}`}>
      <div className="editor-config-head">
        <label className="editor-config-id">
          <span className="visually-hidden">Step id</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={rename}
            onKeyDown={(e) => e.key === 'Enter' && rename()}
            aria-label="Step id"
            pattern="[a-z][a-z0-9_-]*"
          />
        </label>
        <button type="button" className="editor-config-collapse" onClick={onCollapse} aria-expanded={true} aria-label="Collapse configuration" title="Collapse to a strip">
          ›
        </button>
        <button type="button" onClick={() => store.getState().select([])} aria-label="Close configuration" title="Close (deselect)">
          ×
        </button>
      </div>
      <div className="editor-config-sub">
        <span className="muted small mono">{node.kind}</span>
        <span className="editor-spacer" />
        <button type="button" onClick={() => reveal(node.line)} aria-label={`Show ${stepId} in YAML`}>
          YAML
        </button>
        <button type="button" className="danger" onClick={() => store.getState().apply({ type: 'remove', steps: [stepId] })} aria-label={`Delete ${stepId}`}>
          Delete
        </button>
      </div>
      {mine.length > 0 && (
        <ul className="editor-config-diags">
          {mine.map((d, i) => (
            <li key={i} className={d.severity === 'error' ? 'error-text' : 'muted'}>
              <button type="button" className="linklike" onClick={() => reveal(d.line, d.col)}>
                {d.line}:{d.col}
              </button>{' '}
              {d.message}
            </li>
          ))}
        </ul>
      )}
      <ConfigSlot
        kind={node.kind}
        config={node.config}
        source={source}
        stepId={stepId}
        onChange={(path, value) => store.getState().apply({ type: 'config', step: stepId, path, value })}
        inputs={inputs}
        onInput={(port, ref) => {
          // The same edits as drawing or deleting a wire on the canvas.
          if (ref === undefined) store.getState().apply({ type: 'disconnect', target: stepId, targetPort: port });
          else {
            const dot = ref.indexOf('.');
            store.getState().apply({ type: 'connect', connection: { source: ref.slice(0, dot), sourcePort: ref.slice(dot + 1), target: stepId, targetPort: port } });
          }
        }}
      />
    </aside>
  );
}
