// The editor's layout (elk, and the node sizes the canvas renders). It lives in server/layout.ts because the
// server lays out each saved version too, and server/ may not import app/ (docs/decisions.md).
export { layoutGraph, NEEDS_Y, nodeHeight, NODE_WIDTH, portY, type Positions, type XY } from '../../server/layout';
