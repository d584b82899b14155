// The editor's layout: elk over the projected graph, shared with the server (dsl/projection/layout.ts).
export { layoutGraph, nodeHeight, NODE_WIDTH } from '../../dsl/projection/layout';
