'use client';
// An edge of the pipeline graph: React Flow's bezier curve from port to port, or, when edge-lanes.ts gave it a
// lane (a node stands between its ends), an S-curve out of the source port onto the lane, along it, and an
// S-curve into the target port, so that it never runs behind another step.
import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';

export type RoutedEdgeData = { lane?: number };
export type RoutedEdgeType = Edge<RoutedEdgeData, 'routed'>;

/** How far (flow units) the curves onto and off the lane reach across: within the gap between two layers. */
const BEND = 30;

function RoutedEdgeView({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd, style, interactionWidth }: EdgeProps<RoutedEdgeType>) {
  const lane = data?.lane;
  let path: string;
  if (lane === undefined || targetX - sourceX < 4 * BEND) {
    [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  } else {
    const a = sourceX + BEND;
    const b = targetX - BEND;
    path = [
      `M ${sourceX},${sourceY}`,
      `C ${a},${sourceY} ${a},${lane} ${a + BEND},${lane}`,
      `L ${b - BEND},${lane}`,
      `C ${b},${lane} ${b},${targetY} ${targetX},${targetY}`,
    ].join(' ');
  }
  return <BaseEdge path={path} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />;
}

export const RoutedEdge = memo(RoutedEdgeView);
