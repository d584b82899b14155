'use client';
// One step on the canvas: id, kind, a diagnostics badge (click: reveal the line in the YAML), typed ports.
import { Handle, Position, useUpdateNodeInternals, type Node, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import type { Diagnostic } from '../../dsl';
import { PortType } from '../../dsl/plan';
import { NEEDS_Y, NODE_WIDTH, nodeHeight } from './layout';
import type { GraphNode } from './projection';

export type StepNodeData = {
  step: GraphNode;
  diagnostics: Diagnostic[];
  reveal?: (line: number, col?: number) => void;
  /** Set in a run's read-only graph (run-graph.tsx): the step's state, duration and attempts. */
  run?: RunNodeInfo;
};

export interface RunNodeInfo {
  state: string;
  /** Formatted duration, '' when the step has not run. */
  duration: string;
  /** Attempts that ran; `max` is the retry policy's limit. */
  attempts: number;
  max?: number;
}
export type StepNode = Node<StepNodeData, 'step'>;

export function portClass(type: string): string {
  return (PortType.options as readonly string[]).includes(type) ? `port-${type}` : 'port-other';
}

/**
 * React Flow measures a node's handles when the node mounts or changes size: a kind change that swaps port
 * names at the same size would leave edges drawn from the old handles (or not at all). Re-measure on it.
 */
function usePortsMeasured(step: GraphNode): void {
  const update = useUpdateNodeInternals();
  const ports = [...step.inputs.map((p) => `<${p.name}`), ...step.outputs.map((p) => `>${p.name}`)].join('\u0000');
  const first = useRef(ports);
  useEffect(() => {
    if (first.current === ports) return;
    first.current = ports;
    update(step.id);
  }, [ports, step.id, update]);
}

function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { step, diagnostics } = data;
  usePortsMeasured(step);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const first = diagnostics[0];
  const rows = Math.max(step.inputs.length, step.outputs.length, 1);
  const run = data.run;
  return (
    <div
      className={`step-node${selected ? ' selected' : ''}${step.known ? '' : ' unknown'}${errors ? ' has-errors' : ''}${run ? ` run-node state-${run.state}` : ''}`}
      style={{ width: NODE_WIDTH, height: nodeHeight(step.inputs.length, step.outputs.length) }}
      data-testid={`node-${step.id}`}
      {...(run && { 'data-state': run.state })}
    >
      {/* Ordering-only edges (`needs:`) enter and leave beside the header: left to right, like the data. */}
      <Handle type="target" position={Position.Left} id="__needs-in" className="handle-needs" style={{ top: NEEDS_Y }} isConnectable={false} />
      <Handle type="source" position={Position.Right} id="__needs-out" className="handle-needs" style={{ top: NEEDS_Y }} isConnectable={false} />
      <div className="step-node-head">
        <div className="step-node-title">
          <span className="step-node-id" title={step.id}>
            {step.id}
          </span>
          {step.hasGate && (
            <span className="step-node-gate" title="Has a gate: the run fails when its metrics miss it">
              gate
            </span>
          )}
          {step.sweep && (
            <span className="step-node-sweep" title={`Sweep: ${step.sweep.trials} trials over ${step.sweep.settings.join(', ')}; the best passes on`}>
              ×{step.sweep.trials} trials
            </span>
          )}
          {diagnostics.length > 0 && first && (
            <button
              type="button"
              className={`step-node-diag nodrag ${errors ? 'diag-error' : 'diag-warning'}`}
              aria-label={`${diagnostics.length} diagnostic${diagnostics.length === 1 ? '' : 's'} on ${step.id}: show in YAML`}
              title={diagnostics.map((d) => `${d.line}:${d.col} ${d.severity}: ${d.message}`).join('\n')}
              onClick={(e) => {
                e.stopPropagation();
                data.reveal?.(first.line, first.col);
              }}
            >
              {diagnostics.length}
            </button>
          )}
          {run && (
            <span className="step-node-run" title={run.state}>
              <span className="badge-dot" aria-hidden="true" />
              {run.duration ? <span className="visually-hidden">{run.state} </span> : null}
              {run.duration || run.state}
            </span>
          )}
        </div>
        {run ? (
          <div className="step-node-kind step-node-kind-run">
            <span className="step-node-kind-name">{step.known ? step.kind : `${step.kind} (unknown)`}</span>
            {run.attempts > 0 && (
              <span className={`step-node-attempts${run.attempts > 1 ? ' retried' : ''}`} title={run.max ? `up to ${run.max} attempts` : undefined}>
                attempt {run.attempts}
                {run.attempts > 1 && run.max ? `/${run.max}` : ''}
              </span>
            )}
          </div>
        ) : (
          <div className="step-node-kind">{step.known ? step.kind : `${step.kind} (unknown)`}</div>
        )}
      </div>
      <div className="step-node-ports" style={{ height: rows * 22 }}>
        <div className="step-node-side">
          {step.inputs.map((p) => (
            <div
              key={p.name}
              className={`step-port step-port-in${p.adds ? ' step-port-adds' : ''}`}
              title={p.adds ? `connect a ${p.type} here to add an input (named after its step)` : `${p.name}: ${p.type}${p.optional ? ' (optional)' : ''}`}
            >
              <Handle
                type="target"
                position={Position.Left}
                id={p.name}
                className={`handle ${portClass(p.type)}`}
                aria-label={p.adds ? `Add a ${p.type} input to ${step.id}` : `Input ${p.name} (${p.type}) of ${step.id}`}
              />
              <span className="port-label">
                {p.adds ? `+ ${p.type.toLowerCase()}` : p.name}
                {p.optional && !p.adds ? '?' : ''}
              </span>
            </div>
          ))}
        </div>
        <div className="step-node-side step-node-side-out">
          {step.outputs.map((p) => (
            <div key={p.name} className="step-port step-port-out" title={`${p.name}: ${p.type}`}>
              <span className="port-label">{p.name}</span>
              <Handle
                type="source"
                position={Position.Right}
                id={p.name}
                className={`handle ${portClass(p.type)}`}
                aria-label={`Output ${p.name} (${p.type}) of ${step.id}`}
              />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

export const StepNodeComponent = memo(StepNodeView);
