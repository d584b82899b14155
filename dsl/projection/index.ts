// The visual editor's logic, outside React: YAML -> graph, and graph edits -> minimal YAML edits.
export { portsOf, projectGraph, type ProjectResult } from './graph';
export { addStep, removeStep, renameStep, connect, disconnect, setConfig, type NewStep, type ConfigPath } from './edits';
export { canConnect, type ConnectCheck } from './canConnect';
export { uniqueStepId } from './ids';
export { minimalTextEdit, type TextEdit } from './textEdit';
export { EditError } from './yamlEdit';
export { ADD_INPUT, NEEDS_PORT, edgeId, type PipelineGraph, type GraphNode, type GraphEdge, type PortInfo, type EdgeKind, type Connection, type Positions, type XY } from './types';
export { inputSlots, downstreamOf, wireFrom, type InputSlot, type InputChoice } from './inputs';
